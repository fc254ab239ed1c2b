//! Request bodies, validated. Each can be built from typed Rust values or from loose JSON (what a JS caller passes),
//! and either way every broken field is reported at once, as `{pointer, detail, code}`.

use crate::json_text::ObjectText;
use crate::types::Frequency;
use crate::validate::{codes, FieldError, SnapshotName, ValidationErrors};
use serde_json::{Map, Value};

/// The hours a schedule may run at (seeds/002: `hour` 0–23).
pub const HOUR_RANGE: std::ops::RangeInclusive<i64> = 0..=23;
/// Days of the week (seeds/002: 0–6, 0 = Sunday).
pub const DAY_OF_WEEK_RANGE: std::ops::RangeInclusive<i64> = 0..=6;
/// Days of the month (seeds/002: 1–31).
pub const DAY_OF_MONTH_RANGE: std::ops::RangeInclusive<i64> = 1..=31;

/// When a schedule runs. The day rules are in the type: weekly has a day of the week, monthly a day of the month,
/// daily neither (seeds/002).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Every day.
    Daily,
    /// Every week on this day (0 = Sunday … 6).
    Weekly {
        /// 0–6.
        day_of_week: u8,
    },
    /// Every month on this day (1–31; a day the month lacks runs on its last day).
    Monthly {
        /// 1–31.
        day_of_month: u8,
    },
}

/// A valid create-or-replace schedule body (`POST /api/v2/vps/{id}/backup-schedules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSchedule {
    /// Frequency and day.
    pub cadence: Cadence,
    /// 0–23, UTC.
    pub hour: u8,
    /// ≥ 1.
    pub retention_count: u32,
    /// Whether it runs.
    pub enabled: bool,
    /// Optional name.
    pub name: Option<String>,
}

impl BackupSchedule {
    /// Checks typed values (the ranges; the day rules are in [`Cadence`]).
    pub fn new(
        cadence: Cadence,
        hour: u8,
        retention_count: u32,
        enabled: bool,
        name: Option<String>,
    ) -> Result<Self, ValidationErrors> {
        let mut v = Map::new();
        let (freq, dow, dom) = match cadence {
            Cadence::Daily => ("daily", None, None),
            Cadence::Weekly { day_of_week } => ("weekly", Some(day_of_week), None),
            Cadence::Monthly { day_of_month } => ("monthly", None, Some(day_of_month)),
        };
        v.insert("frequency".into(), freq.into());
        v.insert("hour".into(), hour.into());
        if let Some(d) = dow {
            v.insert("dayOfWeek".into(), d.into());
        }
        if let Some(d) = dom {
            v.insert("dayOfMonth".into(), d.into());
        }
        v.insert("retentionCount".into(), retention_count.into());
        v.insert("enabled".into(), enabled.into());
        if let Some(n) = name {
            v.insert("name".into(), n.into());
        }
        Self::from_json(&Value::Object(v))
    }

    /// Validates a loose JSON object. `null` counts as absent (so `{dayOfWeek: undefined}` from JS is fine).
    pub fn from_json(value: &Value) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let Some(obj) = value.as_object() else {
            errors.push(FieldError::new("", codes::INVALID_TYPE, "The schedule must be an object."));
            return Err(errors);
        };
        let f = ScheduleFields::read(obj, &mut errors, true);
        let cadence = f.cadence(&mut errors);
        let build = || BackupSchedule {
            cadence: cadence.unwrap_or(Cadence::Daily),
            hour: f.hour.unwrap_or(0),
            retention_count: f.retention_count.unwrap_or(1),
            enabled: f.enabled.unwrap_or(false),
            name: f.name.clone(),
        };
        errors.into_result(build)
    }
}

