//! Response shapes as data, and one walker that checks an already-parsed JSON value against them.
//!
//! The typed parsers (`serde` derives on the response types) serve Rust callers. The npm package does not link them:
//! the engine's `JSON.parse` builds the objects and [`read_wire`] checks them against the tables below, in the same
//! terms (required fields, nullable fields, defaults, numbers that are whole and in range) and with the same JSON
//! pointers in its errors. One walker for every response type is what keeps the package small; the tests in
//! `tests/shapes.rs` hold the tables and the serde types to the same answers on every fixture and on mutations of them.
//!
//! Differences, by design: fields this version does not know are left in place (forward compatible); a key sent twice
//! counts once (as in `JSON.parse`); when one object has several broken fields, the first in declaration order is
//! reported (serde reports the first in document order).

/// What a JSON value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null` (and, from JS, `undefined`).
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A read-only view of a parsed JSON value: `serde_json::Value` in Rust, a JS value in the npm package.
pub trait JsonView: Sized {
    /// What the value is.
    fn kind(&self) -> Kind;
    /// Whether the value is of `kind` (one question instead of several where asking is not free).
    fn is(&self, kind: Kind) -> bool {
        self.kind() == kind
    }
    /// The number, when it is one.
    fn number(&self) -> Option<f64>;
    /// A whole number `0..=u64::MAX`, when it is one.
    fn whole(&self) -> Option<u64> {
        self.number().filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 18_446_744_073_709_551_616.0).map(|n| n as u64)
    }
    /// An object's own field, `None` when absent. Keys are the tables' static names.
    fn field(&self, key: &'static str) -> Option<Self>;
    /// An array's length.
    fn count(&self) -> usize;
    /// An array's item.
    fn item(&self, index: usize) -> Option<Self>;
    /// The string, when it is one.
    fn string(&self) -> Option<String>;
    /// The value as a `serde_json::Value` (for the `Record<string, unknown>` fields a typed value carries).
    fn to_value(&self) -> serde_json::Value;
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A string (enums too: unknown values are kept).
    Str,
    /// A finite number.
    Num,
    /// A whole number from 0 to the bound.
    Whole(u64),
    /// `true` or `false`.
    Bool,
    /// Any object (`Record<string, unknown>`).
    Map,
    /// An object of this shape.
    Obj(&'static [Field]),
    /// An array of objects of this shape.
    List(&'static [Field]),
}

/// What an absent field means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// An error.
    Required,
    /// `null`.
    Null,
    /// `true`.
    True,
    /// The type's empty value: `[]`, or an object whose fields are all `null`.
    Empty,
}

/// One field of a shape.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// What its absence means.
    pub missing: Missing,
}

/// A required, non-null field.
pub(crate) const fn req(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, nullable: false, missing: Missing::Required }
}

/// A nullable field, `null` when absent.
pub(crate) const fn opt(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, nullable: true, missing: Missing::Null }
}

/// A non-null field with a default when absent.
pub(crate) const fn dflt(name: &'static str, ty: Ty, missing: Missing) -> Field {
    Field { name, ty, nullable: false, missing }
}

use Ty::{Bool, List, Map, Num, Obj, Str, Whole};
/// A whole number up to `u64::MAX`.
pub(crate) const U64: Ty = Whole(u64::MAX);

// The tables of the inferred responses live with the other guesses, in `crate::inferred`.
pub use crate::inferred::{
    JOB, SCHEDULE_ACTIONS, SCHEDULE_LIMITS, SCHEDULE_LIST, SNAPSHOT, SNAPSHOT_ACTIONS, SNAPSHOT_LIMITS, SNAPSHOT_LIST,
    VPS, VPS_LIST, VPS_STATUS,
};

/// [`crate::Gate`].
pub const GATE: &[Field] = &[req("allowed", Bool), opt("reason", Str), opt("code", Str)];
/// [`crate::Operation`].
pub const OPERATION: &[Field] = &[req("status", Str), req("jobId", Str), req("pollUrl", Str), opt("result", Map)];
/// [`crate::OperationEnvelope`].
pub const OPERATION_ENVELOPE: &[Field] = &[req("operation", Obj(OPERATION))];
/// [`crate::Backup`].
pub const BACKUP: &[Field] = &[
    req("id", Str),
    req("displayId", Str),
    req("storageKey", Str),
    opt("createdAt", Str),
    req("sizeGb", Num),
    req("backupType", Str),
    opt("note", Str),
];
/// [`crate::QuotaInfo`].
pub const QUOTA_INFO: &[Field] = &[req("used", U64), opt("limit", U64), opt("remaining", U64)];
/// [`crate::BackupActions`].
pub const BACKUP_ACTIONS: &[Field] = &[req("canCreateBackup", Obj(GATE)), req("canRestore", Obj(GATE))];
/// [`crate::BackupList`].
pub const BACKUP_LIST: &[Field] =
    &[req("backups", List(BACKUP)), req("quotaInfo", Obj(QUOTA_INFO)), req("actions", Obj(BACKUP_ACTIONS))];
