//! Golden tests: every request and response example of the provider's reference pages (`/work/shared/seeds/`),
//! built and parsed by the core exactly as printed there.

mod common;

use common::*;
use hostup_core::{
    ApiKey, BackupSchedule, Cadence, Config, CreateBackup, CreateSnapshot, DeleteBackup, DeleteBackupSchedule,
    DeleteSnapshot, Description, Endpoint, Error, Frequency, GetJob, GetVps, GetVpsStatus, ListBackupSchedules,
    ListBackups, ListSnapshots, ListVps, Method, OperationStatus, Request, RequestKind, Response, RestoreBackup,
    RestoreSnapshot, RetryAfter, SetBackupSchedule, UpdateBackupSchedules,
};
use serde_json::{json, Value};

const AUTH: (&str, &str) = ("Authorization", "Bearer YOUR_API_KEY");
const ACCEPT: (&str, &str) = ("Accept", "application/json");
const CONTENT_TYPE: (&str, &str) = ("Content-Type", "application/json");

/// The request's headers as borrowed pairs, in order.
fn sent_headers(req: &Request) -> Vec<(&str, &str)> {
    req.headers.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A request exactly as the seed's curl shows it: method, URL, headers in order, and no body.
fn assert_bodyless(req: &Request, method: Method, url: &str) {
    assert_eq!(req.method, method);
    assert_eq!(req.url, url);
    assert_eq!(sent_headers(req), [AUTH, ACCEPT], "no Content-Type without a body");
    assert_eq!(req.body, None);
}

/// A request with a JSON body equal to `seed_json` in value and in key order.
fn assert_with_body(req: &Request, method: Method, url: &str, seed_json: &str) {
    assert_eq!(req.method, method);
    assert_eq!(req.url, url);
    assert_eq!(sent_headers(req), [AUTH, ACCEPT, CONTENT_TYPE]);
    let body = req.body.as_deref().expect("a body");
    let sent: Value = serde_json::from_str(body).unwrap();
    let seed: Value = serde_json::from_str(seed_json).unwrap();
    assert_eq!(sent, seed);
    assert_eq!(body, minify(seed_json), "same keys in the same order as the seed");
}

fn vps_url(rest: &str) -> String {
    format!("{BASE}/api/v2/vps/{VPS}{rest}")
}

// ---------------------------------------------------------------- requests of the five documented endpoints

#[test]
fn create_backup_with_note_matches_seed() {
    let req = CreateBackup::new(VPS, Some("Before upgrade".into())).unwrap().request(&seed_config());
    assert_with_body(&req, Method::Post, &vps_url("/backups"), &fixture("backup_create_request"));
    assert_eq!(req.kind, RequestKind::Create);
    // The loose-JSON path (what the JS facade calls) builds the same request.
    let from_json = CreateBackup::from_json(VPS, &fixture_value("backup_create_request")).unwrap();
    assert_eq!(from_json.request(&seed_config()), req);
}

#[test]
fn create_backup_with_defaults_sends_no_body_and_no_content_type() {
    let expected = vps_url("/backups");
    for call in [
        CreateBackup::new(VPS, None).unwrap(),
        CreateBackup::from_json(VPS, &Value::Null).unwrap(),
        CreateBackup::from_json(VPS, &json!({})).unwrap(),
        CreateBackup::from_json(VPS, &json!({ "note": null })).unwrap(),
    ] {
        let req = call.request(&seed_config());
        assert_bodyless(&req, Method::Post, &expected);
        assert_eq!(req.header("content-type"), None);
    }
}

#[test]
fn create_snapshot_matches_seed() {
    let call = CreateSnapshot::new(VPS, "before-upgrade", Description::Text("Before package upgrade".into())).unwrap();
    let req = call.request(&seed_config());
    assert_with_body(&req, Method::Post, &vps_url("/snapshots"), &fixture("snapshot_create_request"));
    assert_eq!(req.kind, RequestKind::Create);
    let from_json = CreateSnapshot::from_json(VPS, &fixture_value("snapshot_create_request")).unwrap();
    assert_eq!(from_json.request(&seed_config()), req);
}

#[test]
fn create_snapshot_without_description_omits_the_key() {
    let req = CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap().request(&seed_config());
    assert_with_body(&req, Method::Post, &vps_url("/snapshots"), r#"{"name":"before-upgrade"}"#);
    let from_json = CreateSnapshot::from_json(VPS, &json!({ "name": "before-upgrade" })).unwrap();
    assert_eq!(from_json.request(&seed_config()).body.as_deref(), Some(r#"{"name":"before-upgrade"}"#));
}

#[test]
fn create_snapshot_with_null_description_keeps_null() {
    let expected = r#"{"name":"before-upgrade","description":null}"#;
    let req = CreateSnapshot::new(VPS, "before-upgrade", Description::Null).unwrap().request(&seed_config());
    assert_with_body(&req, Method::Post, &vps_url("/snapshots"), expected);
    let from_json = CreateSnapshot::from_json(VPS, &json!({ "name": "before-upgrade", "description": null })).unwrap();
    assert_eq!(from_json.request(&seed_config()).body.as_deref(), Some(expected));
}

#[test]
fn daily_schedule_matches_seed() {
    let seed = fixture("schedule_daily_request");
    let req =
        SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap().request(&seed_config());
    assert_with_body(&req, Method::Post, &vps_url("/backup-schedules"), &seed);
    assert_eq!(req.kind, RequestKind::Create);
    let typed = BackupSchedule::new(Cadence::Daily, 2, 3, true, Some("Nightly backup".into())).unwrap();
    let typed_req = SetBackupSchedule::new(VPS, typed).unwrap().request(&seed_config());
    assert_eq!(typed_req, req);
}

#[test]
fn weekly_schedule_sends_day_of_week_only() {
    let input = json!({ "frequency": "weekly", "hour": 2, "dayOfWeek": 1, "retentionCount": 3, "enabled": true });
    let req = SetBackupSchedule::from_json(VPS, &input).unwrap().request(&seed_config());
    assert_with_body(
        &req,
        Method::Post,
        &vps_url("/backup-schedules"),
        r#"{"frequency":"weekly","hour":2,"dayOfWeek":1,"retentionCount":3,"enabled":true}"#,
    );
    let typed = BackupSchedule::new(Cadence::Weekly { day_of_week: 1 }, 2, 3, true, None).unwrap();
    assert_eq!(SetBackupSchedule::new(VPS, typed).unwrap().request(&seed_config()), req);
}

#[test]
fn monthly_schedule_sends_day_of_month_only() {
    let input = json!({ "frequency": "monthly", "hour": 2, "dayOfMonth": 15, "retentionCount": 3, "enabled": false,
                        "dayOfWeek": null, "name": "Monthly" });
    let req = SetBackupSchedule::from_json(VPS, &input).unwrap().request(&seed_config());
    assert_with_body(
        &req,
        Method::Post,
        &vps_url("/backup-schedules"),
        r#"{"frequency":"monthly","hour":2,"dayOfMonth":15,"retentionCount":3,"enabled":false,"name":"Monthly"}"#,
    );
}

#[test]
fn list_backups_matches_seed() {
    let req = ListBackups::new(VPS).unwrap().request(&seed_config());
    assert_bodyless(&req, Method::Get, &vps_url("/backups"));
    assert_eq!(req.kind, RequestKind::Read);
}

#[test]
fn restore_snapshot_matches_seed() {
    let call = RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrade").unwrap();
    let req = call.request(&seed_config());
    assert_bodyless(
        &req,
        Method::Post,
        "https://cloud.hostup.se/api/v2/vps/vps_01hxa3b4c5d6e7f8g9h0j1k2m3/snapshots/before-upgrade/actions/restore",
    );
    assert_eq!(req.kind, RequestKind::Restore);
    assert_eq!(call.name().as_str(), "before-upgrade");
}

// ---------------------------------------------------------------- referenced endpoints: methods and paths

#[test]
fn referenced_read_endpoints_methods_and_paths() {
    let c = seed_config();
    let cases: Vec<(Request, String)> = vec![
        (ListVps.request(&c), format!("{BASE}/api/v2/vps")),
        (GetVps::new(VPS).unwrap().request(&c), vps_url("")),
        (GetVpsStatus::new(VPS).unwrap().request(&c), vps_url("/status")),
        (ListSnapshots::new(VPS).unwrap().request(&c), vps_url("/snapshots")),
        (ListBackupSchedules::new(VPS).unwrap().request(&c), vps_url("/backup-schedules")),
        (GetJob::new(JOB, &c).unwrap().request(&c), format!("{BASE}/api/jobs/{JOB}")),
    ];
    for (req, url) in cases {
        assert_bodyless(&req, Method::Get, &url);
        assert_eq!(req.kind, RequestKind::Read, "{url}");
    }
}

#[test]
fn referenced_write_endpoints_methods_and_paths() {
    let c = seed_config();
    let bkp = "bkp_01hxa3b4c5d6e7f8g9h0j1k2m3";
    let bks = "bks_01hxa3b4c5d6e7f8g9h0j1k2m3";
    let cases: Vec<(Request, Method, String, RequestKind)> = vec![
        (
            DeleteSnapshot::new(VPS, "before-upgrade").unwrap().request(&c),
            Method::Delete,
            vps_url("/snapshots/before-upgrade"),
            RequestKind::Delete,
        ),
        (
            DeleteBackupSchedule::new(VPS, bks).unwrap().request(&c),
            Method::Delete,
            vps_url(&format!("/backup-schedules/{bks}")),
            RequestKind::Delete,
        ),
        (
            RestoreBackup::new(VPS, bkp, bkp).unwrap().request(&c),
            Method::Post,
            vps_url(&format!("/backups/{bkp}/actions/restore")),
            RequestKind::Restore,
        ),
        (
            DeleteBackup::new(VPS, bkp).unwrap().request(&c),
            Method::Delete,
            vps_url(&format!("/backups/{bkp}")),
            RequestKind::Delete,
        ),
    ];
    for (req, method, url, kind) in cases {
        assert_bodyless(&req, method, &url);
        assert_eq!(req.kind, kind, "{url}");
    }
}

#[test]
fn patch_schedules_sends_the_patch() {
    let patch = json!({ "id": "bks_01hxa3b4c5d6e7f8g9h0j1k2m3", "hour": 4, "retentionCount": 7 });
    let req = UpdateBackupSchedules::from_json(VPS, &patch).unwrap().request(&seed_config());
    assert_eq!(req.method, Method::Patch);
    assert_eq!(req.url, vps_url("/backup-schedules"));
    assert_eq!(sent_headers(&req), [AUTH, ACCEPT, CONTENT_TYPE]);
    assert_eq!(req.kind, RequestKind::Update);
    let sent: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, patch);
}

#[test]
fn job_is_polled_under_api_jobs_not_api_v2() {
    let c = seed_config();
    let req = GetJob::new(JOB, &c).unwrap().request(&c);
    assert_eq!(req.url, "https://cloud.hostup.se/api/jobs/job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert!(!req.url.contains("/api/v2"));
}

#[test]
fn job_from_poll_url_resolves_against_the_origin() {
    let c = seed_config();
    let poll_url = fixture_value("backup_create_202")["operation"]["pollUrl"].as_str().unwrap().to_owned();
    let job = GetJob::new(&poll_url, &c).unwrap();
    assert_eq!(job.job_id().as_str(), JOB);
    assert_eq!(job.request(&c).url, format!("{BASE}{poll_url}"));
    // An absolute pollUrl on the API's own origin is fine too.
    let absolute = GetJob::new(&format!("{BASE}{poll_url}"), &c).unwrap();
    assert_eq!(absolute.request(&c).url, format!("{BASE}{poll_url}"));
}

#[test]
fn job_url_uses_the_origin_even_when_the_base_url_has_a_path() {
    let c = Config::new("https://proxy.example:8443/hostup/", None).unwrap();
    assert_eq!(c.origin(), "https://proxy.example:8443");
    let job = GetJob::new("/api/jobs/job_1", &c).unwrap();
    assert_eq!(job.request(&c).url, "https://proxy.example:8443/api/jobs/job_1");
    let by_id = GetJob::new("job_1", &c).unwrap();
    assert_eq!(by_id.request(&c).url, "https://proxy.example:8443/api/jobs/job_1");
    let absolute = GetJob::new("https://proxy.example:8443/api/jobs/job_1", &c).unwrap();
    assert_eq!(absolute.request(&c).url, "https://proxy.example:8443/api/jobs/job_1");
    // The v2 paths keep the base URL's path.
    assert_eq!(ListVps.request(&c).url, "https://proxy.example:8443/hostup/api/v2/vps");
}

#[test]
fn poll_url_on_another_host_is_rejected() {
    let c = seed_config();
    for evil in [
        "https://evil.example/api/jobs/job_1",
        "//evil.example/api/jobs/job_1",
        "http://cloud.hostup.se/api/jobs/job_1",
        "https://cloud.hostup.se.evil.example/api/jobs/job_1",
        "https://cloud.hostup.se@evil.example/api/jobs/job_1",
        "/api/jobs/../v2/vps",
        "/api/jobs/job_1/../../evil",
        "/api/jobs/job_1?next=https://evil.example",
        "/api/jobs/",
    ] {
        let err = GetJob::new(evil, &c).expect_err(evil);
        assert_eq!(err.errors().len(), 1, "{evil}");
        assert_eq!(err.errors()[0].pointer, "/jobId", "{evil}");
    }
}

#[test]
fn request_debug_never_shows_the_api_key() {
    let c = Config::new(BASE, Some(ApiKey::new("hu_live_s3cr3t_KEY_value").unwrap())).unwrap();
    let req = CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap().request(&c);
    assert_eq!(req.header("Authorization"), Some("Bearer hu_live_s3cr3t_KEY_value"));
    for text in [format!("{req:?}"), format!("{req:#?}"), format!("{c:?}"), format!("{:?}", c.api_key())] {
        assert!(!text.contains("s3cr3t"), "{text}");
    }
    assert!(format!("{req:?}").contains("before-upgrade"), "the rest of the request stays visible");
}

#[test]
fn without_an_api_key_there_is_no_authorization_header() {
    let c = Config::new(BASE, None).unwrap();
    let req = ListBackups::new(VPS).unwrap().request(&c);
    assert_eq!(sent_headers(&req), [ACCEPT]);
    let req = CreateBackup::new(VPS, Some("x".into())).unwrap().request(&c);
    assert_eq!(sent_headers(&req), [ACCEPT, CONTENT_TYPE]);
    // An empty base URL means "this page's origin": origin-relative URLs.
    let page = Config::new("", None).unwrap();
    assert_eq!(ListBackups::new(VPS).unwrap().request(&page).url, format!("/api/v2/vps/{VPS}/backups"));
    assert_eq!(GetJob::new(JOB, &page).unwrap().request(&page).url, format!("/api/jobs/{JOB}"));
}

// ---------------------------------------------------------------- responses

#[test]
fn create_backup_202_without_result() {
    let op = CreateBackup::new(VPS, None).unwrap().parse(&json_response(202, &fixture("backup_create_202"))).unwrap();
    assert_eq!(op.status, OperationStatus::Queued);
    assert_eq!(op.job_id, "job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(op.poll_url, "/api/jobs/job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(op.result, None);
}

#[test]
fn create_snapshot_202_with_result_name() {
    let call = CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap();
    let op = call.parse(&json_response(202, &fixture("snapshot_create_202"))).unwrap();
    assert_eq!(op.status, OperationStatus::Queued);
    assert_eq!(op.job_id, "job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(op.poll_url, "/api/jobs/job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    let result = op.result.expect("result");
    assert_eq!(Value::Object(result), json!({ "name": "before-upgrade" }));
}

#[test]
fn restore_snapshot_202_with_result_snapshot_name() {
    let call = RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrade").unwrap();
    let op = call.parse(&json_response(202, &fixture("snapshot_restore_202"))).unwrap();
    assert_eq!(op.status, OperationStatus::Queued);
    assert_eq!(op.job_id, "job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(op.poll_url, "/api/jobs/job_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(Value::Object(op.result.expect("result")), json!({ "snapshotName": "before-upgrade" }));
}

#[test]
fn schedule_201_every_field() {
    let call = SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap();
    let s = call.parse(&json_response(201, &fixture("schedule_201"))).unwrap();
    assert_eq!(s.id, "bks_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(s.name, "Nightly backup");
    assert_eq!(s.frequency, Frequency::Daily);
    assert_eq!(s.time.as_deref(), Some("02:00"));
    assert_eq!(s.day_specifier, None);
    assert_eq!(s.retention_count, 3);
    assert!(s.enabled);
    assert_eq!(s.last_run, None);
    assert_eq!(s.next_run.as_deref(), Some("2026-04-28T02:00:00.000Z"));
    assert_eq!(s.status, None);
}

#[test]
fn list_backups_200_every_field() {
    let list = ListBackups::new(VPS).unwrap().parse(&json_response(200, &fixture("backups_list_200"))).unwrap();
    assert_eq!(list.backups.len(), 1);
    let b = &list.backups[0];
    assert_eq!(b.id, "bkp_01hxa3b4c5d6e7f8g9h0j1k2m3");
    assert_eq!(b.display_id, "2026-04-27T10:00:00.000Z (vzdump-qemu-101.vma.zst)");
    assert_eq!(b.storage_key, "vzdump-qemu-101.vma.zst");
    assert_eq!(b.created_at.as_deref(), Some("2026-04-27T10:00:00.000Z"));
    assert_eq!(b.size_gb, 12.4);
    assert_eq!(b.backup_type, "manual");
    assert_eq!(b.note.as_deref(), Some("Before upgrade"));
    assert_eq!(list.quota_info.used, 1);
    assert_eq!(list.quota_info.limit, Some(3));
    assert_eq!(list.quota_info.remaining, Some(2));
    for gate in [&list.actions.can_create_backup, &list.actions.can_restore] {
        assert!(gate.allowed);
        assert_eq!(gate.reason, None);
        assert_eq!(gate.code, None, "`code` is absent in the seed");
    }
}

#[test]
fn list_backups_gate_code_when_sent() {
    let body = fixture("backups_list_200").replace(
        r#""canRestore": {
      "allowed": true,
      "reason": null
    }"#,
        r#""canRestore": {"allowed": false, "reason": "An order is pending.", "code": "pending_order"}"#,
    );
    let list = ListBackups::new(VPS).unwrap().parse(&json_response(200, &body)).unwrap();
    assert!(!list.actions.can_restore.allowed);
    assert_eq!(list.actions.can_restore.reason.as_deref(), Some("An order is pending."));
    assert_eq!(list.actions.can_restore.code.as_deref(), Some("pending_order"));
}

/// The seed's problem fields, for one status.
struct SeedProblem {
    fixture: &'static str,
    status: u16,
    code: &'static str,
    title: &'static str,
    detail: &'static str,
}

const SEED_PROBLEMS: &[SeedProblem] = &[
    SeedProblem {
        fixture: "error_400",
        status: 400,
        code: "invalid_request",
        title: "Invalid request",
        detail: "The request body failed validation.",
    },
    SeedProblem {
        fixture: "error_401",
        status: 401,
        code: "unauthorized",
        title: "Unauthorized",
        detail: "Authentication is required.",
    },
    SeedProblem {
        fixture: "error_403",
        status: 403,
        code: "forbidden",
        title: "Forbidden",
        detail: "The caller lacks a required scope or does not own the resource.",
    },
    SeedProblem {
        fixture: "error_404",
        status: 404,
        code: "not_found",
        title: "Not found",
        detail: "The requested resource could not be found.",
    },
    SeedProblem {
        fixture: "error_429",
        status: 429,
        code: "rate_limit_exceeded",
        title: "Too many requests",
        detail: "Too many requests. Retry after the limit resets.",
    },
    SeedProblem {
        fixture: "error_500",
        status: 500,
        code: "internal_error",
        title: "Internal server error",
        detail: "An unexpected error occurred. Retry later or contact support if the issue persists.",
    },
];

/// Parses `resp` with every documented endpoint and returns the errors.
fn parse_with_documented_endpoints(resp: &Response) -> Vec<Error> {
    let schedule = SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap();
    vec![
        CreateBackup::new(VPS, None).unwrap().parse(resp).unwrap_err(),
        CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap().parse(resp).unwrap_err(),
        schedule.parse(resp).unwrap_err(),
        ListBackups::new(VPS).unwrap().parse(resp).unwrap_err(),
        RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrade").unwrap().parse(resp).unwrap_err(),
    ]
}

#[test]
fn every_seed_error_is_a_typed_api_error() {
    for p in SEED_PROBLEMS {
        for with_content_type in [true, false] {
            let mut resp = json_response(p.status, &fixture(p.fixture));
            if !with_content_type {
                resp.headers.clear();
            }
            for err in parse_with_documented_endpoints(&resp) {
                let Error::Api(api) = err else { panic!("{}: {err:?}", p.fixture) };
                assert_eq!(api.status, p.status);
                assert_eq!(api.code, p.code);
                assert_eq!(api.problem.status, Some(p.status));
                assert_eq!(api.problem.code.as_deref(), Some(p.code));
                assert_eq!(
                    api.problem.type_.as_deref(),
                    Some(format!("https://developer.hostup.se/errors/{}", p.code).as_str())
                );
                assert_eq!(api.problem.title.as_deref(), Some(p.title));
                assert_eq!(api.problem.detail.as_deref(), Some(p.detail));
                assert_eq!(api.problem.instance.as_deref(), Some("/api/v2/resource"));
                assert_eq!(api.request_id(), Some("req_01hxa3b4c5d6e7f8g9h0j1k2m3"));
                assert_eq!(api.problem.timestamp.as_deref(), Some("2026-04-27T12:34:56.000Z"));
                assert_eq!(api.snippet, None);
                let message = api.message();
                assert!(message.contains(p.title) && message.contains("req_01hxa3b4c5d6e7f8g9h0j1k2m3"), "{message}");
                if p.status == 400 {
                    assert_eq!(api.errors().len(), 1);
                    let e = &api.errors()[0];
                    assert_eq!(e.pointer, "/items/0/domainName");
                    assert_eq!(e.detail, "`domainName` is required.");
                    assert_eq!(e.code, "invalid_request");
                } else {
                    assert!(api.errors().is_empty());
                }
            }
        }
    }
}

#[test]
fn rate_limited_429_carries_retry_after_and_rate_limit_headers() {
    let mut resp = json_response(429, &fixture("error_429"));
    resp.headers.extend([
        ("Retry-After".to_owned(), "12".to_owned()),
        ("X-RateLimit-Limit".to_owned(), "60".to_owned()),
        ("x-ratelimit-remaining".to_owned(), "0".to_owned()),
        ("X-RateLimit-Reset".to_owned(), "12".to_owned()),
    ]);
    let err = ListBackups::new(VPS).unwrap().parse(&resp).unwrap_err();
    let api = err.as_api().expect("api error");
    assert_eq!(api.code, "rate_limit_exceeded");
    assert_eq!(api.retry_after, Some(RetryAfter::Delay { ms: 12_000 }));
    assert_eq!(api.rate_limit.limit, Some(60));
    assert_eq!(api.rate_limit.remaining, Some(0));
    assert_eq!(api.rate_limit.reset, Some(RetryAfter::Delay { ms: 12_000 }));
}

#[test]
fn problem_extensions_are_kept() {
    let body = r#"{"type":"https://developer.hostup.se/errors/forbidden","title":"Forbidden","status":403,
        "code":"forbidden","requestId":"req_1","extensions":{"requiredScope":"backup:vm","hint":{"docs":"/scopes"}}}"#;
    let err = CreateBackup::new(VPS, None).unwrap().parse(&json_response(403, body)).unwrap_err();
    let api = err.as_api().unwrap();
    let ext = api.problem.extensions.clone().expect("extensions");
    assert_eq!(Value::Object(ext), json!({ "requiredScope": "backup:vm", "hint": { "docs": "/scopes" } }));
}

#[test]
fn html_502_becomes_a_short_safe_snippet() {
    let html = format!(
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title>\n<style>body{{color:red}}</style></head>\
         <body>\n\t<h1>Bad   Gateway</h1><p>upstream rejected Authorization: Bearer secret123 from proxy</p>\
         <p>{}</p></body></html>",
        "lorem ipsum ".repeat(40)
    );
    let resp = Response {
        status: 502,
        headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body: html.into_bytes(),
    };
    let err = ListBackups::new(VPS).unwrap().parse(&resp).unwrap_err();
    let Error::Api(api) = err else { panic!("{err:?}") };
    assert_eq!(api.status, 502);
    assert_eq!(api.code, "http_502");
    assert_eq!(api.problem, Default::default());
    let snippet = api.snippet.clone().expect("snippet");
    assert!(snippet.chars().count() <= 161, "{} chars: {snippet}", snippet.chars().count());
    assert!(snippet.contains("502 Bad Gateway"), "{snippet}");
    assert!(snippet.contains("Bad Gateway upstream rejected"), "whitespace folded: {snippet}");
    assert!(!snippet.contains('<') && !snippet.contains('>'), "{snippet}");
    assert!(!snippet.contains("secret123"), "{snippet}");
    assert!(!snippet.contains('\n') && !snippet.contains('\t'), "{snippet}");
    let message = api.message();
    assert!(message.contains("502") && !message.contains("secret123"), "{message}");
    assert!(!format!("{err_dbg:?}", err_dbg = api).contains("secret123"));
}

#[test]
fn empty_500_body_is_an_api_error() {
    for headers in [vec![], vec![("Content-Type".to_owned(), "application/problem+json".to_owned())]] {
        let resp = Response { status: 500, headers, body: vec![] };
        let err = ListBackups::new(VPS).unwrap().parse(&resp).unwrap_err();
        let Error::Api(api) = err else { panic!("{err:?}") };
        assert_eq!(api.status, 500);
        assert_eq!(api.code, "http_500");
        assert_eq!(api.snippet.as_deref(), Some(""));
        assert!(api.message().contains("500"));
    }
}
