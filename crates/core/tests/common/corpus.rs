//! The response bodies the shape tests check, and every single-field mutation of each: shared by
//! `tests/shapes.rs` (typed reader vs. tables) and `examples/check-corpus.rs` (core's walker vs. the npm package's
//! JS check, tests/check-parity.test.mjs), so both run on one corpus.

use super::{fixture_value, JOB, VPS};
use hostup_core::shape::{read_wire, read_wire_reporting, Fill, Missing, Shape, ShapeError, Ty, Wire};
use hostup_core::DriftKind;
use hostup_core::{
    CreateSnapshot, DeleteSnapshot, Endpoint, GetJob, GetVps, GetVpsStatus, ListBackupSchedules, ListBackups,
    ListSnapshots, ListVps, SetBackupSchedule,
};
use serde_json::{json, Value};

/// Every path to a value inside `v` (not the root).
pub fn paths(v: &Value, here: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(format!("{here}/{k}"));
            paths(x, format!("{here}/{k}"), out);
        }),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
            out.push(format!("{here}/{i}"));
            paths(x, format!("{here}/{i}"), out);
        }),
        _ => {}
    }
}

/// Calls `check` with the body and every single mutation of it.
pub fn for_each_mutation(body: &Value, mut check: impl FnMut(&str)) {
    let replacements =
        [json!(null), json!("x"), json!(1.5), json!(-1), json!(70000), json!(true), json!([]), json!({})];
    check(&body.to_string());
    for root in [json!(null), json!([]), json!("x")] {
        check(&root.to_string());
    }
    let mut all = Vec::new();
    paths(body, String::new(), &mut all);
    for path in &all {
        let (parent, key) = path.rsplit_once('/').unwrap();
        let mut removed = body.clone();
        match removed.pointer_mut(parent).unwrap() {
            Value::Object(m) => {
                m.remove(key);
            }
            Value::Array(a) => {
                a.remove(key.parse::<usize>().unwrap());
            }
            _ => unreachable!(),
        }
        check(&removed.to_string());
        for r in &replacements {
            let mut changed = body.clone();
            *changed.pointer_mut(path).unwrap() = r.clone();
            check(&changed.to_string());
        }
    }
}

pub fn gate(allowed: bool) -> Value {
    if allowed {
        json!({ "allowed": true, "reason": null })
    } else {
        json!({ "allowed": false, "reason": "An order is pending.", "code": "pending_order" })
    }
}

pub fn job_body() -> Value {
    json!({
        "status": "failed", "jobId": JOB, "pollUrl": format!("/api/jobs/{JOB}"), "result": { "name": "n" },
        "kind": "snapshot", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:05Z",
        "error": { "type": "https://developer.hostup.se/errors/x", "title": "T", "status": 500, "detail": "D",
                   "code": "x", "instance": "/i", "requestId": "req_1", "timestamp": "t",
                   "errors": [{ "pointer": "/name", "detail": "d", "code": "c" }], "extensions": { "a": [1] } }
    })
}

pub fn snapshots() -> Value {
    json!({
        "data": [{ "name": "a", "description": null, "createdAt": "2026-01-01T00:00:00Z",
                   "expiresAt": "2026-01-02T00:00:00Z", "sizeGb": 2.5 }, { "name": "b" }],
        "available": true, "limits": { "totalSnapshots": 3, "usedSnapshots": 2 },
        "actions": { "canCreate": gate(true), "canRestore": gate(false) }
    })
}

pub fn schedules() -> Value {
    json!({
        "data": [fixture_value("schedule_201")], "limits": { "maxSchedules": 5 },
        "actions": { "canCreate": gate(true) }
    })
}

pub fn vps_list() -> Value {
    json!({ "data": [{ "id": VPS, "name": "web", "hostname": "h", "status": "running", "region": "se",
                       "createdAt": "c", "plan": { "cpu": 2 } }, { "id": "vps_2" }] })
}

pub fn vps() -> Value {
    json!({ "id": VPS, "name": null, "ipv4": "192.0.2.1" })
}

pub fn vps_status() -> Value {
    json!({ "id": VPS, "status": "running", "powerState": "on" })
}

