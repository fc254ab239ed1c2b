//! Validation at every boundary of the contract's rules (seeds/001, seeds/002, API.md "Basics"), with the field-error
//! codes of `docs/inferred.md`. Every broken field is reported at once, and no request can exist for broken input.

mod common;

use common::*;
use hostup_core::{
    codes, validate_backup_schedule, validate_snapshot_name, BackupInput, BackupSchedule, Cadence, CreateBackup,
    CreateSnapshot, DeleteBackup, DeleteBackupSchedule, DeleteSnapshot, Description, Endpoint, FieldError, GetJob,
    GetVps, GetVpsStatus, ListBackupSchedules, ListBackups, ListSnapshots, ResourceId, RestoreBackup, RestoreSnapshot,
    SchedulePatch, SetBackupSchedule, SnapshotName, UpdateBackupSchedules, ValidationErrors, SNAPSHOT_NAME_MAX,
};
use serde_json::{json, Value};

/// `(pointer, code)` of every error, in order.
fn pc(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors.iter().map(|e| (e.pointer.as_str(), e.code.as_str())).collect()
}

fn schedule_errors(v: Value) -> Vec<(String, String)> {
    validate_backup_schedule(&v).into_iter().map(|e| (e.pointer, e.code)).collect()
}

fn one(pointer: &str, code: &str) -> Vec<(String, String)> {
    vec![(pointer.to_owned(), code.to_owned())]
}

/// A valid daily schedule with `key` replaced (or removed, for `None`).
fn daily_with(key: &str, value: Option<Value>) -> Value {
    let mut v = fixture_value("schedule_daily_request");
    match value {
        Some(x) => v[key] = x,
        None => {
            v.as_object_mut().unwrap().remove(key);
        }
    }
    v
}

fn snapshot_name_code(name: &str) -> Option<String> {
    validate_snapshot_name(name).first().map(|e| {
        assert_eq!(e.pointer, "/name");
        e.code.clone()
    })
}

// ---------------------------------------------------------------- snapshot names (seeds/001)

#[test]
fn snapshot_name_length_boundaries() {
    assert_eq!(SNAPSHOT_NAME_MAX, 40);
    assert_eq!(snapshot_name_code(&"a".repeat(40)), None);
    assert_eq!(snapshot_name_code(&"a".repeat(41)).as_deref(), Some(codes::TOO_LONG));
    assert_eq!(snapshot_name_code("a"), None);
    assert_eq!(snapshot_name_code("").as_deref(), Some(codes::INVALID_FORMAT));
    let long = CreateSnapshot::new(VPS, &"Z".repeat(41), Description::Omitted).unwrap_err();
    assert_eq!(pc(long.errors()), [("/name", codes::TOO_LONG)]);
}

#[test]
fn snapshot_name_character_set() {
    for ok in ["before-upgrade", "a_b", "-", "_", "A-Z_0-9", "0", "UPPER"] {
        assert_eq!(snapshot_name_code(ok), None, "{ok:?}");
        assert_eq!(SnapshotName::parse(ok).unwrap().as_str(), ok);
    }
    for bad in ["before upgrade", "a/b", "café", "é", "v1.2", ".", "a\u{0}", "a\nb", "ａ", "a+b", "a:b", "😀"] {
        assert_eq!(snapshot_name_code(bad).as_deref(), Some(codes::INVALID_FORMAT), "{bad:?}");
    }
    // A name that is both too long and has a bad character is reported for the character.
    assert_eq!(snapshot_name_code(&format!("{} ", "a".repeat(45))).as_deref(), Some(codes::INVALID_FORMAT));
}

#[test]
fn snapshot_name_rule_applies_to_snapshot_id_in_paths() {
    let cases: [(&str, Option<&str>); 6] = [
        (&"a".repeat(40), None),
        (&"a".repeat(41), Some(codes::TOO_LONG)),
        ("", Some(codes::INVALID_FORMAT)),
        ("a b", Some(codes::INVALID_FORMAT)),
        ("..", Some(codes::INVALID_FORMAT)),
        ("a/b", Some(codes::INVALID_FORMAT)),
    ];
    for (name, code) in cases {
        let restore = RestoreSnapshot::new(VPS, name, name).err().map(|e| e.0);
        let delete = DeleteSnapshot::new(VPS, name).err().map(|e| e.0);
        for errors in [restore, delete] {
            match code {
                None => assert!(errors.is_none(), "{name:?}"),
                Some(code) => assert_eq!(pc(&errors.expect(name)), [("/snapshotId", code)], "{name:?}"),
            }
        }
    }
    // Both path parameters broken: both reported.
    let both = RestoreSnapshot::new("a/b", "x y", "x y").unwrap_err();
    assert_eq!(pc(both.errors()), [("/vpsId", codes::INVALID_FORMAT), ("/snapshotId", codes::INVALID_FORMAT)]);
}

