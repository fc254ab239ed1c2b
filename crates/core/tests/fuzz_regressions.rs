//! Inputs the fuzz targets (`fuzz/`, see SECURITY.md) found, kept as regression tests.

use hostup_core::{api_error, redact_bearer, safe_snippet, Response};

const SECRET: &str = "sk_live_FUZZSECRET0123";

/// fuzz target `problem`, crash-0f800e07: a proxy page where a `Bearer` word precedes the echoed
/// `Authorization: Bearer <token>`. The word "Bearer" was taken for the token, and the real token stayed in the
/// snippet of the error.
#[test]
fn bearer_before_bearer_token_is_still_redacted() {
    let artifact: &[u8] = b"502\nco><head><title>502 ent-type: application/problem+jBearer sk_live_abc</pre></bodem+jBearer sk_live_abc</pre></body></html>\n";
    // The target plants the token in the middle of the input.
    let split = artifact.len() / 2;
    let planted = [&artifact[..split], b"Bearer ", SECRET.as_bytes(), b" ", &artifact[split..]].concat();
    let snippet = safe_snippet(&planted);
    assert!(!snippet.contains(SECRET), "{snippet}");
    assert!(!snippet.contains("sk_live_abc"), "{snippet}");

    let resp = Response { status: 502, headers: vec![], body: planted };
    let err = api_error(&resp);
    assert!(!err.message().contains(SECRET), "{}", err.message());
}

#[test]
fn repeated_bearer_words_and_extra_spaces() {
    for text in [
        format!("bearer Bearer {SECRET}"),
        format!("Authorization: Bearer  {SECRET}"),
        format!("BEARER BEARER   BEARER {SECRET} tail"),
        format!("x bearer \"Bearer {SECRET}\""),
        format!("jBearer sBearer {SECRET} k"),
    ] {
        let out = redact_bearer(&text);
        assert!(!out.contains(SECRET), "{text:?} → {out:?}");
        assert!(out.contains("[redacted]"), "{out:?}");
    }
    // Nothing to redact stays as it was.
    assert_eq!(redact_bearer("Bearer "), "Bearer ");
    assert_eq!(redact_bearer("a bearer  \"b\""), "a bearer  \"b\"");
    assert_eq!(redact_bearer("Bearer token x"), "Bearer [redacted] x");
}

/// fuzz target `validate_json`, crash-ffe0b4dc: `{"hour": 2e1}` passed validation as 20 but the hand-written body
/// said `20` while the patch held `20.0`: what was sent was not exactly what was checked. Whole floats are now kept,
/// and sent, as integers.
#[test]
fn a_whole_float_in_a_patch_is_sent_as_the_integer_it_was_checked_as() {
    use hostup_core::{Config, Endpoint, SchedulePatch, UpdateBackupSchedules};
    let input: serde_json::Value = serde_json::from_str(r#"{ "hour": 2e1, "reame":  23}"#).unwrap();
    let patch = SchedulePatch::from_json(&input).unwrap();
    let config = Config::new("https://cloud.hostup.se", None).unwrap();
    let body = UpdateBackupSchedules::from_json("vps_1", &input).unwrap().request(&config).body.unwrap();
    assert_eq!(body, r#"{"hour":20}"#);
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(SchedulePatch::from_json(&sent).unwrap(), patch);
}

/// fuzz target `problem`, crash-41a79045: a problem whose `code` is `""` gave an API error with an empty code, which
/// callers branch on. An empty code now falls back to `http_<status>` like an absent one.
#[test]
fn an_empty_problem_code_falls_back_to_the_status() {
    let resp = Response { status: 501, headers: vec![], body: b"{\n  \"code\": \"\"\n}\n".to_vec() };
    let err = api_error(&resp);
    assert_eq!(err.code, "http_501");
    assert_eq!(err.problem.code.as_deref(), Some(""), "the problem itself is kept as sent");
}
