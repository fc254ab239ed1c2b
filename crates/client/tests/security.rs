//! The API key never shows in any error, debug output or request dump; hostile ids never reach the network.

mod common;

use common::Sim;
use hostup_client::core::{BackupSchedule, Cadence, Description, Endpoint, GetVps, RetryPolicy};
use hostup_client::{Error, JobTarget, WaitOptions};
use serde_json::json;
use std::collections::BTreeSet;

const KEY: &str = "sk_live_SECRET123";
const READ_ONLY: &str = "sk_live_readonly";

fn assert_no_key(what: &str, text: &str) {
    assert!(!text.contains("SECRET123"), "{what} leaks the key: {text}");
}

fn assert_error_clean(e: &Error) {
    assert_no_key("Display", &format!("{e}"));
    assert_no_key("Debug", &format!("{e:?}"));
    assert_no_key("alternate Debug", &format!("{e:#?}"));
}

/// A short name for the error's shape, to check every path was exercised.
fn shape(e: &Error) -> String {
    match e {
        Error::Core(hostup_client::core::Error::Api(a)) => format!("api {}", a.status),
        Error::Core(hostup_client::core::Error::Validation(_)) => "validation".into(),
        Error::Core(hostup_client::core::Error::Decode { .. }) => "decode".into(),
        Error::Core(hostup_client::core::Error::TooLarge { .. }) => "too large".into(),
        Error::Network { .. } => "network".into(),
        Error::Timeout { .. } => "timeout".into(),
        Error::JobFailed(_) => "job failed".into(),
        Error::WaitTimedOut { .. } => "wait timed out".into(),
    }
}

#[tokio::test]
async fn the_key_never_appears_in_errors_or_debug_output() {
    let sim = Sim::start(&[
        "--key",
        &format!("{KEY}=read:vm,backup:vm,write:vm"),
        "--key",
        &format!("{READ_ONLY}=read:vm"),
        "--job-ms",
        "150",
        "--seed",
        "4",
        "--rate-limit",
        "100000",
    ]);
    assert_eq!(sim.key(), KEY);
    let c = sim.client();
    assert_no_key("Client Debug", &format!("{c:?}"));
    assert_no_key("Config Debug", &format!("{:?}", c.config()));
    let ids = common::vps_ids(&sim).await;
    let id = &ids[0];
    let request = GetVps::new(id).unwrap().request(c.config());
    assert_eq!(request.header("Authorization"), Some(format!("Bearer {KEY}").as_str()), "the key is sent");
    assert_no_key("Request Debug", &format!("{request:?}"));

    let mut errors: Vec<Error> = Vec::new();
    // API errors: 404, 409, and a validation error before sending.
    errors.push(c.get_vps("vps_doesnotexist").await.unwrap_err());
    let existing = c.list_snapshots(id).await.unwrap().data[0].name.clone();
    errors.push(c.create_snapshot(id, &existing, Description::Omitted).await.unwrap_err());
    errors.push(c.get_vps("../x").await.unwrap_err());
    errors.push(c.create_snapshot(id, "no spaces allowed", Description::Omitted).await.unwrap_err());
    errors.push(c.update_backup_schedules(id, &json!({ "hour": 24 })).await.unwrap_err());

    // 401 with a wrong key, 403 with a key lacking the scope.
    let wrong = common::client_for(&sim.base, "sk_live_SECRET123_but_wrong");
    let e = wrong.list_vps().await.unwrap_err();
    assert!(
        matches!(&e, Error::Core(hostup_client::core::Error::Api(a)) if a.status == 401 && a.code == "unauthorized"),
        "{e:?}"
    );
    assert_no_key("401 Debug", &format!("{e:?} {e} {wrong:?}"));
    errors.push(e);
    let reader = common::client_for(&sim.base, READ_ONLY);
    reader.list_snapshots(id).await.expect("read:vm may read");
    let e = reader.create_snapshot(id, "it-forbidden", Description::Omitted).await.unwrap_err();
    assert!(
        matches!(&e, Error::Core(hostup_client::core::Error::Api(a)) if a.status == 403 && a.code == "forbidden"),
        "{e:?}"
    );
    errors.push(e);

    // 429.
    sim.faults(json!({ "storm": true }));
    errors.push(c.restore_snapshot(id, &existing, &existing).await.unwrap_err());
    sim.faults(json!({ "storm": false }));

    // 500, 502 (HTML), truncated success (decode) and dropped connections, with no retries to hide them.
    let bare = sim.client().with_retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() });
    sim.faults(json!({ "faultRate": 1.0 }));
    let mut kinds = BTreeSet::new();
    for _ in 0..80 {
        let e = bare.list_backups(id).await.unwrap_err();
        if kinds.insert(shape(&e)) {
            errors.push(e);
        }
        if kinds.len() == 4 {
            break;
        }
    }
    assert_eq!(kinds, ["api 500", "api 502", "decode", "network"].map(String::from).into(), "{kinds:?}");
    sim.faults(json!({ "faultRate": 0.0 }));

    // Timeout.
    sim.faults(json!({ "latencyMs": 20000 }));
    let slow = sim.client().with_timeout_ms(100).with_retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() });
    errors.push(slow.list_backups(id).await.unwrap_err());
    sim.faults(json!({ "latencyMs": 0 }));

    // A closed port.
    let dead = common::client_for(&format!("http://127.0.0.1:{}", common::closed_port()), KEY);
    errors.push(dead.list_vps().await.unwrap_err());
    assert_no_key("dead client Debug", &format!("{dead:?}"));

    // A failed job and a wait that timed out.
    sim.faults(json!({ "jobFailRate": 1.0 }));
    let op = c.create_snapshot(&ids[1], "it-fails", Description::Omitted).await.unwrap();
    let opts = || WaitOptions { timeout_ms: Some(5_000), ..Default::default() };
    errors.push(c.wait_for_job(JobTarget::Operation(op), opts()).await.unwrap_err());
    sim.faults(json!({ "jobFailRate": 0.0 }));
    let op = c.create_backup(&ids[2], None).await.unwrap();
    let short = WaitOptions { timeout_ms: Some(100), ..Default::default() };
    errors.push(c.wait_for_job(JobTarget::Operation(op), short).await.unwrap_err());

    let shapes: BTreeSet<String> = errors.iter().map(shape).collect();
    println!("checked {} errors: {shapes:?}", errors.len());
    for expected in [
        "api 401",
        "api 403",
        "api 404",
        "api 409",
        "api 429",
        "api 500",
        "api 502",
        "validation",
        "decode",
        "network",
        "timeout",
        "job failed",
        "wait timed out",
    ] {
        assert!(shapes.contains(expected), "missing {expected}: {shapes:?}");
    }
    for e in &errors {
        assert_error_clean(e);
    }
}

