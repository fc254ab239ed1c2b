//! Validation: field errors in the server's `errors[]` shape, and the validated newtypes that can only exist valid.

use crate::wire::wire_struct;
use serde::Serialize;
use std::fmt;

/// Field-error codes shared with the server's `errors[]` (see `docs/inferred.md`, "Field-error codes").
pub mod codes {
    /// A required field is absent or `null`.
    pub const MISSING_REQUIRED: &str = "missing_required";
    /// Wrong JSON type.
    pub const INVALID_TYPE: &str = "invalid_type";
    /// Not one of the allowed values.
    pub const INVALID_VALUE: &str = "invalid_value";
    /// A number outside its documented range.
    pub const OUT_OF_RANGE: &str = "out_of_range";
    /// A field the schedule day rules forbid.
    pub const NOT_ALLOWED: &str = "not_allowed";
    /// A string over its maximum length.
    pub const TOO_LONG: &str = "too_long";
    /// An empty string or a character outside the allowed set.
    pub const INVALID_FORMAT: &str = "invalid_format";
}

wire_struct! {
    /// One broken field: the same shape as an entry of the server's problem `errors[]`,
    /// so a UI maps client-side and server-side errors onto its fields the same way.
    #[derive(Eq)]
    pub struct FieldError {
        /// JSON pointer into the request body (`/name`), or to a path parameter (`/vpsId`).
        pub pointer: String = "pointer",
        /// A sentence for a human.
        pub detail: String = "detail",
        /// A stable machine-readable code (see [`codes`]).
        pub code: String = "code",
    }
}

impl FieldError {
    /// A field error at `pointer`.
    pub fn new(pointer: impl Into<String>, code: &str, detail: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), detail: detail.into(), code: code.to_owned() }
    }
}