fn case<E: Endpoint>(status: u16, body: Value) -> (&'static str, Wire, u16, Value) {
    (E::NAME, E::WIRE, status, body)
}

/// Every (endpoint, wire, status, base body) the shape tests mutate.
pub fn cases() -> Vec<(&'static str, Wire, u16, Value)> {
    vec![
        case::<ListBackups>(200, fixture_value("backups_list_200")),
        case::<ListSnapshots>(200, snapshots()),
        case::<ListBackupSchedules>(200, schedules()),
        case::<ListVps>(200, vps_list()),
        case::<SetBackupSchedule>(201, fixture_value("schedule_201")),
        case::<GetVps>(200, vps()),
        case::<GetVps>(200, json!({ "data": vps() })),
        case::<GetVpsStatus>(200, vps_status()),
        case::<GetVpsStatus>(200, json!({ "data": vps_status() })),
        case::<GetJob>(200, job_body()),
        case::<GetJob>(200, json!({ "operation": job_body() })),
        case::<CreateSnapshot>(202, fixture_value("snapshot_create_202")),
        case::<DeleteSnapshot>(202, fixture_value("snapshot_create_202")),
    ]
}

/// A drift core's walker reported: pointer, kind, the undocumented value.
pub type Found = (String, DriftKind, Option<String>);

/// Checks `body` against `wire` with core's walker, filling absent fields as the package does: the output (`null`
/// where there is none) or the error, and the drift it saw when `report` is set.
pub fn walk(wire: Wire, body: &str, report: bool) -> (Result<Value, ShapeError>, Vec<Found>) {
    let parsed: Option<Value> =
        if body.trim().is_empty() { None } else { Some(serde_json::from_str(body).expect("bodies here are JSON")) };
    let mut fills: Vec<(String, &'static str, Fill)> = Vec::new();
    let mut found = Vec::new();
    let out = {
        let mut record = |obj: &&Value, key: &'static str, fill: Fill| {
            let path = path_of(parsed.as_ref().unwrap(), obj, String::new()).expect("the object is in the body");
            fills.push((path, key, fill));
        };
        let mut sink = |pointer: &str, kind: DriftKind, value: Option<&str>| {
            found.push((pointer.to_owned(), kind, value.map(str::to_owned)));
        };
        let read = if report {
            read_wire_reporting(parsed.as_ref(), wire, &mut record, &mut sink)
        } else {
            read_wire(parsed.as_ref(), wire, &mut record)
        };
        match read {
            Ok(out) => out.map(|v| path_of(parsed.as_ref().unwrap(), v, String::new()).unwrap()),
            Err(e) => return (Err(e), found),
        }
    };
    let Some(out_path) = out else { return (Ok(Value::Null), found) };
    let mut filled = parsed.unwrap();
    for (path, key, fill) in fills {
        let value = match fill {
            Fill::Null => Value::Null,
            Fill::True => Value::Bool(true),
            Fill::EmptyList => json!([]),
            Fill::Default(shape) => default_object(shape),
        };
        filled.pointer_mut(&path).unwrap().as_object_mut().unwrap().insert(key.to_owned(), value);
    }
    (Ok(filled.pointer(&out_path).unwrap().clone()), found)
}

/// An object of `shape` with every field at its absent value, as the package fills it.
pub fn default_object(shape: &Shape) -> Value {
    let absent = |f: &hostup_core::shape::Field| match (f.missing, f.ty) {
        (Missing::True, _) => Value::Bool(true),
        (Missing::Empty, Ty::Obj(inner)) => default_object(inner),
        (Missing::Empty, _) => json!([]),
        _ => Value::Null,
    };
    Value::Object(shape.fields.iter().map(|f| (f.name.to_owned(), absent(f))).collect())
}

/// The JSON pointer of `target` (by address) inside `root`.
fn path_of(root: &Value, target: &Value, here: String) -> Option<String> {
    if std::ptr::eq(root, target) {
        return Some(here);
    }
    match root {
        Value::Object(m) => m.iter().find_map(|(k, v)| path_of(v, target, format!("{here}/{k}"))),
        Value::Array(a) => a.iter().enumerate().find_map(|(i, v)| path_of(v, target, format!("{here}/{i}"))),
        _ => None,
    }
}
