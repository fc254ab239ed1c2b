//! `Vps` is deserialized by hand (no `#[serde(flatten)]`, which buffers through serde's `Content`): it must answer
//! exactly as the derived, flattened struct it replaced, values and error messages with their positions alike.
#![allow(missing_docs)]
use serde::Deserialize;

/// The derived definition `Vps` had before.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vps {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    hostname: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}
#[test]
fn hand_written_vps_matches_the_flattened_derive() {
    let cases = [
        r#"{"id":"vps_1"}"#,
        r#"{"id":"vps_1","name":null,"x":[1,{"a":2,"a":3}],"x":-0,"y":1.5e3}"#,
        r#"{"name":"a"}"#,
        r#"{"id":5}"#,
        r#"{"id":"a","id":"b"}"#,
        r#"{"id":"a","name":"b","name":"c"}"#,
        r#"{"id":"a","createdAt":7}"#,
        r#"[1]"#,
        r#""s""#,
        r#"null"#,
        r#"{"id":"a","q":1e400}"#,
        r#"{"id":"a","q":}"#,
        r#"{"id":"a","region":{"x":1}}"#,
        r#"{"id":"a","hostname":"h","status":"s","region":"r","createdAt":"c","created_at":1}"#,
        r#"{"id":"a",}"#,
        r#"{"id":"a"} x"#,
        r#"{"id":"a", "z": 18446744073709551616, "w": -9223372036854775809}"#,
        r#"{"id":null}"#,
        r#"{"id":"\u00e9\n","other":{"id":1}}"#,
    ];
    for c in cases {
        let a = serde_json::from_str::<Vps>(c);
        let b = serde_json::from_str::<hostup_core::Vps>(c);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                assert_eq!(
                    (a.id, a.name, a.hostname, a.status, a.region, a.created_at, a.other),
                    (b.id, b.name, b.hostname, b.status, b.region, b.created_at, b.other),
                    "{c}"
                );
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{c}"),
            (a, b) => panic!("{c}: {a:?} vs {b:?}"),
        }
    }
}