impl BackupSchedule {
    /// The wire body in the seed's key order; absent optionals are omitted, never `null`.
    pub fn body(&self) -> String {
        let (frequency, day) = match self.cadence {
            Cadence::Daily => ("daily", None),
            Cadence::Weekly { day_of_week } => ("weekly", Some(("dayOfWeek", day_of_week))),
            Cadence::Monthly { day_of_month } => ("monthly", Some(("dayOfMonth", day_of_month))),
        };
        let mut o = ObjectText::new().str("frequency", frequency).uint("hour", self.hour.into());
        if let Some((key, day)) = day {
            o = o.uint(key, day.into());
        }
        o = o.uint("retentionCount", self.retention_count.into()).literal("enabled", bool_text(self.enabled));
        if let Some(name) = &self.name {
            o = o.str("name", name);
        }
        o.finish()
    }
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// A partial schedule update (`PATCH /api/v2/vps/{id}/backup-schedules`, inferred: see `docs/inferred.md`).
/// Present fields obey the documented ranges; the day rules are checked when `frequency` is part of the patch.
/// The body keeps exactly the keys given, and `null` is sent as `null` (it removes the field).
#[derive(Debug, Clone, PartialEq)]
pub struct SchedulePatch(Map<String, Value>);

impl SchedulePatch {
    /// Validates a loose JSON object.
    pub fn from_json(value: &Value) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let Some(obj) = value.as_object() else {
            errors.push(FieldError::new("", codes::INVALID_TYPE, "The update must be an object."));
            return Err(errors);
        };
        let f = ScheduleFields::read(obj, &mut errors, false);
        if f.frequency.is_some() {
            f.cadence(&mut errors);
        }
        if let Some(id) = obj.get("id").filter(|v| !v.is_null()) {
            match id.as_str() {
                Some(s) => {
                    if let Err(e) = crate::ResourceId::parse_at(s, "/id") {
                        errors.push(e);
                    }
                }
                None => errors.push(FieldError::new("/id", codes::INVALID_TYPE, "`id` must be a string.")),
            }
        }
        let known = ["id", "frequency", "hour", "dayOfWeek", "dayOfMonth", "retentionCount", "enabled", "name"];
        let mut body = Map::new();
        for (k, v) in obj.iter().filter(|(k, _)| known.contains(&k.as_str())) {
            // A whole number given as `20.0` (or `2e1`) is kept, and sent, as `20`: the patch is what is sent.
            let whole = v.as_f64().filter(|f| v.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15);
            body.insert(k.clone(), whole.map_or_else(|| v.clone(), |f| Value::from(f as i64)));
        }
        if body.keys().all(|k| k == "id") {
            errors.push(FieldError::new(
                "",
                codes::MISSING_REQUIRED,
                "The update changes nothing: give at least one field.",
            ));
        }
        errors.into_result(|| SchedulePatch(body))
    }

    /// The body's fields.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl SchedulePatch {
    /// The wire body: exactly the keys given (in key order), `null` kept.
    pub fn body(&self) -> String {
        self.0.iter().fold(ObjectText::new(), |o, (k, v)| o.value(k, v)).finish()
    }
}

/// The fields of a schedule as read from loose JSON, each checked for type and range.
struct ScheduleFields {
    frequency: Option<Frequency>,
    hour: Option<u8>,
    day_of_week: Option<u8>,
    day_of_month: Option<u8>,
    retention_count: Option<u32>,
    enabled: Option<bool>,
    name: Option<String>,
    present: [bool; 2],
}