#[test]
fn snapshot_input_types() {
    let e = CreateSnapshot::from_json(VPS, &json!({ "name": 5 })).unwrap_err();
    assert_eq!(pc(e.errors()), [("/name", codes::INVALID_TYPE)]);
    let e = CreateSnapshot::from_json(VPS, &json!({ "description": "x" })).unwrap_err();
    assert_eq!(pc(e.errors()), [("/name", codes::MISSING_REQUIRED)]);
    let e = CreateSnapshot::from_json(VPS, &json!({ "name": null, "description": 3 })).unwrap_err();
    assert_eq!(pc(e.errors()), [("/name", codes::MISSING_REQUIRED), ("/description", codes::INVALID_TYPE)]);
    let e = CreateSnapshot::from_json(VPS, &json!(["before-upgrade"])).unwrap_err();
    assert_eq!(pc(e.errors()), [("", codes::INVALID_TYPE)]);
}

// ---------------------------------------------------------------- schedules (seeds/002)

#[test]
fn seed_schedule_is_valid() {
    assert_eq!(schedule_errors(fixture_value("schedule_daily_request")), vec![]);
}

#[test]
fn hour_boundaries() {
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(0)))), vec![]);
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(23)))), vec![]);
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(24)))), one("/hour", codes::OUT_OF_RANGE));
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(-1)))), one("/hour", codes::OUT_OF_RANGE));
    assert_eq!(schedule_errors(daily_with("hour", None)), one("/hour", codes::MISSING_REQUIRED));
}

#[test]
fn hour_type() {
    assert_eq!(schedule_errors(daily_with("hour", Some(json!("2")))), one("/hour", codes::INVALID_TYPE));
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(2.5)))), one("/hour", codes::INVALID_TYPE));
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(true)))), one("/hour", codes::INVALID_TYPE));
    // A JS number with no fraction is an integer.
    assert_eq!(schedule_errors(daily_with("hour", Some(json!(2.0)))), vec![]);
    let s = BackupSchedule::from_json(&daily_with("hour", Some(json!(2.0)))).unwrap();
    assert_eq!(s.hour, 2);
}

#[test]
fn day_of_week_boundaries() {
    let weekly =
        |d: Value| json!({ "frequency": "weekly", "hour": 2, "dayOfWeek": d, "retentionCount": 3, "enabled": true });
    assert_eq!(schedule_errors(weekly(json!(0))), vec![]);
    assert_eq!(schedule_errors(weekly(json!(6))), vec![]);
    assert_eq!(schedule_errors(weekly(json!(7))), one("/dayOfWeek", codes::OUT_OF_RANGE));
    assert_eq!(schedule_errors(weekly(json!(-1))), one("/dayOfWeek", codes::OUT_OF_RANGE));
    assert_eq!(schedule_errors(weekly(json!("1"))), one("/dayOfWeek", codes::INVALID_TYPE));
    assert_eq!(BackupSchedule::from_json(&weekly(json!(6))).unwrap().cadence, Cadence::Weekly { day_of_week: 6 });
}

#[test]
fn day_of_month_boundaries() {
    let monthly =
        |d: Value| json!({ "frequency": "monthly", "hour": 2, "dayOfMonth": d, "retentionCount": 3, "enabled": true });
    assert_eq!(schedule_errors(monthly(json!(1))), vec![]);
    assert_eq!(schedule_errors(monthly(json!(31))), vec![]);
    assert_eq!(schedule_errors(monthly(json!(32))), one("/dayOfMonth", codes::OUT_OF_RANGE));
    assert_eq!(schedule_errors(monthly(json!(0))), one("/dayOfMonth", codes::OUT_OF_RANGE));
    assert_eq!(BackupSchedule::from_json(&monthly(json!(31))).unwrap().cadence, Cadence::Monthly { day_of_month: 31 });
}

