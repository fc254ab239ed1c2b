//! Server-side validation of request bodies, mirroring the reference pages (API.md sections 1–3)
//! and the field-error codes of docs/inferred.md. Every broken field is reported at once.

use serde_json::{Map, Value};

use crate::clock::Cadence;
use crate::problem::{FieldError, Problem};

type Object = Map<String, Value>;

/// Parses a request body. An empty body is `None`; malformed JSON is a 400 with pointer `""`.
pub(crate) fn json_body(bytes: &[u8]) -> Result<Option<Object>, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(_) => {
            Err(Problem::invalid(vec![FieldError::new("", "invalid_type", "The request body must be a JSON object.")]))
        }
        Err(e) => Err(Problem::invalid(vec![FieldError::new(
            "",
            "invalid_format",
            format!("The request body is not valid JSON ({e})."),
        )])),
    }
}

fn finish<T>(errors: Vec<FieldError>, value: T) -> Result<T, Problem> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Problem::invalid(errors))
    }
}

/// A present, non-null field.
fn field<'a>(body: &'a Object, key: &str) -> Option<&'a Value> {
    body.get(key).filter(|v| !v.is_null())
}

/// An optional string field: absent or null is `None`.
fn optional_string(body: &Object, key: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match field(body, key) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(FieldError::new(&format!("/{key}"), "invalid_type", format!("`{key}` must be a string.")));
            None
        }
    }
}

/// `POST …/backups`: body optional, `note` a string, never a `mode` (API.md section 1).
pub(crate) fn backup(body: Option<&Object>) -> Result<Option<String>, Problem> {
    let Some(body) = body else { return Ok(None) };
    let mut errors = Vec::new();
    let note = optional_string(body, "note", &mut errors);
    if body.contains_key("mode") {
        errors.push(FieldError::new(
            "/mode",
            "not_allowed",
            "Backup modes (suspend/stop) are not available to public integrations; omit `mode`.",
        ));
    }
    finish(errors, note)
}

/// The snapshot-name rule: 1–40 of `A–Z a–z 0–9 _ -` (API.md section 2).
pub(crate) fn snapshot_name_error(name: &str) -> Option<FieldError> {
    let bad = |code, detail: &str| Some(FieldError::new("/name", code, detail));
    if name.is_empty() {
        bad("invalid_format", "`name` must not be empty.")
    } else if name.chars().count() > 40 {
        bad("too_long", "`name` must be at most 40 characters.")
    } else if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        bad("invalid_format", "`name` may contain only letters, digits, `_` and `-`.")
    } else {
        None
    }
}

/// A valid create-snapshot body.
pub(crate) struct SnapshotInput {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
}

/// `POST …/snapshots`: `name` required, `description` string or null.
pub(crate) fn snapshot(body: Option<&Object>) -> Result<SnapshotInput, Problem> {
    let empty = Object::new();
    let body = body.unwrap_or(&empty);
    let mut errors = Vec::new();
    let name = match field(body, "name") {
        None => {
            errors.push(FieldError::new("/name", "missing_required", "`name` is required."));
            String::new()
        }
        Some(Value::String(s)) => {
            errors.extend(snapshot_name_error(s));
            s.clone()
        }
        Some(_) => {
            errors.push(FieldError::new("/name", "invalid_type", "`name` must be a string."));
            String::new()
        }
    };
    let description = optional_string(body, "description", &mut errors);
    finish(errors, SnapshotInput { name, description })
}

/// A valid schedule definition.
#[derive(Clone, Debug)]
pub(crate) struct ScheduleInput {
    pub(crate) name: Option<String>,
    pub(crate) hour: u32,
    pub(crate) cadence: Cadence,
    pub(crate) retention_count: u64,
    pub(crate) enabled: bool,
}

/// A JSON number as an integer, in JSON Schema's sense (docs/inferred.md "Integer-valued numbers"):
/// `18`, `18.0` and `1e1` are integers, `18.5` is not. `Err(())` for a whole number beyond `i64`,
/// which is an integer, only out of range.
fn whole(n: &serde_json::Number) -> Option<Result<i64, ()>> {
    if let Some(i) = n.as_i64() {
        return Some(Ok(i));
    }
    if n.is_u64() {
        return Some(Err(()));
    }
    let f = n.as_f64()?;
    if !f.is_finite() || f.fract() != 0.0 {
        return None;
    }
    // `i64::MAX as f64` rounds up to 2^63, which is out of range itself.
    Some(if (i64::MIN as f64..i64::MAX as f64).contains(&f) { Ok(f as i64) } else { Err(()) })
}

