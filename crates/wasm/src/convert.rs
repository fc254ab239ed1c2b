//! JS ⇄ Rust values, by walking them: no serde serializer, deserializer or JSON text in between (their code would
//! be most of the package's size). Inputs become loose JSON that core validates field by field (so every broken field
//! is reported); outputs become plain JS objects with the API's camelCase names and `null` where the API has null.

use hostup_core::{codes, FieldError, Job};
use js_sys::{Array, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// Deeper than any input or `Record<string, unknown>` field; also what ends a walk of a cyclic object.
const MAX_DEPTH: usize = 64;

/// Reads any JS value as JSON. `undefined` and `null` are `null`; a property that is `undefined` is absent (as in
/// `JSON.stringify`); functions, symbols, bigints, non-finite numbers and cycles are a field error at their pointer,
/// never a trap.
pub fn from_js(value: &JsValue, pointer: &str) -> Result<Value, FieldError> {
    let mut at = pointer.to_owned();
    walk(value, &mut at, 0).map_err(|()| {
        FieldError::new(
            at,
            codes::INVALID_TYPE,
            "Expected plain JSON data (objects, arrays, strings, numbers, booleans).",
        )
    })
}

/// On error, `at` is left at the offending value's pointer.
fn walk(v: &JsValue, at: &mut String, depth: usize) -> Result<Value, ()> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return number(n).ok_or(());
    }
    if depth >= MAX_DEPTH || !v.is_object() {
        return Err(());
    }
    if Array::is_array(v) {
        let items = v.unchecked_ref::<Array>();
        let mut out = Vec::with_capacity(items.length() as usize);
        for i in 0..items.length() {
            let len = at.len();
            at.push('/');
            at.push_str(&i.to_string());
            out.push(walk(&items.get(i), at, depth + 1)?);
            at.truncate(len);
        }
        return Ok(Value::Array(out));
    }
    let mut out = Map::new();
    for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let Some(k) = key.as_string() else { continue };
        let item = Reflect::get(v, &key).map_err(|_| ())?;
        if item.is_undefined() {
            continue;
        }
        let len = at.len();
        at.push('/');
        at.push_str(&hostup_core::text::escape_pointer(&k));
        let value = walk(&item, at, depth + 1)?;
        at.truncate(len);
        out.insert(k, value);
    }
    Ok(Value::Object(out))
}

/// A JS number as JSON: whole numbers stay whole; `NaN` and infinities are not JSON.
fn number(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        Some(Value::Number(Number::from(n as i64)))
    } else {
        Number::from_f64(n).map(Value::Number)
    }
}

/// A JSON value as a JS value.
pub fn value_to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(value_to_js).collect::<Array>().into(),
        Value::Object(map) => map_to_js(map),
    }
}

fn map_to_js(map: &Map<String, Value>) -> JsValue {
    let obj = Object::new();
    for (k, v) in map {
        set(&obj, k, &value_to_js(v));
    }
    obj.into()
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// JS values built from core's declarations ([`hostup_core::wire::Build`]): a job, a problem, field errors come out
/// with exactly the members their declaration lists, in its order — no hand-kept copy of any field list.
pub struct JsBuild;

impl hostup_core::wire::Build for JsBuild {
    type Out = JsValue;
    fn null() -> JsValue {
        JsValue::NULL
    }
    fn string(s: &str) -> JsValue {
        JsValue::from_str(s)
    }
    fn number(n: f64) -> JsValue {
        JsValue::from_f64(n)
    }
    fn boolean(b: bool) -> JsValue {
        JsValue::from_bool(b)
    }
    fn map(m: &Map<String, Value>) -> JsValue {
        map_to_js(m)
    }
    fn list(items: Vec<JsValue>) -> JsValue {
        items.into_iter().collect::<Array>().into()
    }
    fn object(members: Vec<(&'static str, JsValue)>) -> JsValue {
        let obj = Object::new();
        for (k, v) in members {
            set(&obj, k, &v);
        }
        obj.into()
    }
}

/// `[{ pointer, detail, code }]`.
pub fn field_errors_to_js(errors: &[FieldError]) -> JsValue {
    use hostup_core::wire::{Build, Shaped};
    JsBuild::list(errors.iter().map(Shaped::build::<JsBuild>).collect())
}

/// A job, every declared member present (`Job` in the declarations).
pub fn job_to_js(job: &Job) -> JsValue {
    hostup_core::wire::Shaped::build::<JsBuild>(job)
}

/// A string argument, or a field error at `pointer`.
pub fn string_arg(value: &JsValue, pointer: &str) -> Result<String, FieldError> {
    value.as_string().ok_or_else(|| {
        let what = pointer.trim_start_matches('/');
        let code = if value.is_undefined() || value.is_null() { codes::MISSING_REQUIRED } else { codes::INVALID_TYPE };
        FieldError::new(pointer, code, format!("`{what}` must be a string."))
    })
}

/// A drift report as `onDrift` receives it: `{ endpoint, pointer, kind, value? }` (`value` only for enum values).
pub fn drift_to_js(d: &hostup_core::Drift) -> JsValue {
    let obj = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    };
    set("endpoint", &JsValue::from_str(d.endpoint));
    set("pointer", &JsValue::from_str(&d.pointer));
    set("kind", &JsValue::from_str(d.kind.as_str()));
    if let Some(value) = &d.value {
        set("value", &JsValue::from_str(value));
    }
    obj.into()
}