impl ScheduleFields {
    fn read(obj: &Map<String, Value>, errors: &mut ValidationErrors, full: bool) -> Self {
        let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
        let frequency = match get("frequency") {
            None => {
                if full {
                    errors.push(missing("frequency"));
                }
                None
            }
            Some(Value::String(s)) => match Frequency::from_wire(s) {
                Frequency::Unknown(_) => {
                    errors.push(FieldError::new(
                        "/frequency",
                        codes::INVALID_VALUE,
                        format!("`frequency` must be \"daily\", \"weekly\" or \"monthly\", not \"{}\".", truncate(s)),
                    ));
                    None
                }
                f => Some(f),
            },
            Some(_) => {
                errors.push(FieldError::new("/frequency", codes::INVALID_TYPE, "`frequency` must be a string."));
                None
            }
        };
        let hour = int_field(get("hour"), "hour", HOUR_RANGE, full, errors).map(|h| h as u8);
        let day_of_week = int_field(get("dayOfWeek"), "dayOfWeek", DAY_OF_WEEK_RANGE, false, errors).map(|d| d as u8);
        let day_of_month =
            int_field(get("dayOfMonth"), "dayOfMonth", DAY_OF_MONTH_RANGE, false, errors).map(|d| d as u8);
        let retention_count =
            int_field(get("retentionCount"), "retentionCount", 1..=i64::from(u32::MAX), full, errors).map(|r| r as u32);
        let enabled = match get("enabled") {
            None => {
                if full {
                    errors.push(missing("enabled"));
                }
                None
            }
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                errors.push(FieldError::new("/enabled", codes::INVALID_TYPE, "`enabled` must be true or false."));
                None
            }
        };
        // `name` is "string, optional" (seeds/002), not nullable: the server rejects `null`. Here `null` reads as
        // absent (JS `undefined` arrives as null) and is never sent (docs/inferred.md "Nullable optionals").
        let name = match get("name") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                errors.push(FieldError::new("/name", codes::INVALID_TYPE, "`name` must be a string."));
                None
            }
        };
        let present = [get("dayOfWeek").is_some(), get("dayOfMonth").is_some()];
        ScheduleFields { frequency, hour, day_of_week, day_of_month, retention_count, enabled, name, present }
    }

    /// Applies the day rules (seeds/002) to the frequency that was read.
    fn cadence(&self, errors: &mut ValidationErrors) -> Option<Cadence> {
        let [has_dow, has_dom] = self.present;
        let forbid = |errors: &mut ValidationErrors, field: &str, freq: &str| {
            errors.push(FieldError::new(
                format!("/{field}"),
                codes::NOT_ALLOWED,
                format!("`{field}` must not be sent for a {freq} schedule."),
            ))
        };
        match self.frequency.as_ref()? {
            Frequency::Daily => {
                if has_dow {
                    forbid(errors, "dayOfWeek", "daily");
                }
                if has_dom {
                    forbid(errors, "dayOfMonth", "daily");
                }
                Some(Cadence::Daily)
            }
            Frequency::Weekly => {
                if has_dom {
                    forbid(errors, "dayOfMonth", "weekly");
                }
                if !has_dow {
                    errors.push(FieldError::new(
                        "/dayOfWeek",
                        codes::MISSING_REQUIRED,
                        "`dayOfWeek` (0–6, 0 = Sunday) is required for a weekly schedule.",
                    ));
                }
                self.day_of_week.map(|d| Cadence::Weekly { day_of_week: d })
            }
            Frequency::Monthly => {
                if has_dow {
                    forbid(errors, "dayOfWeek", "monthly");
                }
                if !has_dom {
                    errors.push(FieldError::new(
                        "/dayOfMonth",
                        codes::MISSING_REQUIRED,
                        "`dayOfMonth` (1–31) is required for a monthly schedule.",
                    ));
                }
                self.day_of_month.map(|d| Cadence::Monthly { day_of_month: d })
            }
            Frequency::Unknown(_) => None,
        }
    }
}

fn missing(field: &str) -> FieldError {
    FieldError::new(format!("/{field}"), codes::MISSING_REQUIRED, format!("`{field}` is required."))
}

/// The first 40 characters of a caller's text for a message, without control characters or quotes (cheaper in
/// wasm than `{:?}`, whose escaping brings Unicode tables).
fn truncate(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && *c != '"' && *c != '\\').take(40).collect()
}

/// Reads an integer field: JSON integers, or floats with no fraction (JS numbers), inside `range`.
fn int_field(
    v: Option<&Value>,
    field: &str,
    range: std::ops::RangeInclusive<i64>,
    required: bool,
    errors: &mut ValidationErrors,
) -> Option<i64> {
    let Some(v) = v else {
        if required {
            errors.push(missing(field));
        }
        return None;
    };
    // Any whole number is an integer, however large, and an integer-valued float (`18.0`, `1e1`) is that integer
    // (JSON Schema's reading, docs/inferred.md "Integer-valued numbers"); one beyond i64 is out of range (`None`).
    let whole: Option<Option<i64>> = match v {
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Some(Some(i)),
            (None, Some(_), _) => Some(None),
            (None, None, Some(f)) if f.is_finite() && f.fract() == 0.0 => Some((f.abs() < 9.2e18).then_some(f as i64)),
            _ => None,
        },
        _ => None,
    };
    let Some(whole) = whole else {
        let what = if v.is_number() { "a whole number" } else { "an integer" };
        errors.push(FieldError::new(format!("/{field}"), codes::INVALID_TYPE, format!("`{field}` must be {what}.")));
        return None;
    };
    let n = whole.filter(|n| range.contains(n));
    if n.is_none() {
        let got = match whole {
            Some(n) => format!("got {n}"),
            None => "got a larger number".to_owned(),
        };
        let detail = if *range.end() == i64::from(u32::MAX) {
            format!("`{field}` must be at least {}; {got}.", range.start())
        } else {
            format!("`{field}` must be between {} and {}; {got}.", range.start(), range.end())
        };
        errors.push(FieldError::new(format!("/{field}"), codes::OUT_OF_RANGE, detail));
    }
    n
}