/// An integer field in `min..=max`; `None` when absent or broken (the error is recorded).
fn integer(body: &Object, key: &str, min: i64, max: i64, required: bool, errors: &mut Vec<FieldError>) -> Option<i64> {
    let pointer = format!("/{key}");
    let out_of_range = |errors: &mut Vec<FieldError>| {
        let range = if max == i64::MAX { format!("at least {min}") } else { format!("between {min} and {max}") };
        errors.push(FieldError::new(&pointer, "out_of_range", format!("`{key}` must be {range}.")));
        None
    };
    match field(body, key) {
        None if required => {
            errors.push(FieldError::new(&pointer, "missing_required", format!("`{key}` is required.")));
            None
        }
        None => None,
        Some(v) => match v.as_number().and_then(whole) {
            None => {
                errors.push(FieldError::new(&pointer, "invalid_type", format!("`{key}` must be an integer.")));
                None
            }
            Some(Err(())) => out_of_range(errors),
            Some(Ok(n)) if n < min || n > max => out_of_range(errors),
            Some(Ok(n)) => Some(n),
        },
    }
}

/// `POST …/backup-schedules` (and a PATCH's merged result): the documented ranges and day rules
/// (API.md section 3): weekly requires `dayOfWeek` and forbids `dayOfMonth`, monthly the reverse,
/// daily forbids both.
pub(crate) fn schedule(body: &Object) -> Result<ScheduleInput, Problem> {
    let mut errors = Vec::new();
    let frequency = match field(body, "frequency") {
        None => {
            errors.push(FieldError::new("/frequency", "missing_required", "`frequency` is required."));
            None
        }
        Some(Value::String(s)) if ["daily", "weekly", "monthly"].contains(&s.as_str()) => Some(s.as_str()),
        Some(Value::String(_)) => {
            errors.push(FieldError::new(
                "/frequency",
                "invalid_value",
                "`frequency` must be one of daily, weekly, monthly.",
            ));
            None
        }
        Some(_) => {
            errors.push(FieldError::new("/frequency", "invalid_type", "`frequency` must be a string."));
            None
        }
    };
    let hour = integer(body, "hour", 0, 23, true, &mut errors);
    let wants = |f: &str| frequency.map(|x| x == f);
    let day = |key: &str, min, max, needed_by: &str, errors: &mut Vec<FieldError>| {
        let present = field(body, key).is_some();
        match wants(needed_by) {
            Some(true) => integer(body, key, min, max, true, errors),
            Some(false) if present => {
                errors.push(FieldError::new(
                    &format!("/{key}"),
                    "not_allowed",
                    format!("`{key}` is only allowed when `frequency` is `{needed_by}`."),
                ));
                None
            }
            // Unknown frequency: still check the value itself.
            _ => integer(body, key, min, max, false, errors),
        }
    };
    let day_of_week = day("dayOfWeek", 0, 6, "weekly", &mut errors);
    let day_of_month = day("dayOfMonth", 1, 31, "monthly", &mut errors);
    let retention = integer(body, "retentionCount", 1, i64::MAX, true, &mut errors);
    let enabled = match field(body, "enabled") {
        None => {
            errors.push(FieldError::new("/enabled", "missing_required", "`enabled` is required."));
            None
        }
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            errors.push(FieldError::new("/enabled", "invalid_type", "`enabled` must be a boolean."));
            None
        }
    };
    // "string, optional" (seed 002), not nullable: omit `name` rather than send null.
    let name = match body.get("name") {
        Some(Value::Null) => {
            errors.push(FieldError::new("/name", "invalid_type", "`name` must be a string; omit it instead of null."));
            None
        }
        _ => optional_string(body, "name", &mut errors),
    };
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let cadence = match (frequency, day_of_week, day_of_month) {
        (Some("weekly"), Some(d), _) => Cadence::Weekly(d as u32),
        (Some("monthly"), _, Some(d)) => Cadence::Monthly(d as u32),
        _ => Cadence::Daily,
    };
    Ok(ScheduleInput {
        name,
        hour: hour.unwrap_or(0) as u32,
        cadence,
        retention_count: retention.unwrap_or(1) as u64,
        enabled: enabled.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Object {
        v.as_object().unwrap().clone()
    }

    fn codes(p: Problem) -> Vec<(String, &'static str)> {
        p.errors.into_iter().map(|e| (e.pointer, e.code)).collect()
    }

    #[test]
    fn schedule_reports_every_broken_field() {
        let p = schedule(&obj(json!({"frequency": "weekly", "hour": 24, "dayOfMonth": 3,
            "retentionCount": 0, "enabled": "yes", "name": 5})))
        .unwrap_err();
        assert_eq!(
            codes(p),
            vec![
                ("/hour".into(), "out_of_range"),
                ("/dayOfWeek".into(), "missing_required"),
                ("/dayOfMonth".into(), "not_allowed"),
                ("/retentionCount".into(), "out_of_range"),
                ("/enabled".into(), "invalid_type"),
                ("/name".into(), "invalid_type"),
            ]
        );
        let p = schedule(&obj(json!({"frequency": "hourly", "hour": "2"}))).unwrap_err();
        assert_eq!(
            codes(p),
            vec![
                ("/frequency".into(), "invalid_value"),
                ("/hour".into(), "invalid_type"),
                ("/retentionCount".into(), "missing_required"),
                ("/enabled".into(), "missing_required"),
            ]
        );
    }

    #[test]
    fn integer_valued_numbers_are_integers() {
        let body = |hour: &str, retention: &str| {
            obj(serde_json::from_str(&format!(
                r#"{{"frequency":"daily","hour":{hour},"retentionCount":{retention},"enabled":true}}"#
            ))
            .unwrap())
        };
        let s = schedule(&body("18.0", "1e1")).unwrap();
        assert_eq!((s.hour, s.retention_count), (18, 10));
        assert_eq!(codes(schedule(&body("18.5", "3")).unwrap_err()), vec![("/hour".into(), "invalid_type")]);
        for big in ["9223372036854775808", "18446744073709551616", "1e300", "9223372036854775807.0"] {
            assert_eq!(
                codes(schedule(&body("1", big)).unwrap_err()),
                vec![("/retentionCount".into(), "out_of_range")],
                "{big}"
            );
        }
        assert_eq!(schedule(&body("1", "9223372036854775807")).unwrap().retention_count, i64::MAX as u64);
        assert_eq!(
            codes(schedule(&body("-0.0", "-1e1")).unwrap_err()),
            vec![("/retentionCount".into(), "out_of_range")]
        );
    }

    #[test]
    fn schedule_name_is_not_nullable() {
        let p = schedule(&obj(json!({"frequency": "daily", "hour": 1, "retentionCount": 1, "enabled": true,
            "name": null})))
        .unwrap_err();
        assert_eq!(codes(p), vec![("/name".into(), "invalid_type")]);
    }

    #[test]
    fn snapshot_names() {
        assert!(snapshot_name_error("before-upgrade_2").is_none());
        assert_eq!(snapshot_name_error(&"a".repeat(41)).unwrap().code, "too_long");
        assert_eq!(snapshot_name_error("a b").unwrap().code, "invalid_format");
        assert_eq!(snapshot_name_error("").unwrap().code, "invalid_format");
        assert_eq!(codes(snapshot(None).err().unwrap()), vec![("/name".into(), "missing_required")]);
    }

    #[test]
    fn backup_bodies() {
        assert_eq!(backup(None).unwrap(), None);
        assert_eq!(backup(Some(&obj(json!({"note": "x", "other": 1})))).unwrap(), Some("x".into()));
        assert_eq!(codes(backup(Some(&obj(json!({"note": 1, "mode": "stop"})))).unwrap_err()).len(), 2);
        assert!(json_body(b"{").is_err());
        assert!(json_body(b"  ").unwrap().is_none());
    }
}