#[test]
fn retention_count_boundaries() {
    assert_eq!(schedule_errors(daily_with("retentionCount", Some(json!(1)))), vec![]);
    assert_eq!(
        schedule_errors(daily_with("retentionCount", Some(json!(0)))),
        one("/retentionCount", codes::OUT_OF_RANGE)
    );
    assert_eq!(
        schedule_errors(daily_with("retentionCount", Some(json!(-3)))),
        one("/retentionCount", codes::OUT_OF_RANGE)
    );
    assert_eq!(schedule_errors(daily_with("retentionCount", None)), one("/retentionCount", codes::MISSING_REQUIRED));
}

#[test]
fn enabled_is_required_and_boolean() {
    assert_eq!(schedule_errors(daily_with("enabled", None)), one("/enabled", codes::MISSING_REQUIRED));
    assert_eq!(schedule_errors(daily_with("enabled", Some(json!("true")))), one("/enabled", codes::INVALID_TYPE));
    assert_eq!(schedule_errors(daily_with("enabled", Some(json!(false)))), vec![]);
}

#[test]
fn name_is_optional_text() {
    assert_eq!(schedule_errors(daily_with("name", None)), vec![]);
    assert_eq!(schedule_errors(daily_with("name", Some(json!(7)))), one("/name", codes::INVALID_TYPE));
}

#[test]
fn weekly_day_rules() {
    let base = json!({ "frequency": "weekly", "hour": 2, "retentionCount": 3, "enabled": true });
    assert_eq!(schedule_errors(base.clone()), one("/dayOfWeek", codes::MISSING_REQUIRED));
    let mut both = base.clone();
    both["dayOfWeek"] = json!(1);
    both["dayOfMonth"] = json!(15);
    assert_eq!(schedule_errors(both), one("/dayOfMonth", codes::NOT_ALLOWED));
}

#[test]
fn monthly_day_rules() {
    let base = json!({ "frequency": "monthly", "hour": 2, "retentionCount": 3, "enabled": true });
    assert_eq!(schedule_errors(base.clone()), one("/dayOfMonth", codes::MISSING_REQUIRED));
    let mut both = base.clone();
    both["dayOfWeek"] = json!(1);
    both["dayOfMonth"] = json!(15);
    assert_eq!(schedule_errors(both), one("/dayOfWeek", codes::NOT_ALLOWED));
}

#[test]
fn daily_forbids_both_days() {
    assert_eq!(schedule_errors(daily_with("dayOfWeek", Some(json!(1)))), one("/dayOfWeek", codes::NOT_ALLOWED));
    assert_eq!(schedule_errors(daily_with("dayOfMonth", Some(json!(15)))), one("/dayOfMonth", codes::NOT_ALLOWED));
    let mut both = daily_with("dayOfWeek", Some(json!(1)));
    both["dayOfMonth"] = json!(15);
    assert_eq!(
        schedule_errors(both),
        vec![
            ("/dayOfWeek".to_owned(), codes::NOT_ALLOWED.to_owned()),
            ("/dayOfMonth".to_owned(), codes::NOT_ALLOWED.to_owned())
        ]
    );
}

#[test]
fn frequency_values() {
    assert_eq!(
        schedule_errors(daily_with("frequency", Some(json!("hourly")))),
        one("/frequency", codes::INVALID_VALUE)
    );
    assert_eq!(schedule_errors(daily_with("frequency", Some(json!("Daily")))), one("/frequency", codes::INVALID_VALUE));
    assert_eq!(schedule_errors(daily_with("frequency", Some(json!(1)))), one("/frequency", codes::INVALID_TYPE));
    assert_eq!(schedule_errors(daily_with("frequency", None)), one("/frequency", codes::MISSING_REQUIRED));
}

