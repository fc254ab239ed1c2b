//! Every endpoint's `parse` over an arbitrary status, headers and body (framed as in `common.rs`, first line
//! `<endpoint 0-16> <status>`). Oracles: no panic; a non-2xx status is always a typed `Api` error carrying that
//! status (or `TooLarge`); a success is only ever parsed from a 2xx; decode pointers are JSON pointers. The same body
//! through the walker (the npm package's reader) never panics and names JSON pointers too; drift reports agree.
#![no_main]

#[path = "common.rs"]
mod common;

use hostup_core::wire::Shaped;
use hostup_core::{
    shape, Job, Operation, Problem, BackupSchedule, Cadence, Config, CreateBackup, CreateSnapshot, DeleteBackup, DeleteBackupSchedule,
    DeleteSnapshot, Description, Endpoint, Error, GetJob, GetVps, GetVpsStatus, ListBackupSchedules, ListBackups,
    ListSnapshots, ListVps, Response, RestoreBackup, RestoreSnapshot, SetBackupSchedule, UpdateBackupSchedules,
    MAX_BODY_BYTES,
};
use libfuzzer_sys::fuzz_target;

const VPS: &str = "vps_01hxa3b4c5d6e7f8g9h0j1k2m3";

fn run<E: Endpoint>(endpoint: &E, resp: &Response)
where
    E::Output: std::fmt::Debug,
{
    let parsed = endpoint.parse(resp);
    let ok2xx = (200..300).contains(&resp.status);
    match &parsed {
        Ok(out) => {
            assert!(ok2xx, "a {} parsed as success", resp.status);
            let _ = format!("{out:?}");
        }
        Err(Error::TooLarge { len, max }) => assert!(*len > *max && *max == MAX_BODY_BYTES),
        Err(Error::Api(api)) => {
            assert!(!ok2xx, "a 2xx became an API error");
            assert_eq!(api.status, resp.status);
            assert!(!api.code.is_empty());
            let _ = api.message();
        }
        Err(Error::Decode { status, pointer, .. }) => {
            assert!(ok2xx, "only a success body is decoded");
            assert_eq!(*status, resp.status);
            assert!(common::is_pointer(pointer), "pointer {pointer:?}");
        }
        Err(Error::Validation(_)) => panic!("parse never validates input"),
    }
    if let Err(e) = &parsed {
        let _ = e.to_string();
    }
    // Drift reporting reads the same body the same way: same verdict, and its pointers are JSON pointers.
    match endpoint.parse_reporting(resp) {
        Ok((_, drift)) => {
            assert!(parsed.is_ok(), "parse_reporting accepted what parse refused");
            for d in &drift {
                assert!(common::is_pointer(&d.pointer), "drift pointer {:?}", d.pointer);
                assert_eq!(d.value.is_some(), d.kind == hostup_core::DriftKind::UnknownValue);
            }
        }
        Err(_) => assert!(parsed.is_err(), "parse_reporting refused what parse accepted"),
    }
    // The npm package's path: the same body as a parsed value, checked by the walker, then read by any reader.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&resp.body) {
        match shape::read_wire(Some(&value), E::WIRE, &mut |_, _, _| {}) {
            Ok(Some(out)) => {
                let _ = (Job::read(&out), Problem::read(&out), Operation::read(&out));
            }
            Ok(None) => {}
            Err(e) => assert!(common::is_pointer(&e.pointer), "pointer {:?}", e.pointer),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (first, resp) = common::response(data);
    let which: u8 = first.split_whitespace().next().and_then(|w| w.parse().ok()).unwrap_or(0);
    let config = Config::new("https://cloud.hostup.se", None).unwrap();
    match which % 17 {
        0 => run(&ListVps, &resp),
        1 => run(&GetVps::new(VPS).unwrap(), &resp),
        2 => run(&GetVpsStatus::new(VPS).unwrap(), &resp),
        3 => run(&ListBackups::new(VPS).unwrap(), &resp),
        4 => run(&CreateBackup::new(VPS, Some("note".into())).unwrap(), &resp),
        5 => run(&RestoreBackup::new(VPS, "bk_1", "bk_1").unwrap(), &resp),
        6 => run(&DeleteBackup::new(VPS, "bk_1").unwrap(), &resp),
        7 => run(&ListSnapshots::new(VPS).unwrap(), &resp),
        8 => run(&CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap(), &resp),
        9 => run(&RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrade").unwrap(), &resp),
        10 => run(&DeleteSnapshot::new(VPS, "before-upgrade").unwrap(), &resp),
        11 => run(&ListBackupSchedules::new(VPS).unwrap(), &resp),
        12 => {
            let s = BackupSchedule::new(Cadence::Daily, 2, 7, true, None).unwrap();
            run(&SetBackupSchedule::new(VPS, s).unwrap(), &resp)
        }
        13 => run(&UpdateBackupSchedules::from_json(VPS, &serde_json::json!({ "hour": 3 })).unwrap(), &resp),
        14 => run(&DeleteBackupSchedule::new(VPS, "sch_1").unwrap(), &resp),
        15 => run(&GetJob::new("job_1", &config).unwrap(), &resp),
        _ => {
            // The shared gate itself.
            let _ = hostup_core::check(&resp);
        }
    }
});