/// [`crate::Schedule`].
pub const SCHEDULE: &[Field] = &[
    req("id", Str),
    req("name", Str),
    req("frequency", Str),
    opt("time", Str),
    opt("daySpecifier", Str),
    req("retentionCount", U64),
    req("enabled", Bool),
    opt("lastRun", Str),
    opt("nextRun", Str),
    opt("status", Str),
];
/// [`crate::FieldError`].
pub const FIELD_ERROR: &[Field] = &[req("pointer", Str), req("detail", Str), req("code", Str)];
/// [`crate::Problem`].
pub const PROBLEM: &[Field] = &[
    opt("type", Str),
    opt("title", Str),
    opt("status", Whole(u16::MAX as u64)),
    opt("detail", Str),
    opt("code", Str),
    opt("instance", Str),
    opt("requestId", Str),
    opt("timestamp", Str),
    dflt("errors", List(FIELD_ERROR), Missing::Empty),
    opt("extensions", Map),
];

/// How a success body carries an endpoint's output.
#[derive(Debug, Clone, Copy)]
pub enum Wire {
    /// The body is the output.
    Body(&'static [Field]),
    /// `{"operation": {...}}`: the output is the operation.
    Operation,
    /// Like [`Wire::Operation`], or no body at all (a `204`): the output is `null`.
    OptionalOperation,
    /// `{"<key>": {...}}` or the bare object (inferred shapes): the output is the object.
    Wrapped(&'static str, &'static [Field]),
    /// No body is expected; any body is ignored and the output is `null`.
    Empty,
}

/// A value to put where a field was absent.
#[derive(Debug, Clone, Copy)]
pub enum Fill {
    /// `null`.
    Null,
    /// `true`.
    True,
    /// `[]`.
    EmptyList,
    /// An object of this shape with every field at its absent value.
    Default(&'static [Field]),
}

/// Receives `(object, key, value)` for every absent field, so the caller can set it: the output then has every
/// field its type declares.
pub type Filler<'a, V> = dyn FnMut(&V, &'static str, Fill) + 'a;

/// Where a body broke its shape: a JSON pointer and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// `/backups/1/sizeGb`, `""` for the whole body.
    pub pointer: String,
    /// What was wrong (`missing field \`id\``, `expected a string, found null`).
    pub message: String,
}

/// Checks the parsed body `root` against `wire`, filling absent fields through `fill`. Returns the output: `root`
/// itself, the object inside its wrapper, or `None` where the output is `null` (no body).
pub fn read_wire<V: JsonView>(root: Option<V>, wire: Wire, fill: &mut Filler<'_, V>) -> Result<Option<V>, ShapeError> {
    let mut pointer = String::new();
    let Some(root) = root else {
        return match wire {
            Wire::OptionalOperation | Wire::Empty => Ok(None),
            _ => Err(ShapeError { pointer, message: "expected a JSON body, found none".into() }),
        };
    };
    match wire {
        Wire::Empty => Ok(None),
        Wire::Body(shape) => object(&root, shape, &mut pointer, fill).map(|()| Some(root)),
        Wire::Operation | Wire::OptionalOperation => {
            object(&root, OPERATION_ENVELOPE, &mut pointer, fill)?;
            Ok(root.field("operation"))
        }
        Wire::Wrapped(key, shape) => {
            if root.is(Kind::Object) {
                if let Some(inner) = root.field(key) {
                    pointer.push('/');
                    pointer.push_str(key);
                    return object(&inner, shape, &mut pointer, fill).map(|()| Some(inner));
                }
            }
            object(&root, shape, &mut pointer, fill).map(|()| Some(root))
        }
    }
}

/// Checks one object against its shape.
fn object<V: JsonView>(
    v: &V,
    shape: &'static [Field],
    pointer: &mut String,
    fill: &mut Filler<'_, V>,
) -> Result<(), ShapeError> {
    if !v.is(Kind::Object) {
        return Err(wrong(pointer, "an object", v.kind()));
    }
    for f in shape {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(f.name);
        match v.field(f.name) {
            None => match (f.missing, f.ty) {
                (Missing::Required, _) => {
                    return Err(ShapeError { pointer: pointer.clone(), message: format!("missing field `{}`", f.name) })
                }
                (Missing::Null, _) => fill(v, f.name, Fill::Null),
                (Missing::True, _) => fill(v, f.name, Fill::True),
                (Missing::Empty, Obj(inner)) => fill(v, f.name, Fill::Default(inner)),
                (Missing::Empty, _) => fill(v, f.name, Fill::EmptyList),
            },
            Some(value) => value_of(&value, f, pointer, fill)?,
        }
        pointer.truncate(len);
    }
    Ok(())
}

