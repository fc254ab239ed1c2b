//! The body validators over arbitrary JSON: `BackupSchedule`, `SchedulePatch`, `SnapshotInput`, `BackupInput` and
//! the endpoint constructors that take loose JSON. The input is JSON text (seeded with the reference pages' request
//! bodies). Oracles: no panic; an error lists at least one field, each with a JSON pointer and a known code; an
//! accepted input's request body validates again to the same value (what is sent is what was checked).
#![no_main]

use hostup_core::{
    codes, BackupInput, BackupSchedule, Config, CreateBackup, CreateSnapshot, Endpoint, SchedulePatch,
    SetBackupSchedule, SnapshotInput, UpdateBackupSchedules, ValidationErrors,
};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const VPS: &str = "vps_1";

fn check_errors(e: &ValidationErrors) {
    assert!(!e.errors().is_empty(), "an error with no field");
    let known = [
        codes::MISSING_REQUIRED,
        codes::INVALID_TYPE,
        codes::INVALID_VALUE,
        codes::OUT_OF_RANGE,
        codes::NOT_ALLOWED,
        codes::TOO_LONG,
        codes::INVALID_FORMAT,
    ];
    for f in e.errors() {
        assert!(f.pointer.is_empty() || f.pointer.starts_with('/'), "{f:?}");
        assert!(known.contains(&f.code.as_str()), "{f:?}");
        assert!(!f.detail.is_empty());
    }
    let _ = e.to_string();
}

fn body_of<E: Endpoint>(e: &E) -> Value {
    let config = Config::new("https://cloud.hostup.se", None).unwrap();
    let r = e.request(&config);
    r.body.map_or(Value::Null, |b| serde_json::from_str(&b).expect("the request body is JSON"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else { return };
    match BackupSchedule::from_json(&v) {
        Ok(s) => {
            let sent = body_of(&SetBackupSchedule::new(VPS, s.clone()).expect("valid"));
            assert_eq!(BackupSchedule::from_json(&sent).expect("the sent body validates"), s);
            assert!(s.hour <= 23 && s.retention_count >= 1);
        }
        Err(e) => check_errors(&e),
    }
    match SchedulePatch::from_json(&v) {
        Ok(p) => {
            let sent = body_of(&UpdateBackupSchedules::from_json(VPS, &v).expect("valid"));
            assert_eq!(SchedulePatch::from_json(&sent).expect("the sent body validates"), p);
        }
        Err(e) => check_errors(&e),
    }
    match SnapshotInput::from_json(&v) {
        Ok(s) => {
            let sent = body_of(&CreateSnapshot::from_json(VPS, &v).expect("valid"));
            assert_eq!(SnapshotInput::from_json(&sent).expect("the sent body validates"), s);
        }
        Err(e) => check_errors(&e),
    }
    match BackupInput::from_json(&v) {
        Ok(b) => {
            let sent = body_of(&CreateBackup::from_json(VPS, &v).expect("valid"));
            assert_eq!(BackupInput::from_json(&sent).expect("the sent body validates"), b);
        }
        Err(e) => check_errors(&e),
    }
    // A broken id is reported together with the body's errors.
    if let Err(e) = CreateSnapshot::from_json("../x", &v) {
        assert!(e.errors().iter().any(|f| f.pointer == "/vpsId"));
    }
    if let Err(e) = SetBackupSchedule::from_json("a/b", &v) {
        assert!(e.errors().iter().any(|f| f.pointer == "/vpsId"));
    }
});
