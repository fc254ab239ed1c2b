//! What the single declaration of each shape does not guarantee by itself: that its two consumers of absent fields
//! agree. The npm package fills an absent field into the `JSON.parse` object (`Fill`); Rust callers get the typed
//! reader's absent value (`FieldType::absent`). For every endpoint, on real bodies and on every single-field mutation
//! (removed, null, each wrong type), the filled object must hold every field of the typed output with the same value,
//! and both paths (one walker) reject with the same pointer.

mod common;

use common::corpus::{self, for_each_mutation, job_body};
use common::*;
use hostup_core::shape::Wire;
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
    match corpus::walk(wire, body, false).0 {
        Ok(out) => Read::Ok(out),
        Err(e) => Read::Broken(e.pointer),
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

#[test]
fn lists_agree_on_every_mutation() {
    let backups = fixture_value("backups_list_200");
    let (ok, broken) = mutations(&ListBackups::new(VPS).unwrap(), 200, &backups);
    assert!(ok > 5 && broken > 50, "{ok} accepted, {broken} rejected");

    let snapshots = corpus::snapshots();
    mutations(&ListSnapshots::new(VPS).unwrap(), 200, &snapshots);

    let schedules = corpus::schedules();
    mutations(&ListBackupSchedules::new(VPS).unwrap(), 200, &schedules);

    mutations(&ListVps, 200, &corpus::vps_list());
}

#[test]
fn single_objects_agree_bare_and_wrapped() {
    let schedule = fixture_value("schedule_201");
    mutations(&SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap(), 201, &schedule);

    let vps = corpus::vps();
    mutations(&GetVps::new(VPS).unwrap(), 200, &vps);
    mutations(&GetVps::new(VPS).unwrap(), 200, &json!({ "data": vps }));

    let status = corpus::vps_status();
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