#[tokio::test]
async fn hostile_ids_are_refused_before_any_request() {
    let sim = Sim::start(&[]);
    let c = sim.client();
    let good = common::vps_ids(&sim).await.remove(0);
    let long = "a".repeat(10 * 1024);
    let hostile: Vec<&str> = vec![
        "../x",
        "..",
        ".",
        "a/b",
        "a%2Fb",
        "a?b",
        "a#b",
        "a b",
        "a\u{FF0F}b",
        &long,
        "a\u{0}b",
        "a\nb",
        "a\r\nHost: evil",
        "a\tb",
        "\u{7F}",
        "",
        "vps_\u{202E}x",
    ];
    let before = sim.requests();
    let schedule = || BackupSchedule::new(Cadence::Daily, 2, 3, true, None).unwrap();
    let mut checked = 0;
    for bad in &hostile {
        let results: Vec<(&str, Result<(), Error>)> = vec![
            ("get_vps", c.get_vps(bad).await.map(drop)),
            ("get_vps_status", c.get_vps_status(bad).await.map(drop)),
            ("list_backups", c.list_backups(bad).await.map(drop)),
            ("create_backup", c.create_backup(bad, None).await.map(drop)),
            ("restore_backup vps", c.restore_backup(bad, "bkp_x", "bkp_x").await.map(drop)),
            ("restore_backup id", c.restore_backup(&good, bad, bad).await.map(drop)),
            ("delete_backup", c.delete_backup(&good, bad).await.map(drop)),
            ("list_snapshots", c.list_snapshots(bad).await.map(drop)),
            ("create_snapshot vps", c.create_snapshot(bad, "ok", Description::Omitted).await.map(drop)),
            ("create_snapshot name", c.create_snapshot(&good, bad, Description::Omitted).await.map(drop)),
            ("restore_snapshot", c.restore_snapshot(&good, bad, bad).await.map(drop)),
            ("delete_snapshot", c.delete_snapshot(&good, bad).await.map(drop)),
            ("list_backup_schedules", c.list_backup_schedules(bad).await.map(drop)),
            ("set_backup_schedule", c.set_backup_schedule(bad, schedule()).await.map(drop)),
            ("update_backup_schedules", c.update_backup_schedules(bad, &json!({ "hour": 3 })).await.map(drop)),
            ("delete_backup_schedule", c.delete_backup_schedule(&good, bad).await.map(drop)),
            ("get_job", c.get_job(bad).await.map(drop)),
            ("get_job url", c.get_job(&format!("/api/jobs/{bad}")).await.map(drop)),
            ("wait_for_job", c.wait_for_job(JobTarget::Id(bad.to_string()), WaitOptions::default()).await.map(drop)),
        ];
        for (method, r) in results {
            assert!(
                matches!(r, Err(Error::Core(hostup_client::core::Error::Validation(_)))),
                "{method}({bad:?}) gave {r:?}"
            );
            let text = format!("{}", r.unwrap_err());
            assert!(text.len() < 1000, "the message does not echo a 10 KB id");
            checked += 1;
        }
    }
    assert_eq!(sim.requests(), before, "no hostile id reached the server");
    println!("{checked} hostile calls refused, 0 requests sent");
}

#[tokio::test]
async fn a_restore_without_its_confirmation_sends_nothing() {
    let sim = Sim::start(&[]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let backups = c.list_backups(&id).await.unwrap();
    let backup = backups.backups[0].id.clone();
    let before = sim.requests();
    for (confirm, code) in [("", "missing_required"), ("not-it", "invalid_value")] {
        let e = c.restore_snapshot(&id, "before-upgrade", confirm).await.unwrap_err();
        let errors = e.validation().expect("a validation error").errors();
        assert_eq!((errors[0].pointer.as_str(), errors[0].code.as_str()), ("/confirm", code), "{e}");
        let e = c.restore_backup(&id, &backup, confirm).await.unwrap_err();
        assert_eq!(e.validation().expect("a validation error").errors()[0].pointer, "/confirm");
    }
    assert_eq!(sim.requests(), before, "nothing reached the server");
    assert_eq!(sim.stats()["restoresAccepted"], 0);
}