#[test]
fn null_counts_as_absent() {
    // Optional fields as null: fine (JS `undefined` arrives as null).
    let mut v = fixture_value("schedule_daily_request");
    v["dayOfWeek"] = Value::Null;
    v["dayOfMonth"] = Value::Null;
    v["name"] = Value::Null;
    assert_eq!(schedule_errors(v.clone()), vec![]);
    assert_eq!(BackupSchedule::from_json(&v).unwrap().name, None);
    // The serialized body leaves them out rather than sending null.
    let body = SetBackupSchedule::from_json(VPS, &v).unwrap().request(&seed_config()).body.unwrap();
    assert_eq!(body, r#"{"frequency":"daily","hour":2,"retentionCount":3,"enabled":true}"#);
    // Required fields as null: missing.
    assert_eq!(schedule_errors(daily_with("enabled", Some(Value::Null))), one("/enabled", codes::MISSING_REQUIRED));
    assert_eq!(schedule_errors(daily_with("hour", Some(Value::Null))), one("/hour", codes::MISSING_REQUIRED));
    let weekly = json!({ "frequency": "weekly", "hour": 2, "dayOfWeek": null, "retentionCount": 3, "enabled": true });
    assert_eq!(schedule_errors(weekly), one("/dayOfWeek", codes::MISSING_REQUIRED));
}

#[test]
fn a_body_that_is_not_an_object() {
    for v in [json!(null), json!([]), json!("daily"), json!(2), json!(true)] {
        assert_eq!(schedule_errors(v.clone()), one("", codes::INVALID_TYPE), "{v}");
        assert_eq!(pc(SchedulePatch::from_json(&v).unwrap_err().errors()), [("", codes::INVALID_TYPE)], "{v}");
    }
}

#[test]
fn every_broken_field_is_reported_at_once() {
    let input = json!({ "frequency": "weekly", "hour": 24, "dayOfMonth": 3, "retentionCount": 0, "enabled": "yes" });
    let mut got: Vec<(String, String)> = schedule_errors(input.clone());
    got.sort();
    let mut want = vec![
        ("/dayOfMonth".to_owned(), codes::NOT_ALLOWED.to_owned()),
        ("/dayOfWeek".to_owned(), codes::MISSING_REQUIRED.to_owned()),
        ("/enabled".to_owned(), codes::INVALID_TYPE.to_owned()),
        ("/hour".to_owned(), codes::OUT_OF_RANGE.to_owned()),
        ("/retentionCount".to_owned(), codes::OUT_OF_RANGE.to_owned()),
    ];
    want.sort();
    assert_eq!(got, want);
    // Through the endpoint, a broken VPS id joins them.
    let err = SetBackupSchedule::from_json("../x", &input).unwrap_err();
    assert_eq!(err.errors().len(), 6);
    assert_eq!(err.errors()[0].pointer, "/vpsId");
    // Every field missing: the four required ones.
    let mut empty: Vec<String> = schedule_errors(json!({})).into_iter().map(|(p, _)| p).collect();
    empty.sort();
    assert_eq!(empty, ["/enabled", "/frequency", "/hour", "/retentionCount"]);
}

#[test]
fn typed_schedule_constructor_checks_ranges() {
    assert!(BackupSchedule::new(Cadence::Weekly { day_of_week: 6 }, 23, 1, true, None).is_ok());
    let e = BackupSchedule::new(Cadence::Weekly { day_of_week: 7 }, 24, 0, true, None).unwrap_err();
    let mut got = pc(e.errors());
    got.sort();
    assert_eq!(
        got,
        [("/dayOfWeek", codes::OUT_OF_RANGE), ("/hour", codes::OUT_OF_RANGE), ("/retentionCount", codes::OUT_OF_RANGE)]
    );
    let e = BackupSchedule::new(Cadence::Monthly { day_of_month: 0 }, 0, 1, true, None).unwrap_err();
    assert_eq!(pc(e.errors()), [("/dayOfMonth", codes::OUT_OF_RANGE)]);
}

// ---------------------------------------------------------------- ids in paths (API.md "Basics")

const BAD_IDS: &[(&str, &str)] = &[
    ("", codes::MISSING_REQUIRED),
    ("a/b", codes::INVALID_FORMAT),
    ("..", codes::INVALID_FORMAT),
    (".", codes::INVALID_FORMAT),
    ("a?b", codes::INVALID_FORMAT),
    ("a#b", codes::INVALID_FORMAT),
    ("a%2Fb", codes::INVALID_FORMAT),
    ("a b", codes::INVALID_FORMAT),
    ("a\u{0}b", codes::INVALID_FORMAT),
    ("a\u{FF0F}b", codes::INVALID_FORMAT), // fullwidth solidus
    ("a\\b", codes::INVALID_FORMAT),
    ("vps_1\r\nX-Injected: 1", codes::INVALID_FORMAT),
];

fn long_id(len: usize) -> String {
    format!("vps_{}", "a".repeat(len - 4))
}

/// Every constructor that takes ids, with one id under test at `pointer`.
fn constructors_with(id: &str) -> Vec<(&'static str, Result<(), ValidationErrors>)> {
    let c = seed_config();
    let ok = |r: Result<(), ValidationErrors>| r;
    let schedule = BackupSchedule::new(Cadence::Daily, 2, 3, true, None).unwrap();
    let patch = json!({ "enabled": false });
    vec![
        ("/vpsId", ok(ListBackups::new(id).map(drop))),
        ("/vpsId", ok(ListSnapshots::new(id).map(drop))),
        ("/vpsId", ok(ListBackupSchedules::new(id).map(drop))),
        ("/vpsId", ok(GetVps::new(id).map(drop))),
        ("/vpsId", ok(GetVpsStatus::new(id).map(drop))),
        ("/vpsId", ok(CreateBackup::new(id, None).map(drop))),
        ("/vpsId", ok(CreateSnapshot::new(id, "before-upgrade", Description::Omitted).map(drop))),
        ("/vpsId", ok(SetBackupSchedule::new(id, schedule.clone()).map(drop))),
        ("/vpsId", ok(UpdateBackupSchedules::from_json(id, &patch).map(drop))),
        ("/vpsId", ok(RestoreSnapshot::new(id, "before-upgrade", "before-upgrade").map(drop))),
        ("/vpsId", ok(DeleteSnapshot::new(id, "before-upgrade").map(drop))),
        ("/vpsId", ok(RestoreBackup::new(id, "bkp_1", "bkp_1").map(drop))),
        ("/backupId", ok(RestoreBackup::new(VPS, id, id).map(drop))),
        ("/vpsId", ok(DeleteBackup::new(id, "bkp_1").map(drop))),
        ("/backupId", ok(DeleteBackup::new(VPS, id).map(drop))),
        ("/vpsId", ok(DeleteBackupSchedule::new(id, "bks_1").map(drop))),
        ("/scheduleId", ok(DeleteBackupSchedule::new(VPS, id).map(drop))),
        ("/jobId", ok(GetJob::new(id, &c).map(drop))),
    ]
}

#[test]
fn unsafe_ids_are_rejected_before_any_request_exists() {
    let too_long = long_id(129);
    let mut cases: Vec<(&str, &str)> = BAD_IDS.to_vec();
    cases.push((&too_long, codes::TOO_LONG));
    for (id, code) in cases {
        for (pointer, result) in constructors_with(id) {
            let err = result.expect_err(&format!("{id:?} at {pointer}"));
            assert_eq!(pc(err.errors()), [(pointer, code)], "{id:?}");
        }
        assert_eq!(ResourceId::parse_at(id, "/vpsId").unwrap_err().code, code, "{id:?}");
    }
}

#[test]
fn real_ids_are_accepted() {
    let max = long_id(128);
    for id in ["vps_01hxa3b4c5d6e7f8g9h0j1k2m3", "bkp_01hxa3b4c5d6e7f8g9h0j1k2m3", "job_1", "a", "a.b", "a~b-c_d", &max]
    {
        for (pointer, result) in constructors_with(id) {
            assert!(result.is_ok(), "{id:?} at {pointer}: {result:?}");
        }
        let url = ListBackups::new(id).unwrap().request(&seed_config()).url;
        assert_eq!(url, format!("{BASE}/api/v2/vps/{id}/backups"));
    }
}

// ---------------------------------------------------------------- PATCH (inferred)

#[test]
fn patch_checks_present_fields() {
    let ok = |v: Value| SchedulePatch::from_json(&v).map(|p| Value::Object(p.fields().clone()));
    assert_eq!(ok(json!({ "enabled": false })).unwrap(), json!({ "enabled": false }));
    assert_eq!(ok(json!({ "hour": 23, "retentionCount": 1 })).unwrap(), json!({ "hour": 23, "retentionCount": 1 }));
    let cases = [
        (json!({ "hour": 24 }), "/hour", codes::OUT_OF_RANGE),
        (json!({ "hour": -1 }), "/hour", codes::OUT_OF_RANGE),
        (json!({ "hour": "2" }), "/hour", codes::INVALID_TYPE),
        (json!({ "dayOfWeek": 7 }), "/dayOfWeek", codes::OUT_OF_RANGE),
        (json!({ "dayOfMonth": 0 }), "/dayOfMonth", codes::OUT_OF_RANGE),
        (json!({ "dayOfMonth": 32 }), "/dayOfMonth", codes::OUT_OF_RANGE),
        (json!({ "retentionCount": 0 }), "/retentionCount", codes::OUT_OF_RANGE),
        (json!({ "enabled": 1 }), "/enabled", codes::INVALID_TYPE),
        (json!({ "frequency": "hourly" }), "/frequency", codes::INVALID_VALUE),
        (json!({ "id": "a/b", "enabled": true }), "/id", codes::INVALID_FORMAT),
        (json!({ "id": 5, "enabled": true }), "/id", codes::INVALID_TYPE),
    ];
    for (v, pointer, code) in cases {
        let err = SchedulePatch::from_json(&v).unwrap_err();
        assert_eq!(pc(err.errors()), [(pointer, code)], "{v}");
    }
}

#[test]
fn patch_day_rules_when_frequency_changes() {
    let err = SchedulePatch::from_json(&json!({ "frequency": "weekly" })).unwrap_err();
    assert_eq!(pc(err.errors()), [("/dayOfWeek", codes::MISSING_REQUIRED)]);
    let err = SchedulePatch::from_json(&json!({ "frequency": "monthly", "dayOfWeek": 2 })).unwrap_err();
    let mut got = pc(err.errors());
    got.sort();
    assert_eq!(got, [("/dayOfMonth", codes::MISSING_REQUIRED), ("/dayOfWeek", codes::NOT_ALLOWED)]);
    assert!(SchedulePatch::from_json(&json!({ "frequency": "weekly", "dayOfWeek": 1 })).is_ok());
    // Becoming daily drops the weekday with an explicit null, which is sent as null.
    let p = SchedulePatch::from_json(&json!({ "frequency": "daily", "dayOfWeek": null })).unwrap();
    let req = UpdateBackupSchedules::from_json(VPS, &json!({ "frequency": "daily", "dayOfWeek": null }))
        .unwrap()
        .request(&seed_config());
    let sent: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, json!({ "frequency": "daily", "dayOfWeek": null }));
    assert_eq!(Value::Object(p.fields().clone()), sent);
}

