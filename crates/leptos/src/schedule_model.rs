//! The schedule form as a value: its fields as typed, the JSON it sends (create) or the patch (edit), errors
//! sorted onto fields by JSON pointer and put in words, and a schedule's summary line. Native tests below.

use crate::messages::field_sentence;
use hostup_core::{FieldError, Frequency, Schedule};
use serde_json::{Map, Value};

/// Weekday names, index = `dayOfWeek` (0 = Sunday, seeds/002).
pub const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// The schedule form's fields, as typed (text), so that a half-typed form can still be validated and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleForm {
    /// `daily`, `weekly` or `monthly`.
    pub frequency: String,
    /// 0–23.
    pub hour: String,
    /// 0–6, used when weekly.
    pub day_of_week: String,
    /// 1–31, used when monthly.
    pub day_of_month: String,
    /// ≥ 1.
    pub retention: String,
    /// Whether it runs.
    pub enabled: bool,
    /// Optional name.
    pub name: String,
}

impl Default for ScheduleForm {
    fn default() -> Self {
        Self {
            frequency: "daily".into(),
            hour: "2".into(),
            day_of_week: "0".into(),
            day_of_month: "1".into(),
            retention: "7".into(),
            enabled: true,
            name: String::new(),
        }
    }
}

/// A number as typed: an integer when it reads as one, else the text itself (so core reports `invalid_type`).
fn typed_number(text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(t.parse::<i64>().map_or_else(|_| Value::String(t.to_owned()), Value::from))
}

impl ScheduleForm {
    /// The form filled from a saved schedule (`time` `"02:00"`, `daySpecifier` `"monday"` or `"15"`).
    pub fn from_schedule(s: &Schedule) -> Self {
        let mut form = Self { frequency: s.frequency.as_str().to_owned(), ..Self::default() };
        if let Some(hour) = s.time.as_deref().and_then(|t| t.split(':').next()).and_then(|h| h.parse::<u8>().ok()) {
            form.hour = hour.to_string();
        }
        if let Some(day) = s.day_specifier.as_deref() {
            match s.frequency {
                Frequency::Weekly => {
                    if let Some(i) = WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(day)) {
                        form.day_of_week = i.to_string();
                    }
                }
                Frequency::Monthly => form.day_of_month = day.to_owned(),
                _ => {}
            }
        }
        form.retention = s.retention_count.to_string();
        form.enabled = s.enabled;
        form.name = s.name.clone();
        form
    }

    /// Whether the form shows the "Day of week" field.
    pub fn has_day_of_week(&self) -> bool {
        self.frequency == "weekly"
    }

    /// Whether the form shows the "Day of month" field.
    pub fn has_day_of_month(&self) -> bool {
        self.frequency == "monthly"
    }

    /// The request body the form stands for: only the day field its frequency uses, numbers as numbers.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("frequency".into(), self.frequency.clone().into());
        if let Some(v) = typed_number(&self.hour) {
            m.insert("hour".into(), v);
        }
        if self.has_day_of_week() {
            if let Some(v) = typed_number(&self.day_of_week) {
                m.insert("dayOfWeek".into(), v);
            }
        }
        if self.has_day_of_month() {
            if let Some(v) = typed_number(&self.day_of_month) {
                m.insert("dayOfMonth".into(), v);
            }
        }
        if let Some(v) = typed_number(&self.retention) {
            m.insert("retentionCount".into(), v);
        }
        m.insert("enabled".into(), self.enabled.into());
        let name = self.name.trim();
        if !name.is_empty() {
            m.insert("name".into(), name.into());
        }
        Value::Object(m)
    }
}

/// The schedule form's fields, as named by the JSON pointers of client and server `errors[]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScheduleField {
    /// `/frequency`.
    Frequency,
    /// `/hour`.
    Hour,
    /// `/dayOfWeek`.
    DayOfWeek,
    /// `/dayOfMonth`.
    DayOfMonth,
    /// `/retentionCount`.
    Retention,
    /// `/enabled`.
    Enabled,
    /// `/name`.
    Name,
}

impl ScheduleField {
    /// Every field, in form order.
    pub const ALL: [Self; 7] =
        [Self::Frequency, Self::DayOfWeek, Self::DayOfMonth, Self::Hour, Self::Retention, Self::Name, Self::Enabled];

