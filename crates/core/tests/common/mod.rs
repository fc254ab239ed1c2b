//! Helpers shared by the integration tests: the seeds' JSON fixtures and response builders.
#![allow(dead_code)] // each test file uses a different subset

pub mod corpus;

use hostup_core::{ApiKey, Config, Response};

/// The VPS id every seed example uses.
pub const VPS: &str = "vps_01hxa3b4c5d6e7f8g9h0j1k2m3";
/// The job id every seed example uses.
pub const JOB: &str = "job_01hxa3b4c5d6e7f8g9h0j1k2m3";
/// The production base URL the seeds' curl examples use.
pub const BASE: &str = "https://cloud.hostup.se";

/// A fixture from `tests/fixtures/`, copied verbatim from the seeds.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture parsed as a JSON value.
pub fn fixture_value(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// Every fixture name, for fuzzing from real bodies.
pub const FIXTURES: &[&str] = &[
    "backup_create_request",
    "backup_create_202",
    "backups_list_200",
    "error_400",
    "error_401",
    "error_403",
    "error_404",
    "error_429",
    "error_500",
    "schedule_201",
    "schedule_daily_request",
    "snapshot_create_202",
    "snapshot_create_request",
    "snapshot_restore_202",
];

/// JSON text with the whitespace between tokens removed, keys left in their written order.
/// (The workspace's serde_json has no `preserve_order`, so a `Value` cannot tell us the order.)
pub fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The seeds' config: production base URL and the placeholder key.
pub fn seed_config() -> Config {
    Config::new(BASE, Some(ApiKey::new("YOUR_API_KEY").unwrap())).unwrap()
}

/// A response with a JSON body.
pub fn json_response(status: u16, body: &str) -> Response {
    let ct = if status >= 400 { "application/problem+json" } else { "application/json" };
    Response { status, headers: vec![("Content-Type".into(), ct.into())], body: body.as_bytes().to_vec() }
}

/// A response with no body and no headers (a 204).
pub fn empty_response(status: u16) -> Response {
    Response { status, headers: vec![], body: vec![] }
}