#[test]
fn empty_patch_is_rejected() {
    for v in [json!({}), json!({ "id": "bks_1" }), json!({ "unknown": 1 })] {
        let err = SchedulePatch::from_json(&v).unwrap_err();
        assert_eq!(pc(err.errors()), [("", codes::MISSING_REQUIRED)], "{v}");
    }
    let err = UpdateBackupSchedules::from_json("a b", &json!({})).unwrap_err();
    assert_eq!(pc(err.errors()), [("/vpsId", codes::INVALID_FORMAT), ("", codes::MISSING_REQUIRED)]);
}

// ---------------------------------------------------------------- backup options (seeds/000)

#[test]
fn backup_options() {
    let err = BackupInput::from_json(&json!({ "note": 5 })).unwrap_err();
    assert_eq!(pc(err.errors()), [("/note", codes::INVALID_TYPE)]);
    let err = BackupInput::from_json(&json!({ "mode": "suspend" })).unwrap_err();
    assert_eq!(pc(err.errors()), [("/mode", codes::NOT_ALLOWED)]);
    let err = BackupInput::from_json(&json!("Before upgrade")).unwrap_err();
    assert_eq!(pc(err.errors()), [("", codes::INVALID_TYPE)]);
    let err = CreateBackup::from_json("", &json!({ "note": 5, "mode": "stop" })).unwrap_err();
    assert_eq!(
        pc(err.errors()),
        [("/vpsId", codes::MISSING_REQUIRED), ("/note", codes::INVALID_TYPE), ("/mode", codes::NOT_ALLOWED)]
    );
    assert_eq!(BackupInput::from_json(&json!({ "note": "x" })).unwrap().note.as_deref(), Some("x"));
    assert_eq!(BackupInput::from_json(&json!({ "mode": null })).unwrap().note, None);
}

