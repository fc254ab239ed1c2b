//! What the single declaration of each shape does not guarantee by itself: that its two consumers of absent fields
//! agree. The npm package fills an absent field into the `JSON.parse` object (`Fill`); Rust callers get the typed
//! reader's absent value (`FieldType::absent`). For every endpoint, on real bodies and on every single-field mutation
//! (removed, null, each wrong type), the filled object must hold every field of the typed output with the same value,
//! and both paths (one walker) reject with the same pointer.

mod common;

use common::*;
use hostup_core::shape::{read_wire, Fill, Missing, Shape, Ty, Wire};
use hostup_core::{
    CreateSnapshot, DeleteSnapshot, Description, Endpoint, Error, GetJob, GetVps, GetVpsStatus, ListBackupSchedules,
    ListBackups, ListSnapshots, ListVps, Response, SetBackupSchedule,
};
use serde::Serialize;
use serde_json::{json, Value};

/// What a reader made of a body: the output, or the pointer of a decode error.
#[derive(Debug, PartialEq)]
enum Read {
    Ok(Value),
    Broken(String),
}

/// The typed path: the walker and the typed reader, serialized back to JSON.
fn typed<E: Endpoint>(e: &E, resp: &Response) -> Read
where
    E::Output: Serialize,
{
    match e.parse(resp) {
        Ok(out) => Read::Ok(serde_json::to_value(out).unwrap()),
        Err(Error::Decode { pointer, .. }) => Read::Broken(pointer),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

/// The table path: a parsed value checked by `read_wire`, with absent fields filled in as the package does.
fn tables(wire: Wire, body: &str) -> Read {
    let parsed: Option<Value> =
        if body.trim().is_empty() { None } else { Some(serde_json::from_str(body).expect("bodies here are JSON")) };
    let mut fills: Vec<(String, &'static str, Fill)> = Vec::new();
    let out = {
        let mut record = |obj: &&Value, key: &'static str, fill: Fill| {
            let path = path_of(parsed.as_ref().unwrap(), obj, String::new()).expect("the object is in the body");
            fills.push((path, key, fill));
        };
        match read_wire(parsed.as_ref(), wire, &mut record) {
            Ok(out) => out.map(|v| path_of(parsed.as_ref().unwrap(), v, String::new()).unwrap()),
            Err(e) => return Read::Broken(e.pointer),
        }
    };
    let Some(out_path) = out else { return Read::Ok(Value::Null) };
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
    Read::Ok(filled.pointer(&out_path).unwrap().clone())
}

/// An object of `shape` with every field at its absent value, as the package fills it.
fn default_object(shape: &Shape) -> Value {
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

/// Every field the typed output has is in the table output with the same value (numbers compared as numbers).
fn holds(typed: &Value, table: &Value) -> bool {
    match (typed, table) {
        (Value::Object(a), Value::Object(b)) => a.iter().all(|(k, v)| b.get(k).is_some_and(|w| holds(v, w))),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| holds(v, w)),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

/// Checks one body through both paths; returns whether it was accepted.
fn agree<E: Endpoint>(e: &E, status: u16, body: &str) -> bool
where
    E::Output: Serialize,
{
    let resp = if body.is_empty() { empty_response(status) } else { json_response(status, body) };
    let a = typed(e, &resp);
    let b = tables(E::WIRE, body);
    match (&a, &b) {
        (Read::Ok(t), Read::Ok(v)) => {
            assert!(holds(t, v), "values differ for {body}\n typed:  {t}\n tables: {v}");
            true
        }
        (Read::Broken(p), Read::Broken(q)) => {
            assert_eq!(p, q, "pointers differ for {body}");
            false
        }
        _ => panic!("typed and tables disagree on {body}\n typed:  {a:?}\n tables: {b:?}"),
    }
}

/// Every path to a value inside `v` (not the root).
fn paths(v: &Value, here: String, out: &mut Vec<String>) {
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

/// The body and every single mutation of it through both paths. Returns (accepted, rejected) counts.
fn mutations<E: Endpoint>(e: &E, status: u16, body: &Value) -> (usize, usize)
where
    E::Output: Serialize,
{
    assert!(agree(e, status, &body.to_string()), "the base body must be valid: {body}");
    let mut counts = (0, 0);
    for_each_mutation(body, |text| if agree(e, status, text) { counts.0 += 1 } else { counts.1 += 1 });
    counts
}

/// Calls `check` with the body and every single mutation of it.
fn for_each_mutation(body: &Value, mut check: impl FnMut(&str)) {
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

fn gate(allowed: bool) -> Value {
    if allowed {
        json!({ "allowed": true, "reason": null })
    } else {
        json!({ "allowed": false, "reason": "An order is pending.", "code": "pending_order" })
    }
}

fn job_body() -> Value {
    json!({
        "status": "failed", "jobId": JOB, "pollUrl": format!("/api/jobs/{JOB}"), "result": { "name": "n" },
        "kind": "snapshot", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:05Z",
        "error": { "type": "https://developer.hostup.se/errors/x", "title": "T", "status": 500, "detail": "D",
                   "code": "x", "instance": "/i", "requestId": "req_1", "timestamp": "t",
                   "errors": [{ "pointer": "/name", "detail": "d", "code": "c" }], "extensions": { "a": [1] } }
    })
}

#[test]
fn lists_agree_on_every_mutation() {
    let backups = fixture_value("backups_list_200");
    let (ok, broken) = mutations(&ListBackups::new(VPS).unwrap(), 200, &backups);
    assert!(ok > 5 && broken > 50, "{ok} accepted, {broken} rejected");

    let snapshots = json!({
        "data": [{ "name": "a", "description": null, "createdAt": "2026-01-01T00:00:00Z",
                   "expiresAt": "2026-01-02T00:00:00Z", "sizeGb": 2.5 }, { "name": "b" }],
        "available": true, "limits": { "totalSnapshots": 3, "usedSnapshots": 2 },
        "actions": { "canCreate": gate(true), "canRestore": gate(false) }
    });
    mutations(&ListSnapshots::new(VPS).unwrap(), 200, &snapshots);

    let schedules = json!({
        "data": [fixture_value("schedule_201")], "limits": { "maxSchedules": 5 },
        "actions": { "canCreate": gate(true) }
    });
    mutations(&ListBackupSchedules::new(VPS).unwrap(), 200, &schedules);

    let vps = json!({ "data": [{ "id": VPS, "name": "web", "hostname": "h", "status": "running", "region": "se",
                                 "createdAt": "c", "plan": { "cpu": 2 } }, { "id": "vps_2" }] });
    mutations(&ListVps, 200, &vps);
}

#[test]
fn single_objects_agree_bare_and_wrapped() {
    let schedule = fixture_value("schedule_201");
    mutations(&SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap(), 201, &schedule);

    let vps = json!({ "id": VPS, "name": null, "ipv4": "192.0.2.1" });
    mutations(&GetVps::new(VPS).unwrap(), 200, &vps);
    mutations(&GetVps::new(VPS).unwrap(), 200, &json!({ "data": vps }));

    let status = json!({ "id": VPS, "status": "running", "powerState": "on" });
    mutations(&GetVpsStatus::new(VPS).unwrap(), 200, &status);
    mutations(&GetVpsStatus::new(VPS).unwrap(), 200, &json!({ "data": status }));

    let get_job = GetJob::new(JOB, &seed_config()).unwrap();
    let (ok, broken) = mutations(&get_job, 200, &job_body());
    assert!(ok > 10 && broken > 20, "{ok} accepted, {broken} rejected");
    mutations(&get_job, 200, &json!({ "operation": job_body() }));
}

#[test]
fn operations_agree_and_an_empty_delete_is_null() {
    let create = CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap();
    mutations(&create, 202, &fixture_value("snapshot_create_202"));

    let delete = DeleteSnapshot::new(VPS, "before-upgrade").unwrap();
    mutations(&delete, 202, &fixture_value("snapshot_create_202"));
    assert!(agree(&delete, 204, ""));
    assert_eq!(tables(DeleteSnapshot::WIRE, ""), Read::Ok(Value::Null));
}

#[test]
fn absent_fields_are_filled_as_the_types_declare() {
    // Nullable fields become null, `available` true, `limits` an object of nulls: the package's objects have every
    // key its declarations promise.
    let body = json!({ "data": [{ "name": "a" }], "actions": { "canCreate": { "allowed": true },
                       "canRestore": { "allowed": true } } });
    let Read::Ok(out) = tables(ListSnapshots::WIRE, &body.to_string()) else { panic!() };
    assert_eq!(
        out["data"][0],
        json!({ "name": "a", "description": null, "createdAt": null, "expiresAt": null,
                                        "sizeGb": null })
    );
    assert_eq!(out["available"], json!(true));
    assert_eq!(out["limits"], json!({ "totalSnapshots": null, "usedSnapshots": null }));
    assert_eq!(out["actions"]["canCreate"], json!({ "allowed": true, "reason": null, "code": null }));
}
