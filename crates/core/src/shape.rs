//! Response shapes as data, and the one walker that checks a parsed JSON value against them.
//!
//! The shapes are not written here: each type declares itself once with [`crate::wire::wire_struct`], which makes the
//! Rust type, its [`Shape`] (read by this walker), its typed reader, its string visitor (redaction) and its
//! TypeScript declaration. Rust callers parse with `serde_json::Value` + this walker + the typed reader; the npm
//! package hands the walker the objects the engine's `JSON.parse` made. Same checks, same JSON pointers, everywhere.
//!
//! Semantics: fields this version does not know are left in place (forward compatible) and, when asked, reported as
//! drift; a key sent twice counts once (as in `JSON.parse`); an integer-valued number (`5.0`) is a whole number (JSON
//! Schema's reading, docs/inferred.md); when one object has several broken fields, the first in declaration order is
//! reported.

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
    /// Calls `f` with each of an object's own keys (only asked when drift is being reported).
    fn for_each_key(&self, f: &mut dyn FnMut(&str));
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
    /// A string.
    Str,
    /// A string from a documented set; other values are kept, and reported as drift.
    Enum(&'static EnumDef),
    /// A finite number.
    Num,
    /// A whole number from 0 to the bound (an integer-valued number such as `5.0` counts: JSON Schema's reading).
    Whole(u64),
    /// `true` or `false`.
    Bool,
    /// Any object (`Record<string, unknown>`), kept as sent.
    Map,
    /// An object of this shape.
    Obj(&'static Shape),
    /// An array of objects of this shape.
    List(&'static Shape),
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
    /// The type's empty value: `[]`, or an object whose fields are all at their absent value.
    Empty,
}

/// One field of a shape.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name.
    pub name: &'static str,
    /// Its documentation (the declaration's doc comment). Native builds only: the TypeScript is rendered natively,
    /// and the text would only add bytes to the wasm.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// What its absence means.
    pub missing: Missing,
}

/// A wire object's shape: what [`crate::wire::Shaped`] declares for a type.
#[derive(Debug)]
pub struct Shape {
    /// The type's name (`Backup`), also its TypeScript name.
    pub name: &'static str,
    /// Its documentation (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
    /// Its declared fields, in declaration order.
    pub fields: &'static [Field],
    /// The Rust field that keeps undeclared members (an open object: undeclared members are expected and are not
    /// drift), or `None`.
    pub rest: Option<&'static str>,
}

/// A string enum's documented values: what [`crate::wire::string_enum`] declares.
#[derive(Debug)]
pub struct EnumDef {
    /// The type's name (`OperationStatus`).
    pub name: &'static str,
    /// Its documentation (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
    /// The documented wire values.
    pub values: &'static [&'static str],
}

use Ty::{Bool, Enum, List, Map, Num, Obj, Str, Whole};

/// How a success body carries an endpoint's output.
#[derive(Debug, Clone, Copy)]
pub enum Wire {
    /// The body is the output.
    Body(&'static Shape),
    /// `{"operation": {...}}`: the output is the operation.
    Operation,
    /// Like [`Wire::Operation`], or no body at all (a `204`): the output is `null`.
    OptionalOperation,
    /// `{"<key>": {...}}` or the bare object (inferred shapes): the output is the object.
    Wrapped(&'static str, &'static Shape),
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
    Default(&'static Shape),
}

/// Receives `(object, key, value)` for every absent field, so the caller can set it: the output then has every
/// field its type declares.
pub type Filler<'a, V> = dyn FnMut(&V, &'static str, Fill) + 'a;

/// Receives `(pointer, kind, value)` for every member the shapes do not declare (`value` is `None`) and every
/// enum value outside the documented set (`value` is the value). See [`crate::drift`].
pub type DriftSink<'a> = dyn FnMut(&str, crate::drift::DriftKind, Option<&str>) + 'a;

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
    Walk::<'_, '_, '_, V, false> { fill, drift: None }.wire(root, wire)
}

/// [`read_wire`] that also reports contract drift to `drift`: undeclared members of closed objects (it asks each
/// object for its keys, which costs a little) and undocumented enum values.
pub fn read_wire_reporting<V: JsonView>(
    root: Option<V>,
    wire: Wire,
    fill: &mut Filler<'_, V>,
    drift: &mut DriftSink<'_>,
) -> Result<Option<V>, ShapeError> {
    Walk::<'_, '_, '_, V, true> { fill, drift: Some(drift) }.wire(root, wire)
}