    /// The field's label on the form.
    pub fn label(self) -> &'static str {
        match self {
            Self::Frequency => "Frequency",
            Self::Hour => "Hour",
            Self::DayOfWeek => "Day of week",
            Self::DayOfMonth => "Day of month",
            Self::Retention => "Retention",
            Self::Enabled => "Enabled",
            Self::Name => "Schedule name",
        }
    }

    /// The documented whole-number range of a numeric field (seeds/002).
    pub fn range(self) -> Option<(i64, i64)> {
        match self {
            Self::Hour => Some((0, 23)),
            Self::DayOfWeek => Some((0, 6)),
            Self::DayOfMonth => Some((1, 31)),
            Self::Retention => Some((1, i64::MAX)),
            _ => None,
        }
    }

    /// The field a JSON pointer names; `None` for the body as a whole or an unknown pointer.
    pub fn from_pointer(pointer: &str) -> Option<Self> {
        let first = pointer.strip_prefix('/')?.split('/').next()?;
        Some(match first {
            "frequency" => Self::Frequency,
            "hour" => Self::Hour,
            "dayOfWeek" => Self::DayOfWeek,
            "dayOfMonth" => Self::DayOfMonth,
            "retentionCount" => Self::Retention,
            "enabled" => Self::Enabled,
            "name" => Self::Name,
            _ => return None,
        })
    }
}

/// Field errors sorted onto the form: one sentence per field, and the rest (body-level or unknown pointers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormErrors {
    /// Per field, the first error in words.
    pub fields: Vec<(ScheduleField, String)>,
    /// Errors that belong to no field (the server's detail).
    pub other: Vec<String>,
}

impl FormErrors {
    /// Sorts `errors` (core's or the server's, same pointers) onto their fields by pointer, in words.
    pub fn from_field_errors(errors: &[FieldError]) -> Self {
        let mut out = Self::default();
        for e in errors {
            match ScheduleField::from_pointer(&e.pointer) {
                Some(f) if out.fields.iter().all(|(g, _)| *g != f) => {
                    out.fields.push((f, field_sentence(f.label(), e, f.range())))
                }
                Some(_) => {}
                None => out.other.push(e.detail.clone()),
            }
        }
        out
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: ScheduleField) -> Option<String> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone())
    }

    /// The first field with an error, in form order (where focus goes after a refused submit).
    pub fn first_field(&self) -> Option<ScheduleField> {
        ScheduleField::ALL.into_iter().find(|f| self.fields.iter().any(|(g, _)| g == f))
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.other.is_empty()
    }
}

/// A schedule in one line: `Daily at 02:00 UTC`, `Weekly on Wednesday at 05:00 UTC`, `Monthly on day 31 at 00:00 UTC`.
pub fn schedule_summary(s: &Schedule) -> String {
    let time = s.time.clone().unwrap_or_else(|| "an unknown time".to_owned());
    let day = s.day_specifier.as_deref().unwrap_or_default();
    match s.frequency {
        Frequency::Daily => format!("Daily at {time} UTC"),
        Frequency::Weekly => {
            let name = WEEKDAYS.iter().find(|w| w.eq_ignore_ascii_case(day)).copied().unwrap_or(day);
            format!("Weekly on {name} at {time} UTC")
        }
        Frequency::Monthly => format!("Monthly on day {day} at {time} UTC"),
        Frequency::Unknown(ref f) => format!("{f} at {time} UTC"),
    }
}

/// A warning when the retention asks to keep more backups than the quota holds.
pub fn retention_warning(retention: &str, quota: Option<u64>) -> Option<String> {
    let (wanted, limit) = (retention.trim().parse::<u64>().ok()?, quota?);
    (wanted > limit).then(|| {
        format!("This VPS holds at most {limit} backups, so {wanted} will never be kept; the oldest are replaced.")
    })
}

