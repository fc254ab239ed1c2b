//! Response bodies: the engine's `JSON.parse` builds the objects, core's shape tables check them
//! ([`hostup_core::shape::read_wire`]) and fill absent nullable fields with `null`. No JSON parser and no per-type
//! deserializer is linked into the wasm, and the objects handed to JS are the ones `JSON.parse` made.

use hostup_core::shape::{
    self, read_wire, read_wire_reporting, DriftSink, Fill, JsonView, Kind, Missing, Shape, Ty, Wire,
};
use hostup_core::wire::Shaped;
use hostup_core::{Drift, DriftKind, DriftLog, Error, Job, Operation, Problem, Response};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A JS value seen as JSON.
pub struct Js(pub JsValue);

/// The output of the package's erased endpoint: the checked object `JSON.parse` made. (Its `Output::from_checked` is
/// never used: the erased endpoint reads responses itself, in [`read_response`].)
pub struct JsOutput(pub JsValue);

impl hostup_core::wire::Output for JsOutput {
    fn from_checked<V: JsonView>(_: Option<V>) -> Self {
        JsOutput(JsValue::NULL)
    }
}

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
    let view = Js(value.clone());
    read_wire(Some(view), Wire::Body(Operation::SHAPE), &mut |_, _, _| {}).ok()?.map(|v| Operation::read(&v))
}

/// The problem document of an error response, when the body is one.
fn problem(resp: &Response) -> Option<Problem> {
    shape::problem_document(parse(resp).ok()??)
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

/// The value of an absent field.
fn fill_value(fill: Fill) -> JsValue {
    match fill {
        Fill::Null => JsValue::NULL,
        Fill::True => JsValue::TRUE,
        Fill::EmptyList => Array::new().into(),
        Fill::Default(shape) => default_object(shape),
    }
}

fn default_object(shape: &Shape) -> JsValue {
    let obj = Object::new();
    for f in shape.fields {
        let value = match (f.missing, f.ty) {
            (Missing::True, _) => JsValue::TRUE,
            (Missing::Empty, Ty::Obj(inner)) => default_object(inner),
            (Missing::Empty, _) => Array::new().into(),
            _ => JsValue::NULL,
        };
        let _ = Reflect::set(&obj, &JsValue::from_str(f.name), &value);
    }
    obj.into()
}

/// Parses a body with `JSON.parse` and checks it against `wire`: the output object, `null` where there is none, or
/// the typed error (API error, too large, or a decode error naming where the body broke the contract).
pub fn read_response(resp: &Response, wire: Wire) -> Result<JsValue, Error> {
    read(resp, wire, None)
}

/// [`read_response`] that also returns the contract drift core's walker saw (once per pointer and kind), for
/// `endpoint`. Asking each object for its keys costs a little, so only a client with `onDrift` reads this way.
pub fn read_response_reporting(
    resp: &Response,
    wire: Wire,
    endpoint: &'static str,
) -> Result<(JsValue, Vec<Drift>), Error> {
    let mut found = Vec::new();
    let mut log = DriftLog::new();
    let mut sink = |pointer: &str, kind: DriftKind, value: Option<&str>| {
        let drift = Drift { endpoint, pointer: pointer.to_owned(), kind, value: value.map(str::to_owned) };
        if log.first(&drift) {
            found.push(drift);
        }
    };
    let out = read(resp, wire, Some(&mut sink))?;
    Ok((out, found))
}

fn read(resp: &Response, wire: Wire, drift: Option<&mut DriftSink<'_>>) -> Result<JsValue, Error> {
    hostup_core::check_with(resp, problem)?;
    if matches!(wire, Wire::Empty) {
        return Ok(JsValue::NULL);
    }
    let root = parse(resp)?;
    let mut fill = |obj: &Js, key: &'static str, fill: Fill| {
        key_string(key, |k| Reflect::set(&obj.0, k, &fill_value(fill))).ok();
    };
    let read = match drift {
        Some(drift) => read_wire_reporting(root, wire, &mut fill, drift),
        None => read_wire(root, wire, &mut fill),
    };
    match read {
        Ok(out) => {
            let out = out.map_or(JsValue::NULL, |v| v.0);
            if let Wire::Body(shape) | Wire::Wrapped(_, shape) = wire {
                if has_rest(shape) {
                    add_rest(&out, shape);
                }
            }
            Ok(out)
        }
        Err(e) => Err(Error::Decode { status: resp.status, pointer: e.pointer, message: e.message }),
    }
}

/// Whether `shape` or a shape inside it is open (keeps undeclared members in its `rest` field, like `Vps::extra`).
fn has_rest(shape: &'static Shape) -> bool {
    shape.rest.is_some() || shape.fields.iter().any(|f| matches!(f.ty, Ty::Obj(s) | Ty::List(s) if has_rest(s)))
}

/// Gives each open object of a checked value its `rest` member (`extra`): the members its shape does not declare,
/// as sent, so a typed reader finds them where a typo cannot hide. They also stay on the object, as before.
fn add_rest(value: &JsValue, shape: &'static Shape) {
    if let Some(rest) = shape.rest {
        let extra = Object::new();
        for key in Object::keys(value.unchecked_ref::<Object>()) {
            let name = key.as_string().unwrap_or_default();
            if !shape.fields.iter().any(|f| f.name == name) {
                let member = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
                let _ = Reflect::set(&extra, &key, &member);
            }
        }
        key_string(rest, |k| Reflect::set(value, k, &extra)).ok();
    }
    for f in shape.fields {
        let (inner, list) = match f.ty {
            Ty::Obj(inner) => (inner, false),
            Ty::List(inner) => (inner, true),
            _ => continue,
        };
        if !has_rest(inner) {
            continue;
        }
        let member = key_string(f.name, |k| Reflect::get(value, k)).unwrap_or(JsValue::NULL);
        if list {
            if let Some(items) = member.dyn_ref::<Array>() {
                items.for_each(&mut |item, _, _| add_rest(&item, inner));
            }
        } else if member.is_object() {
            add_rest(&member, inner);
        }
    }
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