/// The walk's sinks. `REPORT` is a type-level switch, so a build that never asks for drift (the npm package's
/// reader) carries none of its code.
struct Walk<'f, 'd, 'a, V, const REPORT: bool> {
    fill: &'f mut Filler<'a, V>,
    drift: Option<&'d mut DriftSink<'a>>,
}

impl<V: JsonView, const REPORT: bool> Walk<'_, '_, '_, V, REPORT> {
    fn wire(&mut self, root: Option<V>, wire: Wire) -> Result<Option<V>, ShapeError> {
        let mut pointer = String::new();
        let Some(root) = root else {
            return match wire {
                Wire::OptionalOperation | Wire::Empty => Ok(None),
                _ => Err(no_body()),
            };
        };
        match wire {
            Wire::Empty => Ok(None),
            Wire::Body(shape) => self.object(&root, shape, &mut pointer).map(|()| Some(root)),
            Wire::Operation | Wire::OptionalOperation => {
                let envelope = <crate::OperationEnvelope as crate::wire::Shaped>::SHAPE;
                self.object(&root, envelope, &mut pointer)?;
                Ok(root.field("operation"))
            }
            Wire::Wrapped(key, shape) => {
                if root.is(Kind::Object) {
                    if let Some(inner) = root.field(key) {
                        if REPORT {
                            self.undeclared(&root, &[key], &mut pointer);
                        }
                        pointer.push('/');
                        pointer.push_str(key);
                        return self.object(&inner, shape, &mut pointer).map(|()| Some(inner));
                    }
                }
                self.object(&root, shape, &mut pointer).map(|()| Some(root))
            }
        }
    }

    /// Checks one object against its shape.
    fn object(&mut self, v: &V, shape: &'static Shape, pointer: &mut String) -> Result<(), ShapeError> {
        if !v.is(Kind::Object) {
            return Err(wrong(pointer, expected(OBJECT), v.kind()));
        }
        for f in shape.fields {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(f.name);
            match v.field(f.name) {
                None => match (f.missing, f.ty) {
                    (Missing::Required, _) => return Err(missing(pointer, f.name)),
                    (Missing::Null, _) => (self.fill)(v, f.name, Fill::Null),
                    (Missing::True, _) => (self.fill)(v, f.name, Fill::True),
                    (Missing::Empty, Obj(inner)) => (self.fill)(v, f.name, Fill::Default(inner)),
                    (Missing::Empty, _) => (self.fill)(v, f.name, Fill::EmptyList),
                },
                Some(value) => self.value(&value, f, pointer)?,
            }
            pointer.truncate(len);
        }
        if REPORT && shape.rest.is_none() {
            let declared: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
            self.undeclared(v, &declared, pointer);
        }
        Ok(())
    }

    /// Reports the members of `v` not in `declared`.
    fn undeclared(&mut self, v: &V, declared: &[&str], pointer: &mut String) {
        let Some(drift) = self.drift.as_mut() else { return };
        v.for_each_key(&mut |key| {
            if !declared.contains(&key) {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::text::escape_pointer(key));
                drift(pointer, crate::drift::DriftKind::UnknownField, None);
                pointer.truncate(len);
            }
        });
    }

    /// Checks one present field's value.
    fn value(&mut self, value: &V, f: &Field, pointer: &mut String) -> Result<(), ShapeError> {
        if f.nullable && value.is(Kind::Null) {
            return Ok(());
        }
        let ok = match f.ty {
            Str => value.is(Kind::String),
            Enum(def) if REPORT => {
                let s = value.string();
                if let (Some(s), Some(drift)) = (&s, self.drift.as_mut()) {
                    if !def.values.contains(&s.as_str()) {
                        drift(pointer, crate::drift::DriftKind::UnknownValue, Some(s));
                    }
                }
                s.is_some()
            }
            Enum(_) => value.is(Kind::String),
            Bool => value.is(Kind::Bool),
            Map => value.is(Kind::Object),
            Num => value.number().is_some_and(f64::is_finite),
            Whole(max) => value.whole().is_some_and(|n| n <= max),
            Obj(shape) => return self.object(value, shape, pointer),
            List(shape) => {
                if !value.is(Kind::Array) {
                    return Err(wrong(pointer, expected(f.ty.code()), value.kind()));
                }
                for i in 0..value.count() {
                    let len = pointer.len();
                    push_index(pointer, i);
                    let item = value.item(i).ok_or_else(|| wrong(pointer, expected(OBJECT), Kind::Null))?;
                    self.object(&item, shape, pointer)?;
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
            Err(out_of_range(pointer, max))
        } else {
            Err(wrong(pointer, expected(f.ty.code()), kind))
        }
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

/// The code of an object check (a field of an object shape, a list's item, a body): [`Ty::code`] of `Obj`.
pub const OBJECT: u8 = 6;

impl Ty {
    /// The type's number in the npm package's generated check tables (crates/wasm/js/check.js), which name a
    /// failed check by it: 0 `Str`, 1 `Enum`, 2 `Num`, 3 `Whole`, 4 `Bool`, 5 `Map`, 6 `Obj`, 7 `List`.
    pub fn code(&self) -> u8 {
        match self {
            Str => 0,
            Enum(_) => 1,
            Num => 2,
            Whole(_) => 3,
            Bool => 4,
            Map => 5,
            Obj(_) => OBJECT,
            List(_) => 7,
        }
    }
}

impl Kind {
    /// The kinds by their number (the order of the enum), as the npm package's check names what it found.
    pub const ALL: [Kind; 6] = [Kind::Null, Kind::Bool, Kind::Number, Kind::String, Kind::Array, Kind::Object];
}

/// What a check of a value of the type with code `code` ([`Ty::code`]) expected, as the messages word it.
pub fn expected(code: u8) -> &'static str {
    match code {
        0 | 1 => "a string",
        2 => "a finite number",
        3 => "a whole number",
        4 => "a boolean",
        7 => "an array",
        _ => "an object",
    }
}

/// The error of a value at `pointer` that is not what was `expected`.
pub fn wrong(pointer: &str, expected: &str, found: Kind) -> ShapeError {
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

/// The error of a required field `name` that is absent (`pointer` ends with it).
pub fn missing(pointer: &str, name: &str) -> ShapeError {
    ShapeError { pointer: pointer.to_owned(), message: format!("missing field `{name}`") }
}

/// The error of a number at `pointer` that is not a whole number from 0 to `max`.
pub fn out_of_range(pointer: &str, max: u64) -> ShapeError {
    ShapeError { pointer: pointer.to_owned(), message: format!("expected a whole number from 0 to {max}") }
}

/// The error of a body that is needed and absent.
pub fn no_body() -> ShapeError {
    ShapeError { pointer: String::new(), message: "expected a JSON body, found none".into() }
}

/// The error of a refusal as the npm package's check (crates/wasm/js/check.js) reports it, `[pointer, what, a, b]`:
/// `what` 0 no body; 1 the required field `name` missing; 2 a value of the wrong type (`a` its field's [`Ty::code`],
/// `b` the found [`Kind`]'s number); 3 a number out of range (`a` the bound, as JS holds it: `u64::MAX` as 2^64).
pub fn refusal(pointer: &str, what: u8, name: &str, a: f64, b: f64) -> ShapeError {
    match what {
        1 => missing(pointer, name),
        2 => wrong(pointer, expected(a as u8), Kind::ALL[(b as usize).min(5)]),
        3 => out_of_range(pointer, a as u64),
        _ => ShapeError { pointer: pointer.to_owned(), ..no_body() },
    }
}

/// The problem document a parsed error body is, when it passes [`crate::Problem`]'s shape.
pub fn problem_document<V: JsonView>(root: V) -> Option<crate::Problem> {
    read_typed::<crate::Problem, V>(root).ok()
}

/// Checks `root` against `T`'s shape and reads it: the one reader of every declared type.
pub fn read_typed<T: crate::wire::Shaped, V: JsonView>(root: V) -> Result<T, ShapeError> {
    let body = read_wire(Some(root), Wire::Body(T::SHAPE), &mut |_, _, _| {})?;
    body.map(|b| T::read(&b)).ok_or_else(|| ShapeError { pointer: String::new(), message: "no body".into() })
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
        // Integers exactly; an integer-valued float (`5.0`, `1e1`) as that integer, as `JSON.parse` reads it.
        self.as_u64().or_else(|| {
            self.as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 18_446_744_073_709_551_616.0)
                .map(|n| n as u64)
        })
    }
    fn field(&self, key: &'static str) -> Option<Self> {
        self.as_object()?.get(key)
    }
    fn for_each_key(&self, f: &mut dyn FnMut(&str)) {
        if let Some(o) = self.as_object() {
            o.keys().for_each(|k| f(k));
        }
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
