//! The client's option ranges and defaults: one place for every number a caller may set. The npm package, the Rust
//! client, the widget and the CLI read them from here; none keeps its own copy.

use crate::validate::{codes, FieldError};

/// A whole-number option: its range and its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The option's name as callers spell it (`timeoutMs`), for messages.
    pub name: &'static str,
    /// The smallest value allowed.
    pub min: u64,
    /// The largest value allowed.
    pub max: u64,
    /// The value when the option is not given.
    pub default: u64,
}

/// What a caller passed for an option.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Given {
    /// Nothing (`undefined`, `null`, `None`): the default applies.
    Absent,
    /// A number (an integer-valued float counts as whole).
    Number(f64),
    /// Anything else.
    Other,
}

impl Range {
    /// The option's value: the default when absent, the number when whole and in range, else `None` with the field
    /// error (at `/<name>`) pushed to `errors`.
    pub fn read(&self, given: Given, errors: &mut Vec<FieldError>) -> Option<u64> {
        let pointer = format!("/{}", self.name);
        match given {
            Given::Absent => Some(self.default),
            Given::Number(n) if n.fract() == 0.0 && n >= self.min as f64 && n <= self.max as f64 => Some(n as u64),
            Given::Number(_) => {
                errors.push(FieldError::new(
                    pointer,
                    codes::OUT_OF_RANGE,
                    format!("`{}` must be a whole number from {} to {}.", self.name, self.min, self.max),
                ));
                None
            }
            Given::Other => {
                errors.push(FieldError::new(
                    pointer,
                    codes::INVALID_TYPE,
                    format!("`{}` must be a number.", self.name),
                ));
                None
            }
        }
    }

    /// `value` brought into the range (for typed Rust callers, who cannot pass a non-number).
    pub fn clamp(&self, value: u64) -> u64 {
        value.clamp(self.min, self.max)
    }
}

/// How long `waitForJob` waits before giving up (the job goes on): an hour by default, a day at most. Every wait has
/// a deadline (LESSONS.md: waiters with no deadline).
pub const WAIT_TIMEOUT_MS: Range = Range { name: "timeoutMs", min: 1, max: 86_400_000, default: 3_600_000 };

/// How long one request may take before it counts as timed out: 30 s by default, 10 min at most.
pub const REQUEST_TIMEOUT_MS: Range = Range { name: "timeoutMs", min: 1, max: 600_000, default: 30_000 };

/// How many times a retryable failure is retried (see [`crate::RetryPolicy`]).
pub const MAX_RETRIES: Range = Range { name: "maxRetries", min: 0, max: 10, default: 3 };

/// How many VPS a fleet audit reads at a time. The rate limit paces the requests whatever this is; more only hides
/// latency: 4 covers a request's latency at the default 600/min (one request per 100 ms).
pub const AUDIT_CONCURRENCY: Range = Range { name: "concurrency", min: 1, max: 64, default: 4 };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_as_documented() {
        let mut errors = Vec::new();
        assert_eq!(WAIT_TIMEOUT_MS.read(Given::Absent, &mut errors), Some(3_600_000));
        assert_eq!(WAIT_TIMEOUT_MS.read(Given::Number(5.0), &mut errors), Some(5));
        assert!(errors.is_empty());
        assert_eq!(WAIT_TIMEOUT_MS.read(Given::Number(0.5), &mut errors), None);
        assert_eq!(MAX_RETRIES.read(Given::Number(11.0), &mut errors), None);
        assert_eq!(REQUEST_TIMEOUT_MS.read(Given::Other, &mut errors), None);
        let got: Vec<_> = errors.iter().map(|e| (e.pointer.as_str(), e.code.as_str())).collect();
        assert_eq!(
            got,
            [("/timeoutMs", "out_of_range"), ("/maxRetries", "out_of_range"), ("/timeoutMs", "invalid_type")]
        );
    }
}
