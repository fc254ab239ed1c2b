//! The parity corpus of the npm package's JS check (tests/check-parity.test.mjs): every body and single-field
//! mutation the shape tests generate (tests/common/corpus.rs), checked by core's walker.
//!
//! - `cargo run -q -p hostup-core --example check-corpus` prints the corpus: `[{ endpoint, body }]`.
//! - `… -- compare FILE` reads what check.js made of each item (`[{ out, reason, drift }]`, same order), words each
//!   refusal with core's [`hostup_core::shape::refusal`] (what the wasm does) and compares everything with core's
//!   walker: the same output with the same fills and `rest` members, the same drift, or a refusal at the same pointer
//!   with the same message. Prints `{ checked, accepted, refused, mismatches }`; exits 1 on a mismatch.

#[path = "../tests/common/mod.rs"]
mod common;

use common::corpus::{cases, for_each_mutation, walk, Found};
use hostup_core::shape::{refusal, Shape, Ty, Wire};
use hostup_core::DriftKind;
use serde_json::{json, Map, Value};

/// Every (endpoint, wire, body) of the corpus, with the empty body of an optional operation.
fn corpus() -> Vec<(&'static str, Wire, String)> {
    let mut all = Vec::new();
    for (endpoint, wire, _status, body) in cases() {
        for_each_mutation(&body, |text| all.push((endpoint, wire, text.to_owned())));
        if matches!(wire, Wire::OptionalOperation) {
            all.push((endpoint, wire, String::new()));
        }
    }
    all
}

/// Gives each open object its `rest` member (the members its shape does not declare), as the package does.
fn add_rest(v: &mut Value, shape: &'static Shape) {
    let Some(obj) = v.as_object_mut() else { return };
    if let Some(rest) = shape.rest {
        let extra: Map<String, Value> = obj
            .iter()
            .filter(|(k, _)| !shape.fields.iter().any(|f| f.name == k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        obj.insert(rest.to_owned(), Value::Object(extra));
    }
    for f in shape.fields {
        match (f.ty, obj.get_mut(f.name)) {
            (Ty::Obj(inner), Some(member)) => add_rest(member, inner),
            (Ty::List(inner), Some(Value::Array(items))) => items.iter_mut().for_each(|i| add_rest(i, inner)),
            _ => {}
        }
    }
}

/// Equal as JSON values, numbers compared as numbers (`2` and `2.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (x, y) => x == y,
    }
}

fn drift_json(found: &[Found]) -> Vec<Value> {
    // Sorted: each side lists an object's undeclared members in its own key order (JS: as sent; serde_json: sorted).
    let mut all: Vec<Value> =
        found.iter().map(|(p, k, v)| json!([p, if *k == DriftKind::UnknownValue { 1 } else { 0 }, v])).collect();
    all.sort_by_key(Value::to_string);
    all
}

fn compare(file: &str) -> bool {
    let text = std::fs::read_to_string(file).expect("the check results");
    let results: Vec<Value> = serde_json::from_str(&text).expect("JSON results");
    let corpus = corpus();
    assert_eq!(results.len(), corpus.len(), "one result per corpus item");
    let (mut accepted, mut refused, mut mismatches) = (0, 0, Vec::new());
    for ((endpoint, wire, body), js) in corpus.iter().zip(&results) {
        let (expected, found) = walk(*wire, body, true);
        let ok = match expected {
            Ok(mut out) => {
                accepted += 1;
                if let Wire::Body(shape) | Wire::Wrapped(_, shape) = wire {
                    add_rest(&mut out, shape);
                }
                let drift = js["drift"].as_array().cloned().unwrap_or_default().into_iter().map(|d| {
                    // JS leaves the value out of an unknown-field report: `[pointer, 0]`.
                    let mut d = d.as_array().cloned().unwrap_or_default();
                    d.resize(3, Value::Null);
                    Value::Array(d)
                });
                let mut drift: Vec<Value> = drift.collect();
                drift.sort_by_key(Value::to_string);
                js["reason"].is_null() && same(&js["out"], &out) && drift == drift_json(&found)
            }
            Err(e) => {
                refused += 1;
                let r = &js["reason"];
                let n = |i: usize| r[i].as_f64().unwrap_or(0.0);
                let got = r
                    .as_array()
                    .map(|_| refusal(r[0].as_str().unwrap_or(""), n(1) as u8, r[2].as_str().unwrap_or(""), n(2), n(3)));
                got.as_ref() == Some(&e)
            }
        };
        if !ok {
            mismatches.push(json!({ "endpoint": endpoint, "body": body, "js": js, "core": format!("{:?}", walk(*wire, body, true)) }));
        }
    }
    let clean = mismatches.is_empty();
    let summary = json!({ "checked": results.len(), "accepted": accepted, "refused": refused,
                          "mismatches": mismatches.into_iter().take(5).collect::<Vec<_>>() });
    println!("{summary}");
    clean
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("compare") {
        let file = args.get(2).expect("compare FILE");
        std::process::exit(if compare(file) { 0 } else { 1 });
    }
    let items: Vec<Value> = corpus().into_iter().map(|(e, _, body)| json!({ "endpoint": e, "body": body })).collect();
    println!("{}", Value::Array(items));
}