/// Checks one present field's value.
fn value_of<V: JsonView>(
    value: &V,
    f: &Field,
    pointer: &mut String,
    fill: &mut Filler<'_, V>,
) -> Result<(), ShapeError> {
    if f.nullable && value.is(Kind::Null) {
        return Ok(());
    }
    let (expected, ok) = match f.ty {
        Str => ("a string", value.is(Kind::String)),
        Bool => ("a boolean", value.is(Kind::Bool)),
        Map => ("an object", value.is(Kind::Object)),
        Num => ("a finite number", value.number().is_some_and(f64::is_finite)),
        Whole(max) => ("a whole number", value.whole().is_some_and(|n| n <= max)),
        Obj(shape) => return object(value, shape, pointer, fill),
        List(shape) => {
            if !value.is(Kind::Array) {
                return Err(wrong(pointer, "an array", value.kind()));
            }
            for i in 0..value.count() {
                let len = pointer.len();
                push_index(pointer, i);
                let item = value.item(i).ok_or_else(|| wrong(pointer, "an object", Kind::Null))?;
                object(&item, shape, pointer, fill)?;
                pointer.truncate(len);
            }
            return Ok(());
        }
    };
    if ok {
        return Ok(());
    }
    let kind = value.kind();
    if let (Whole(max), Kind::Number) = (f.ty, kind) {
        Err(ShapeError { pointer: pointer.clone(), message: format!("expected a whole number from 0 to {max}") })
    } else {
        Err(wrong(pointer, expected, kind))
    }
}

fn push_index(pointer: &mut String, mut i: usize) {
    pointer.push('/');
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        digits[n] = b'0' + (i % 10) as u8;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    digits[n..].iter().for_each(|d| pointer.push(*d as char));
}

fn wrong(pointer: &str, expected: &str, found: Kind) -> ShapeError {
    let found = match found {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    };
    ShapeError { pointer: pointer.to_owned(), message: format!("expected {expected}, found {found}") }
}

/// A string field of a checked object.
fn text<V: JsonView>(v: &V, key: &'static str) -> Option<String> {
    v.field(key)?.string()
}

/// An object field of a checked object, as a map.
fn map<V: JsonView>(v: &V, key: &'static str) -> Option<serde_json::Map<String, serde_json::Value>> {
    match v.field(key)?.to_value() {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    }
}

/// The [`crate::Problem`] of an object that passed [`PROBLEM`].
pub fn problem<V: JsonView>(v: &V) -> crate::Problem {
    let errors = v.field("errors").filter(|e| e.is(Kind::Array));
    crate::Problem {
        type_: text(v, "type"),
        title: text(v, "title"),
        status: v.field("status").and_then(|s| s.whole()).and_then(|n| u16::try_from(n).ok()),
        detail: text(v, "detail"),
        code: text(v, "code"),
        instance: text(v, "instance"),
        request_id: text(v, "requestId"),
        timestamp: text(v, "timestamp"),
        errors: errors.map_or_else(Vec::new, |list| {
            (0..list.count())
                .filter_map(|i| list.item(i))
                .map(|e| crate::FieldError {
                    pointer: text(&e, "pointer").unwrap_or_default(),
                    detail: text(&e, "detail").unwrap_or_default(),
                    code: text(&e, "code").unwrap_or_default(),
                })
                .collect()
        }),
        extensions: map(v, "extensions"),
    }
}

/// The problem document a parsed error body is, when it passes [`PROBLEM`] (absent fields are not filled: the
/// reader leaves them `None`).
pub fn problem_document<V: JsonView>(root: V) -> Option<crate::Problem> {
    let body = read_wire(Some(root), Wire::Body(PROBLEM), &mut |_, _, _| {}).ok()??;
    Some(problem(&body))
}

/// The [`crate::Operation`] of an object that passed [`OPERATION`].
pub fn operation<V: JsonView>(v: &V) -> crate::Operation {
    crate::Operation {
        status: crate::OperationStatus::from_wire(&text(v, "status").unwrap_or_default()),
        job_id: text(v, "jobId").unwrap_or_default(),
        poll_url: text(v, "pollUrl").unwrap_or_default(),
        result: map(v, "result"),
    }
}

/// The [`crate::Job`] of an object that passed [`JOB`].
pub fn job<V: JsonView>(v: &V) -> crate::Job {
    crate::Job {
        status: crate::OperationStatus::from_wire(&text(v, "status").unwrap_or_default()),
        job_id: text(v, "jobId").unwrap_or_default(),
        poll_url: text(v, "pollUrl"),
        result: map(v, "result"),
        kind: text(v, "kind").map(|k| crate::JobKind::from_wire(&k)),
        created_at: text(v, "createdAt"),
        updated_at: text(v, "updatedAt"),
        error: v.field("error").filter(|e| e.is(Kind::Object)).map(|e| problem(&e)),
    }
}

impl JsonView for &serde_json::Value {
    fn kind(&self) -> Kind {
        match self {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(_) => Kind::Bool,
            serde_json::Value::Number(_) => Kind::Number,
            serde_json::Value::String(_) => Kind::String,
            serde_json::Value::Array(_) => Kind::Array,
            serde_json::Value::Object(_) => Kind::Object,
        }
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn whole(&self) -> Option<u64> {
        self.as_u64()
    }
    fn field(&self, key: &'static str) -> Option<Self> {
        self.as_object()?.get(key)
    }
    fn count(&self) -> usize {
        self.as_array().map_or(0, Vec::len)
    }
    fn item(&self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn to_value(&self) -> serde_json::Value {
        (*self).clone()
    }
}
