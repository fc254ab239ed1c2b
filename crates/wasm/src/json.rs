//! Response bodies: the driver `JSON.parse`s them and checks them in JS against core's shape tables
//! (crates/wasm/js/check.js over tables generated from core's declarations), which fills absent fields and collects
//! drift. The wasm words what that check refused (core's message builders, [`refused`]), reads the few typed values
//! it needs (a problem document, a polled job, an operation) with core's typed readers over the checked JS objects,
//! and names where a body stopped being JSON ([`parse`]). No JSON parser and no shape walker is linked into it.

use hostup_core::shape::{self, JsonView, Kind, ShapeError};
use hostup_core::wire::Shaped;
use hostup_core::{Error, Job, Operation, Problem, Response};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(raw_module = "./check.js")]
extern "C" {
    /// check.js `check(endpoint, root, drift, fill)`: `[output]`, or `[undefined, reason]` (see [`refused`]).
    #[wasm_bindgen(js_name = check)]
    fn check_js(endpoint: &str, root: &JsValue, drift: &JsValue, fill: bool) -> Array;
}

/// Whether `value` passes the shape of check.js's root `root` (`problem`, `operation`), unchanged when `fill` is
/// false.
fn passes(root: &str, value: &JsValue, fill: bool) -> bool {
    check_js(root, value, &JsValue::NULL, fill).length() == 1
}

/// A JS value seen as JSON.
pub struct Js(pub JsValue);

impl JsonView for Js {
    fn kind(&self) -> Kind {
        let v = &self.0;
        if v.is_string() {
            Kind::String
        } else if v.as_f64().is_some() {
            Kind::Number
        } else if v.as_bool().is_some() {
            Kind::Bool
        } else if Array::is_array(v) {
            Kind::Array
        } else if v.is_object() {
            Kind::Object
        } else {
            // null, undefined, and what JSON cannot hold (functions, symbols, bigints) read as null.
            Kind::Null
        }
    }
    fn is(&self, kind: Kind) -> bool {
        let v = &self.0;
        match kind {
            Kind::Null => v.loose_eq(&JsValue::NULL),
            Kind::Bool => v.as_bool().is_some(),
            Kind::Number => v.as_f64().is_some(),
            Kind::String => v.is_string(),
            Kind::Array => Array::is_array(v),
            Kind::Object => v.is_object() && !Array::is_array(v),
        }
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn field(&self, key: &'static str) -> Option<Js> {
        let v = key_string(key, |k| Reflect::get(&self.0, k)).ok()?;
        (!v.is_undefined()).then_some(Js(v))
    }
    fn for_each_key(&self, f: &mut dyn FnMut(&str)) {
        for key in Object::keys(self.0.unchecked_ref::<Object>()).iter() {
            if let Some(k) = key.as_string() {
                f(&k);
            }
        }
    }
    fn count(&self) -> usize {
        self.0.unchecked_ref::<Array>().length() as usize
    }
    fn item(&self, index: usize) -> Option<Js> {
        Some(Js(self.0.unchecked_ref::<Array>().get(index as u32)))
    }
    fn string(&self) -> Option<String> {
        self.0.as_string()
    }
    fn to_value(&self) -> serde_json::Value {
        crate::convert::from_js(&self.0, "").unwrap_or(serde_json::Value::Null)
    }
}

/// Reads an operation a caller passed in (`waitForJob(op)`): `None` unless it has the operation's shape. The
/// caller's object is not changed.
pub fn operation(value: &JsValue) -> Option<Operation> {
    passes("operation", value, false).then(|| Operation::read(&Js(value.clone())))
}

/// The problem document of an error response, when the body is one.
pub fn problem(resp: &Response) -> Option<Problem> {
    let root = parse(resp).ok()??;
    passes("problem", &root.0, true).then(|| Problem::read(&root))
}

/// The decode error of a 2xx body check.js refused: `reason` is `[pointer, 0]` no body, `[pointer, 1, name]` a
/// missing field, `[pointer, 2, type code, found kind]` a value of the wrong type, `[pointer, 3, max]` a number
/// out of range; anything else (`null`) means the body is not UTF-8 JSON, which [`parse`] names.
pub fn refused(resp: &Response, reason: &JsValue) -> Error {
    let Some(reason) = reason.dyn_ref::<Array>() else {
        return match parse(resp) {
            Err(e) => e,
            Ok(_) => decode(resp, shape::no_body()),
        };
    };
    let number = |i| reason.get(i).as_f64().unwrap_or(0.0);
    let error = shape::refusal(
        &reason.get(0).as_string().unwrap_or_default(),
        number(1) as u8,
        &reason.get(2).as_string().unwrap_or_default(),
        number(2),
        number(3),
    );
    decode(resp, error)
}

fn decode(resp: &Response, e: ShapeError) -> Error {
    Error::Decode { status: resp.status, pointer: e.pointer, message: e.message }
}

thread_local! {
    /// The JS strings of the tables' field names, made once: building a JS string from Rust text is the dearest
    /// part of a field lookup.
    static KEYS: std::cell::RefCell<Vec<(usize, usize, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `f` with the JS string of the static name `key`.
fn key_string<R>(key: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    let id = (key.as_ptr() as usize, key.len());
    KEYS.with(|keys| {
        // Busy only if a getter of a caller's object re-entered the package mid-lookup: make the string afresh.
        let Ok(mut keys) = keys.try_borrow_mut() else { return f(&JsValue::from_str(key)) };
        let at = match keys.iter().position(|(p, l, _)| (*p, *l) == id) {
            Some(at) => at,
            None => {
                keys.push((id.0, id.1, JsValue::from_str(key)));
                keys.len() - 1
            }
        };
        f(&keys[at].2)
    })
}

/// `JSON.parse` of the body: `None` for an empty body, a decode error naming where the text stopped being JSON.
pub fn parse(resp: &Response) -> Result<Option<Js>, Error> {
    let body = &resp.body;
    let text = std::str::from_utf8(body)
        .map_err(|e| hostup_core::syntax_error(resp, e.valid_up_to(), "the body is not valid UTF-8".to_owned()))?;
    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        return Ok(None);
    }
    js_sys::JSON::parse(text).map(|v| Some(Js(v))).map_err(|e| {
        let message: String = e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()).unwrap_or_default();
        // Engines name the failing position in UTF-16 units ("… at position 12"); without one, the text ended early.
        let at = hostup_core::text::find(&message, "position ")
            .and_then(|i| message.get(i + 9..)?.split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok())
            .map_or(body.len(), |units| byte_offset(text, units));
        let what = if at >= body.len() { "the body ends before its JSON does" } else { "the body is not valid JSON" };
        hostup_core::syntax_error(resp, at, what.to_owned())
    })
}

/// The byte offset of a UTF-16 offset into `text`.
fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.len()
}

/// A job the package handed to JS, read back (the driver's poll results).
pub fn job_from_js(value: &JsValue) -> Job {
    Job::read(&Js(value.clone()))
}