impl ScheduleForm {
    /// The PATCH body for an edit of schedule `id`: the whole form plus the id.
    pub fn to_patch(&self, id: &str) -> Value {
        let mut json = self.to_json();
        if let Value::Object(m) = &mut json {
            m.insert("id".into(), id.into());
        }
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(json: Value) -> Schedule {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_schedule_form_sends_only_its_frequencys_day_field() {
        let mut form = ScheduleForm::default();
        assert_eq!(
            form.to_json(),
            serde_json::json!({"frequency": "daily", "hour": 2, "retentionCount": 7, "enabled": true})
        );
        assert!(hostup_core::validate_backup_schedule(&form.to_json()).is_empty());
        form.frequency = "weekly".into();
        form.day_of_week = "3".into();
        form.name = " nightly ".into();
        assert_eq!(
            form.to_json(),
            serde_json::json!({"frequency": "weekly", "hour": 2, "dayOfWeek": 3, "retentionCount": 7,
                               "enabled": true, "name": "nightly"})
        );
        form.frequency = "monthly".into();
        form.day_of_month = "31".into();
        let json = form.to_json();
        assert_eq!(json["dayOfMonth"], 31);
        assert!(json.get("dayOfWeek").is_none());
        assert!(form.has_day_of_month() && !form.has_day_of_week());
    }

    #[test]
    fn broken_schedule_fields_map_onto_their_inputs() {
        let form = ScheduleForm { hour: "24".into(), retention: "x".into(), ..ScheduleForm::default() };
        let errors = FormErrors::from_field_errors(&hostup_core::validate_backup_schedule(&form.to_json()));
        assert_eq!(errors.get(ScheduleField::Hour).as_deref(), Some("Enter a whole number from 0 to 23."));
        assert_eq!(errors.first_field(), Some(ScheduleField::Hour));
        assert!(errors.get(ScheduleField::Retention).is_some());
        assert_eq!(errors.get(ScheduleField::Name), None);
        let empty_hour = ScheduleForm { hour: " ".into(), ..ScheduleForm::default() };
        let errors = FormErrors::from_field_errors(&hostup_core::validate_backup_schedule(&empty_hour.to_json()));
        assert!(errors.get(ScheduleField::Hour).is_some());
        // Server errors use the same pointers; body-level ones go to `other`.
        let server = [
            FieldError::new("/dayOfWeek", "missing_required", "dayOfWeek is required"),
            FieldError::new("", "invalid_type", "bad body"),
        ];
        let errors = FormErrors::from_field_errors(&server);
        assert_eq!(errors.get(ScheduleField::DayOfWeek).as_deref(), Some("Enter the day of week."));
        assert_eq!(errors.other, vec!["bad body".to_owned()]);
        assert!(FormErrors::default().is_empty());
    }

    #[test]
    fn a_saved_schedule_fills_the_form() {
        let s = schedule(serde_json::json!({
            "id": "bks_1", "name": "weekly", "frequency": "weekly", "time": "03:00", "daySpecifier": "wednesday",
            "retentionCount": 4, "enabled": false, "lastRun": null, "nextRun": "2026-04-29T03:00:00.000Z",
            "status": null
        }));
        let form = ScheduleForm::from_schedule(&s);
        assert_eq!(
            form,
            ScheduleForm {
                frequency: "weekly".into(),
                hour: "3".into(),
                day_of_week: "3".into(),
                day_of_month: "1".into(),
                retention: "4".into(),
                enabled: false,
                name: "weekly".into(),
            }
        );
    }

    #[test]
    fn summaries_retention_warnings_and_patches() {
        let mut s = schedule(serde_json::json!({
            "id": "bks_1", "name": "weekly", "frequency": "weekly", "time": "03:00", "daySpecifier": "wednesday",
            "retentionCount": 4, "enabled": false, "lastRun": null, "nextRun": null, "status": null
        }));
        assert_eq!(schedule_summary(&s), "Weekly on Wednesday at 03:00 UTC");
        s.frequency = Frequency::Monthly;
        s.day_specifier = Some("31".into());
        assert_eq!(schedule_summary(&s), "Monthly on day 31 at 03:00 UTC");
        assert!(retention_warning("8", Some(7)).unwrap().contains("at most 7"));
        assert_eq!(retention_warning("7", Some(7)), None);
        assert_eq!(retention_warning("x", Some(7)), None);
        let patch = ScheduleForm::default().to_patch("bks_1");
        assert_eq!(patch["id"], "bks_1");
        assert!(hostup_core::SchedulePatch::from_json(&patch).is_ok());
    }
}
