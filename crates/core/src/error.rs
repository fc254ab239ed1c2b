//! The one error type of the core.

use crate::problem::ApiError;
use crate::validate::ValidationErrors;

/// What can go wrong between building a request and holding a typed result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The input broke one or more rules; nothing was (or may be) sent.
    #[error("{0}")]
    Validation(ValidationErrors),
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A success status whose body is not what the contract describes.
    #[error("unexpected response body (HTTP {status}) at '{pointer}': {message}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// JSON pointer to where parsing failed (`/backups/0/sizeGb`), `""` for the whole body.
        pointer: String,
        /// What was wrong.
        message: String,
    },
    /// The body is larger than the parser accepts.
    #[error("response body of {len} bytes is larger than the {max}-byte limit")]
    TooLarge {
        /// Body length.
        len: usize,
        /// The limit.
        max: usize,
    },
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Validation(e)
    }
}

impl Error {
    /// The error with `secret` (the API key) removed from every string the server supplied (a proxy may echo
    /// request headers back): every string of the problem document — found through its declaration, so a field added
    /// to [`crate::Problem`] is covered — the error code, a non-JSON snippet, and a decode error's pointer and message.
    pub fn redact(self, secret: &str) -> Error {
        let clean = &mut |s: &mut String| crate::text::redact_in(s, secret);
        match self {
            Error::Api(mut api) => {
                clean(&mut api.code);
                if let Some(s) = &mut api.snippet {
                    clean(s);
                }
                crate::wire::Shaped::visit_strings(&mut api.problem, clean);
                Error::Api(api)
            }
            Error::Decode { status, mut pointer, mut message } => {
                clean(&mut pointer);
                clean(&mut message);
                Error::Decode { status, pointer, message }
            }
            // Validation errors and sizes hold nothing the server sent.
            other @ (Error::Validation(_) | Error::TooLarge { .. }) => other,
        }
    }

    /// The API error, when that is what this is.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}