/// A snapshot's optional description: omitted, an explicit `null`, or text (seeds/001: "string or null, optional").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Description {
    /// Not sent.
    #[default]
    Omitted,
    /// Sent as `null`.
    Null,
    /// Sent as text.
    Text(String),
}

/// A valid create-snapshot body (`POST /api/v2/vps/{id}/snapshots`, seeds/001).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInput {
    /// The name; later the `{snapshotId}`.
    pub name: SnapshotName,
    /// The description.
    pub description: Description,
}

impl SnapshotInput {
    /// Validates a loose JSON object `{ name, description? }`. Here `null` for `description` is kept as `null`;
    /// an absent (or JS `undefined`) description is omitted.
    pub fn from_json(value: &Value) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let Some(obj) = value.as_object() else {
            errors.push(FieldError::new("", codes::INVALID_TYPE, "The snapshot must be an object with a `name`."));
            return Err(errors);
        };
        let name = match obj.get("name") {
            None | Some(Value::Null) => {
                errors.push(missing("name"));
                None
            }
            Some(Value::String(s)) => SnapshotName::parse(s).map_err(|e| errors.push(e)).ok(),
            Some(_) => {
                errors.push(FieldError::new("/name", codes::INVALID_TYPE, "`name` must be a string."));
                None
            }
        };
        let description = match obj.get("description") {
            None => Description::Omitted,
            Some(Value::Null) => Description::Null,
            Some(Value::String(s)) => Description::Text(s.clone()),
            Some(_) => {
                errors.push(FieldError::new(
                    "/description",
                    codes::INVALID_TYPE,
                    "`description` must be a string or null.",
                ));
                Description::Omitted
            }
        };
        match name {
            Some(name) if errors.errors().is_empty() => Ok(SnapshotInput { name, description }),
            _ => Err(errors),
        }
    }
}

impl SnapshotInput {
    /// The wire body: `name`, then `description` when given (`null` kept).
    pub fn body(&self) -> String {
        let o = ObjectText::new().str("name", self.name.as_str());
        match &self.description {
            Description::Omitted => o,
            Description::Null => o.literal("description", "null"),
            Description::Text(t) => o.str("description", t),
        }
        .finish()
    }
}

/// A valid create-backup body: an optional note (seeds/000). Without a note no body is sent at all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupInput {
    /// The note.
    pub note: Option<String>,
}

impl BackupInput {
    /// Validates a loose JSON value: `undefined`/`null` (no options), or `{ note?: string|null }`.
    pub fn from_json(value: &Value) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let note = match value {
            Value::Null => None,
            Value::Object(obj) => match obj.get("note") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    errors.push(FieldError::new("/note", codes::INVALID_TYPE, "`note` must be a string."));
                    None
                }
            },
            _ => {
                errors.push(FieldError::new(
                    "",
                    codes::INVALID_TYPE,
                    "The backup options must be an object like { note }.",
                ));
                None
            }
        };
        if let Value::Object(obj) = value {
            if obj.get("mode").is_some_and(|m| !m.is_null()) {
                errors.push(FieldError::new(
                    "/mode",
                    codes::NOT_ALLOWED,
                    "Backup modes are not for public integrations (API.md §1).",
                ));
            }
        }
        errors.into_result(|| BackupInput { note })
    }
}
