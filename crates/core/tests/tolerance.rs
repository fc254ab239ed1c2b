//! Tolerant parsing: what the server may send beyond the seeds (unknown values and fields, inferred shapes) parses
//! without a crash, and what is really broken is reported with the exact place.

mod common;

use common::*;
use hostup_core::{
    CreateBackup, DeleteBackup, DeleteBackupSchedule, DeleteSnapshot, Endpoint, Error, Frequency, GetJob, GetVps,
    GetVpsStatus, JobKind, ListBackups, ListSnapshots, ListVps, OperationStatus, Response, ScheduleStatus,
    SetBackupSchedule, MAX_BODY_BYTES,
};
use serde_json::{json, Value};

fn schedule_call() -> SetBackupSchedule {
    SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap()
}

fn job_call() -> GetJob {
    GetJob::new(JOB, &seed_config()).unwrap()
}

/// The seed's 201 schedule with `key` set to `value`.
fn schedule_with(key: &str, value: Value) -> Response {
    let mut body = fixture_value("schedule_201");
    body[key] = value;
    json_response(201, &body.to_string())
}

/// The seed's backup list with a second backup built from the first, then changed by `edit`.
fn two_backups(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Response {
    let mut body = fixture_value("backups_list_200");
    let mut second = body["backups"][0].as_object().unwrap().clone();
    second.insert("id".into(), json!("bkp_2"));
    edit(&mut second);
    body["backups"].as_array_mut().unwrap().push(Value::Object(second));
    json_response(200, &body.to_string())
}

fn decode_pointer(err: Error) -> String {
    match err {
        Error::Decode { pointer, status, .. } => {
            assert!((200..300).contains(&status));
            pointer
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn unknown_job_status_is_kept_and_round_trips() {
    let job = job_call().parse(&json_response(200, r#"{"status":"paused","jobId":"job_1"}"#)).unwrap();
    assert_eq!(job.status, OperationStatus::Unknown("paused".into()));
    assert!(!job.status.is_terminal());
    assert_eq!(serde_json::to_value(&job.status).unwrap(), json!("paused"));
    for known in ["pending", "queued", "in_progress", "completed", "failed"] {
        let status: OperationStatus = serde_json::from_value(json!(known)).unwrap();
        assert!(!matches!(status, OperationStatus::Unknown(_)), "{known}");
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(known));
    }
}

#[test]
fn empty_and_unknown_schedule_status() {
    let s = schedule_call().parse(&schedule_with("status", json!(""))).unwrap();
    assert_eq!(s.status, Some(ScheduleStatus::Empty));
    assert_eq!(serde_json::to_value(&s.status).unwrap(), json!(""));

    let s = schedule_call().parse(&schedule_with("status", json!("weird"))).unwrap();
    assert_eq!(s.status, Some(ScheduleStatus::Unknown("weird".into())));
    assert_eq!(serde_json::to_value(&s.status).unwrap(), json!("weird"));

    // The provider's own "unknown" is a known value, distinct from a value we do not know.
    let s = schedule_call().parse(&schedule_with("status", json!("unknown"))).unwrap();
    assert_eq!(s.status, Some(ScheduleStatus::UnknownStatus));
    assert_eq!(serde_json::to_value(&s.status).unwrap(), json!("unknown"));
}

#[test]
fn unknown_frequency_is_kept() {
    let s = schedule_call().parse(&schedule_with("frequency", json!("yearly"))).unwrap();
    assert_eq!(s.frequency, Frequency::Unknown("yearly".into()));
    assert_eq!(serde_json::to_value(&s.frequency).unwrap(), json!("yearly"));
    assert_eq!(serde_json::to_value(&s).unwrap()["frequency"], json!("yearly"));
}

#[test]
fn unknown_fields_are_ignored() {
    let mut body = fixture_value("backups_list_200");
    body["pagination"] = json!({ "next": null });
    body["backups"][0]["region"] = json!("se-sto");
    body["quotaInfo"]["unit"] = json!("backups");
    body["actions"]["canDelete"] = json!({ "allowed": true, "reason": null });
    body["actions"]["canRestore"]["since"] = json!(3);
    let list = ListBackups::new(VPS).unwrap().parse(&json_response(200, &body.to_string())).unwrap();
    assert_eq!(list.backups[0].id, "bkp_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(list.quota_info.limit, Some(3));

    let mut op = fixture_value("snapshot_create_202");
    op["operation"]["eta"] = json!(30);
    op["trace"] = json!("x");
    let parsed = CreateBackup::new(VPS, None).unwrap().parse(&json_response(202, &op.to_string())).unwrap();
    assert_eq!(parsed.job_id, JOB);
}

#[test]
fn missing_required_field_names_its_exact_path() {
    let resp = two_backups(|b| {
        b.remove("sizeGb");
    });
    let err = ListBackups::new(VPS).unwrap().parse(&resp).unwrap_err();
    assert_eq!(decode_pointer(err), "/backups/1/sizeGb");

    let mut body = fixture_value("backups_list_200");
    body.as_object_mut().unwrap().remove("quotaInfo");
    let err = ListBackups::new(VPS).unwrap().parse(&json_response(200, &body.to_string())).unwrap_err();
    assert_eq!(decode_pointer(err), "/quotaInfo");

    let mut body = fixture_value("backups_list_200");
    body["actions"]["canCreateBackup"].as_object_mut().unwrap().remove("allowed");
    let err = ListBackups::new(VPS).unwrap().parse(&json_response(200, &body.to_string())).unwrap_err();
    assert_eq!(decode_pointer(err), "/actions/canCreateBackup/allowed");
}

#[test]
fn missing_nullable_field_reads_as_null() {
    let resp = two_backups(|b| {
        b.remove("note");
        b.remove("createdAt");
    });
    let list = ListBackups::new(VPS).unwrap().parse(&resp).unwrap();
    assert_eq!(list.backups[1].note, None);
    assert_eq!(list.backups[1].created_at, None);
}

#[test]
fn wrong_type_names_its_exact_path() {
    let resp = two_backups(|b| {
        b.insert("sizeGb".into(), json!("12.4"));
    });
    let err = ListBackups::new(VPS).unwrap().parse(&resp).unwrap_err();
    assert_eq!(decode_pointer(err), "/backups/1/sizeGb");

    let mut body = fixture_value("backups_list_200");
    body["quotaInfo"]["used"] = json!(-1);
    let err = ListBackups::new(VPS).unwrap().parse(&json_response(200, &body.to_string())).unwrap_err();
    assert_eq!(decode_pointer(err), "/quotaInfo/used");

    let err = GetJob::new(JOB, &seed_config())
        .unwrap()
        .parse(&json_response(200, r#"{"operation":{"status":"queued","jobId":7}}"#))
        .unwrap_err();
    assert_eq!(decode_pointer(err), "/operation/jobId");
}

#[test]
fn trailing_garbage_is_an_error() {
    let body = format!("{}x", fixture("backups_list_200"));
    let err = ListBackups::new(VPS).unwrap().parse(&json_response(200, &body)).unwrap_err();
    assert_eq!(decode_pointer(err), "");

    let body = format!("{}{{}}", fixture("snapshot_create_202"));
    assert!(matches!(
        CreateBackup::new(VPS, None).unwrap().parse(&json_response(202, &body)),
        Err(Error::Decode { .. })
    ));
    assert!(matches!(
        job_call().parse(&json_response(200, r#"{"status":"queued","jobId":"job_1"} ]"#)),
        Err(Error::Decode { .. })
    ));
    // Trailing whitespace is not garbage.
    let body = format!("{}\n\r\n  ", fixture("backups_list_200"));
    assert!(ListBackups::new(VPS).unwrap().parse(&json_response(200, &body)).is_ok());
}

#[test]
fn body_over_the_limit_is_too_large() {
    let mut body = fixture("backups_list_200").into_bytes();
    body.resize(MAX_BODY_BYTES + 1, b' ');
    for status in [200, 500] {
        let resp = Response { status, headers: vec![], body: body.clone() };
        let err = ListBackups::new(VPS).unwrap().parse(&resp).unwrap_err();
        assert_eq!(err, Error::TooLarge { len: MAX_BODY_BYTES + 1, max: MAX_BODY_BYTES });
    }
    // Exactly at the limit is still parsed.
    body.truncate(MAX_BODY_BYTES);
    let resp = Response { status: 200, headers: vec![], body };
    assert!(ListBackups::new(VPS).unwrap().parse(&resp).is_ok());
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let arrays = "[".repeat(10_000);
    let objects = r#"{"a":"#.repeat(10_000);
    for body in [arrays, objects] {
        let ok = json_response(200, &body);
        assert!(matches!(ListBackups::new(VPS).unwrap().parse(&ok), Err(Error::Decode { .. })));
        assert!(matches!(job_call().parse(&ok), Err(Error::Decode { .. })));
        assert!(matches!(GetVps::new(VPS).unwrap().parse(&ok), Err(Error::Decode { .. })));
        // As an error body it is not a problem document: the snippet path takes it.
        let err = ListBackups::new(VPS).unwrap().parse(&json_response(500, &body)).unwrap_err();
        let api = err.as_api().expect("api error");
        assert_eq!(api.code, "http_500");
        assert!(api.snippet.as_ref().unwrap().chars().count() <= 161);
    }
}

#[test]
fn job_parses_bare_and_wrapped() {
    let bare = json!({ "status": "in_progress", "jobId": JOB, "pollUrl": format!("/api/jobs/{JOB}"),
                       "result": null, "kind": "snapshot", "createdAt": "2026-04-27T12:00:00.000Z",
                       "updatedAt": "2026-04-27T12:00:05.000Z", "error": null });
    let wrapped = json!({ "operation": bare.clone() });
    let a = job_call().parse(&json_response(200, &bare.to_string())).unwrap();
    let b = job_call().parse(&json_response(200, &wrapped.to_string())).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.status, OperationStatus::InProgress);
    assert_eq!(a.job_id, JOB);
    assert_eq!(a.poll_url.as_deref(), Some(format!("/api/jobs/{JOB}").as_str()));
    assert_eq!(a.kind, Some(JobKind::Snapshot));
    assert_eq!(a.created_at.as_deref(), Some("2026-04-27T12:00:00.000Z"));
    assert_eq!(a.updated_at.as_deref(), Some("2026-04-27T12:00:05.000Z"));
    assert_eq!(a.error, None);

    // The operation envelope of a seed, answered by the job endpoint, parses too.
    let seed = job_call().parse(&json_response(200, &fixture("snapshot_restore_202"))).unwrap();
    assert_eq!(seed.status, OperationStatus::Queued);
    assert_eq!(Value::Object(seed.result.unwrap()), json!({ "snapshotName": "before-upgrade" }));

    let odd = job_call().parse(&json_response(200, r#"{"status":"completed","jobId":"j","kind":"migrate"}"#)).unwrap();
    assert_eq!(odd.kind, Some(JobKind::Unknown("migrate".into())));
}

#[test]
fn failed_job_carries_its_problem() {
    let body = json!({ "operation": { "status": "failed", "jobId": JOB, "pollUrl": format!("/api/jobs/{JOB}"),
        "result": null, "kind": "backup",
        "error": { "type": "https://developer.hostup.se/errors/internal_error", "title": "Internal server error",
                   "status": 500, "detail": "The backup storage did not answer.", "code": "internal_error",
                   "requestId": "req_01hxfailed", "timestamp": "2026-04-27T12:34:56.000Z" } } });
    let job = job_call().parse(&json_response(200, &body.to_string())).unwrap();
    assert_eq!(job.status, OperationStatus::Failed);
    assert!(job.status.is_terminal());
    let problem = job.error.expect("error");
    assert_eq!(problem.request_id.as_deref(), Some("req_01hxfailed"));
    assert_eq!(problem.code.as_deref(), Some("internal_error"));
    assert_eq!(problem.status, Some(500));
    assert_eq!(problem.detail.as_deref(), Some("The backup storage did not answer."));
}

#[test]
fn vps_details_parse_bare_and_wrapped() {
    let vps = json!({ "id": VPS, "name": "web-1", "hostname": "web-1.example.se", "status": "running",
                      "region": "se-sto", "createdAt": "2026-01-01T00:00:00.000Z", "plan": { "cpu": 2 } });
    let call = GetVps::new(VPS).unwrap();
    let bare = call.parse(&json_response(200, &vps.to_string())).unwrap();
    let wrapped = call.parse(&json_response(200, &json!({ "data": vps }).to_string())).unwrap();
    assert_eq!(bare, wrapped);
    assert_eq!(bare.id, VPS);
    assert_eq!(bare.name.as_deref(), Some("web-1"));
    assert_eq!(bare.hostname.as_deref(), Some("web-1.example.se"));
    assert_eq!(bare.status.as_deref(), Some("running"));
    assert_eq!(bare.region.as_deref(), Some("se-sto"));
    assert_eq!(bare.extra.get("plan"), Some(&json!({ "cpu": 2 })), "unknown VPS fields are kept");

    let minimal = call.parse(&json_response(200, &json!({ "data": { "id": VPS } }).to_string())).unwrap();
    assert_eq!(minimal.name, None);
    let err = call.parse(&json_response(200, &json!({ "data": { "name": "x" } }).to_string())).unwrap_err();
    assert_eq!(decode_pointer(err), "/data/id");

    let status = GetVpsStatus::new(VPS).unwrap();
    let s1 = status.parse(&json_response(200, r#"{"data":{"id":"vps_1","status":"running","powerState":"on"}}"#));
    let s2 = status.parse(&json_response(200, r#"{"id":"vps_1","status":"running","powerState":"on"}"#));
    assert_eq!(s1.clone().unwrap(), s2.unwrap());
    assert_eq!(s1.unwrap().power_state.as_deref(), Some("on"));

    let list = ListVps.parse(&json_response(200, &json!({ "data": [{ "id": VPS }, { "id": "vps_2" }] }).to_string()));
    assert_eq!(list.unwrap().data.len(), 2);
}

#[test]
fn snapshot_list_parses_the_inferred_shape() {
    let body = json!({
        "data": [{ "name": "before-upgrade", "description": null, "createdAt": "2026-04-27T10:00:00.000Z",
                   "expiresAt": "2026-04-28T10:00:00.000Z", "sizeGb": 1.5 }],
        "available": true,
        "limits": { "totalSnapshots": 3, "usedSnapshots": 1 },
        "actions": { "canCreate": { "allowed": true, "reason": null },
                     "canRestore": { "allowed": false, "reason": "A job is running.", "code": "job_in_progress" } }
    });
    let list = ListSnapshots::new(VPS).unwrap().parse(&json_response(200, &body.to_string())).unwrap();
    assert_eq!(list.data[0].name, "before-upgrade");
    assert_eq!(list.data[0].expires_at.as_deref(), Some("2026-04-28T10:00:00.000Z"));
    assert_eq!(list.limits.total_snapshots, Some(3));
    assert!(list.available);
    assert_eq!(list.actions.can_restore.code.as_deref(), Some("job_in_progress"));
}

#[test]
fn deletes_accept_204_and_202() {
    let snapshot = DeleteSnapshot::new(VPS, "before-upgrade").unwrap();
    let backup = DeleteBackup::new(VPS, "bkp_01hxa3b4c5d6e7f8g9h0j1k2m3").unwrap();
    let envelope = json_response(202, &fixture("backup_create_202"));
    for empty in [empty_response(204), json_response(202, ""), json_response(200, "  \n")] {
        assert_eq!(snapshot.parse(&empty).unwrap(), None);
        assert_eq!(backup.parse(&empty).unwrap(), None);
    }
    let op = snapshot.parse(&envelope).unwrap().expect("operation");
    assert_eq!(op.job_id, JOB);
    let op = backup.parse(&envelope).unwrap().expect("operation");
    assert_eq!(op.poll_url, format!("/api/jobs/{JOB}"));
    // A delete that fails is still the typed error, not "nothing".
    let err = snapshot.parse(&json_response(404, &fixture("error_404"))).unwrap_err();
    assert_eq!(err.as_api().unwrap().code, "not_found");
    assert!(matches!(backup.parse(&json_response(202, "{")), Err(Error::Decode { .. })));

    let schedule = DeleteBackupSchedule::new(VPS, "bks_01hxa3b4c5d6e7f8g9h0j1k2m3").unwrap();
    assert_eq!(schedule.parse(&empty_response(204)), Ok(()));
    assert_eq!(schedule.parse(&json_response(200, &fixture("schedule_201"))), Ok(()));
    assert_eq!(schedule.parse(&envelope), Ok(()));
    assert_eq!(schedule.parse(&json_response(403, &fixture("error_403"))).unwrap_err().as_api().unwrap().status, 403);
}