/// Every broken field of one input, reported at once. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// The field errors.
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }
    pub(crate) fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    pub(crate) fn extend(&mut self, other: ValidationErrors) {
        self.0.extend(other.0);
    }
    pub(crate) fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input: ")?;
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            let at = if e.pointer.is_empty() { "(body)" } else { e.pointer.as_str() };
            write!(f, "{at}: {}", e.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// The longest snapshot name the contract allows (API.md §2).
pub const SNAPSHOT_NAME_MAX: usize = 40;

/// A snapshot name: 1–40 characters of `A–Z a–z 0–9 _ -` (API.md §2). It is also the `{snapshotId}` of a restore,
/// so a valid name is always safe in a path segment.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SnapshotName(String);

impl SnapshotName {
    /// Checks `name` against the rule; the error uses `pointer` (`/name` in a body, `/snapshotId` in a path).
    pub fn parse_at(name: &str, pointer: &str) -> Result<Self, FieldError> {
        if name.is_empty() {
            return Err(FieldError::new(pointer, codes::INVALID_FORMAT, "The snapshot name must not be empty."));
        }
        let len = name.chars().count();
        if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
            return Err(FieldError::new(
                pointer,
                codes::INVALID_FORMAT,
                format!(
                    "The snapshot name may contain only letters A–Z and a–z, digits, '_' and '-'; found {}.",
                    describe_char(bad)
                ),
            ));
        }
        if len > SNAPSHOT_NAME_MAX {
            return Err(FieldError::new(
                pointer,
                codes::TOO_LONG,
                format!("The snapshot name is {len} characters long; the maximum is {SNAPSHOT_NAME_MAX}."),
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// Checks a snapshot name as a request-body field (`/name`).
    pub fn parse(name: &str) -> Result<Self, FieldError> {
        Self::parse_at(name, "/name")
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SnapshotName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for SnapshotName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}' (U+{:04X})", c as u32)
    }
}

/// The longest id accepted in a path segment. HostUp ids are ~30 characters; the margin is generous.
pub const ID_MAX: usize = 128;

/// An opaque id that goes into a URL path (VPS, backup, schedule or job id).
///
/// Ids come from the API, but a client treats them as untrusted (API.md "Basics"): only the URL-unreserved
/// characters `A–Z a–z 0–9 - . _ ~` are accepted, and `.`/`..` are refused, so an id can never leave its path segment
/// (no `/`, `?`, `#`, `%`, whitespace, control characters or look-alike Unicode). It is rejected before any request exists.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ResourceId(String);

impl ResourceId {
    /// Checks `id`; the error carries `pointer` (`/vpsId`, `/jobId`, …).
    pub fn parse_at(id: &str, pointer: &str) -> Result<Self, FieldError> {
        let what = pointer.trim_start_matches('/');
        if id.is_empty() {
            return Err(FieldError::new(pointer, codes::MISSING_REQUIRED, format!("`{what}` must not be empty.")));
        }
        if id.len() > ID_MAX {
            return Err(FieldError::new(
                pointer,
                codes::TOO_LONG,
                format!("`{what}` is {} bytes long; ids are at most {ID_MAX}.", id.len()),
            ));
        }
        if let Some(bad) = id.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))) {
            return Err(FieldError::new(
                pointer,
                codes::INVALID_FORMAT,
                format!("`{what}` contains {}, which cannot appear in an id.", describe_char(bad)),
            ));
        }
        if id == "." || id == ".." {
            return Err(FieldError::new(pointer, codes::INVALID_FORMAT, format!("`{what}` cannot be a dot segment.")));
        }
        Ok(Self(id.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A path argument as a loosely typed caller passes it (JavaScript, a form, a command line): text, nothing, or
/// something that is not text. Rust callers pass `&str` (it converts); the npm package passes what JS gave it, and core
/// reports a missing or non-text id at its pointer together with every other broken field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg<'a> {
    /// Text.
    Text(&'a str),
    /// Nothing (`undefined`, `null`).
    Missing,
    /// Something that is not text.
    NotText,
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

impl<'a> Arg<'a> {
    /// The text, or the field error at `pointer` (`missing_required` for nothing, `invalid_type` for non-text).
    pub fn text(self, pointer: &str) -> Result<&'a str, FieldError> {
        let code = match self {
            Arg::Text(s) => return Ok(s),
            Arg::Missing => codes::MISSING_REQUIRED,
            Arg::NotText => codes::INVALID_TYPE,
        };
        Err(FieldError::new(pointer, code, format!("`{}` must be a string.", pointer.trim_start_matches('/'))))
    }
}

/// Collects path-parameter checks so every broken one is reported with the body's errors.
pub(crate) fn check_id(errors: &mut ValidationErrors, id: Arg<'_>, pointer: &str) -> Option<ResourceId> {
    id.text(pointer).and_then(|id| ResourceId::parse_at(id, pointer)).map_err(|e| errors.push(e)).ok()
}

/// A destructive action's confirmation: `confirm` must repeat `target` exactly (API.md: a restore replaces the
/// current disk). Reported at `/confirm`: `missing_required` when empty, `invalid_value` when it differs.
pub(crate) fn check_confirmation(errors: &mut ValidationErrors, confirm: &str, target: &str, what: &str) {
    if confirm == target {
        return;
    }
    let code = if confirm.is_empty() { codes::MISSING_REQUIRED } else { codes::INVALID_VALUE };
    errors.push(FieldError::new(
        "/confirm",
        code,
        format!("Restoring replaces the current disk state; confirm by repeating the {what} exactly."),
    ));
}

/// Like [`check_id`] for a snapshot name in a path (`/snapshotId`).
pub(crate) fn check_snapshot_id(errors: &mut ValidationErrors, name: Arg<'_>) -> Option<SnapshotName> {
    name.text("/snapshotId").and_then(|n| SnapshotName::parse_at(n, "/snapshotId")).map_err(|e| errors.push(e)).ok()
}

/// A validator of a user's snapshot name, for UIs that validate as the user types: `[]` when valid.
pub fn validate_snapshot_name(name: &str) -> Vec<FieldError> {
    SnapshotName::parse(name).err().into_iter().collect()
}
