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
    /// The API error, when that is what this is.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}