#[test]
fn a_restore_cannot_be_built_without_its_confirmation() {
    // Missing and wrong confirmations, alone and together with broken ids: every broken part at once.
    let missing = RestoreSnapshot::new(VPS, "before-upgrade", "").unwrap_err();
    assert_eq!(pc(missing.errors()), [("/confirm", codes::MISSING_REQUIRED)]);
    let wrong = RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrad").unwrap_err();
    assert_eq!(pc(wrong.errors()), [("/confirm", codes::INVALID_VALUE)]);
    let all = RestoreSnapshot::new("a/b", "x y", "x").unwrap_err();
    assert_eq!(
        pc(all.errors()),
        [("/vpsId", codes::INVALID_FORMAT), ("/snapshotId", codes::INVALID_FORMAT), ("/confirm", codes::INVALID_VALUE)]
    );
    let backup = RestoreBackup::new(VPS, "bkp_1", "bkp_2").unwrap_err();
    assert_eq!(pc(backup.errors()), [("/confirm", codes::INVALID_VALUE)]);
    assert!(backup.errors()[0].detail.contains("backup id"), "{:?}", backup.errors());
    let both = RestoreBackup::new("", "", "bkp_1").unwrap_err();
    assert_eq!(
        pc(both.errors()),
        [
            ("/vpsId", codes::MISSING_REQUIRED),
            ("/backupId", codes::MISSING_REQUIRED),
            ("/confirm", codes::INVALID_VALUE)
        ]
    );
    // Confirmed, it builds; the confirmation is not part of the request.
    assert!(RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrade").is_ok());
    assert!(RestoreBackup::new(VPS, "bkp_1", "bkp_1").is_ok());
}

#[test]
fn integer_valued_numbers_are_integers_and_huge_ones_are_out_of_range() {
    // docs/inferred.md "Integer-valued numbers": `18.0` is 18 (JSON Schema, JSON.parse); 2^63 is an integer, too
    // large; `18.5` is not an integer. The simulator answers the same (crates/sim/tests/contract.rs).
    let ok = BackupSchedule::from_json(&json!({ "frequency": "daily", "hour": 18.0, "retentionCount": 7.0,
                                                "enabled": true }));
    assert!(ok.is_ok(), "{ok:?}");
    let huge = BackupSchedule::from_json(&json!({ "frequency": "daily", "hour": 3,
                                                  "retentionCount": 9_223_372_036_854_775_808u64, "enabled": true }))
    .unwrap_err();
    assert_eq!(pc(huge.errors()), [("/retentionCount", codes::OUT_OF_RANGE)]);
    assert!(huge.errors()[0].detail.contains("at least 1"), "{:?}", huge.errors());
    let float_huge = BackupSchedule::from_json(&json!({ "frequency": "daily", "hour": 1e300,
                                                        "retentionCount": 1, "enabled": true }))
    .unwrap_err();
    assert_eq!(pc(float_huge.errors()), [("/hour", codes::OUT_OF_RANGE)]);
    let half = BackupSchedule::from_json(&json!({ "frequency": "daily", "hour": 18.5, "retentionCount": 1,
                                                  "enabled": true }))
    .unwrap_err();
    assert_eq!(pc(half.errors()), [("/hour", codes::INVALID_TYPE)]);
}

#[test]
fn loosely_typed_ids_are_reported_with_the_body() {
    // What a JavaScript caller can pass: nothing, or not text. Core reports it at the id's pointer, beside every
    // broken body field, so no adapter has to re-validate or filter.
    use hostup_core::Arg;
    let e = CreateSnapshot::from_json(Arg::Missing, &json!({ "name": "a b" })).unwrap_err();
    assert_eq!(pc(e.errors()), [("/vpsId", codes::MISSING_REQUIRED), ("/name", codes::INVALID_FORMAT)]);
    let e = DeleteBackup::new(Arg::NotText, Arg::Missing).unwrap_err();
    assert_eq!(pc(e.errors()), [("/vpsId", codes::INVALID_TYPE), ("/backupId", codes::MISSING_REQUIRED)]);
    assert_eq!(e.errors()[0].detail, "`vpsId` must be a string.");
    // A restore whose target is missing reports the target, not a mismatched confirmation.
    let e = RestoreSnapshot::new(VPS, Arg::NotText, "x").unwrap_err();
    assert_eq!(pc(e.errors()), [("/snapshotId", codes::INVALID_TYPE)]);
    // Text converts, so Rust callers pass &str as before.
    assert!(ListBackups::new(VPS).is_ok());
}
