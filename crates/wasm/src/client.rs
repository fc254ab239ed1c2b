//! The JS arguments of the client's methods, read into core's endpoints (core validates ids and bodies; nothing here
//! traps on any JS value), and the endpoint seen without its output type that [`crate::engine`] drives.

use crate::convert::from_js;
use hostup_client::JobTarget;
use hostup_core::{codes, limits, Config, Endpoint, FieldError, ValidationErrors};
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

/// An endpoint seen without its Rust output type: the npm package checks every response body in JS against core's
/// tables (crates/wasm/js/check.js), so only its request and name are used here.
pub(crate) trait JsonEndpoint {
    fn request(&self, config: &Config) -> hostup_core::Request;
    fn name(&self) -> &'static str;
}

impl<E: Endpoint> JsonEndpoint for E {
    fn request(&self, config: &Config) -> hostup_core::Request {
        Endpoint::request(self, config)
    }
    fn name(&self) -> &'static str {
        E::NAME
    }
}

/// A built endpoint.
pub(crate) struct Erased(pub(crate) Box<dyn JsonEndpoint>);

/// Boxes a built endpoint behind [`JsonEndpoint`], so the argument helpers and the run loop exist once.
pub(crate) fn erase<E: Endpoint + 'static>(endpoint: Result<E, ValidationErrors>) -> Result<Erased, ValidationErrors> {
    endpoint.map(|e| Erased(Box::new(e)))
}

pub(crate) fn one(e: FieldError) -> ValidationErrors {
    ValidationErrors(vec![e])
}

/// A JS argument as core's loosely typed path argument ([`hostup_core::Arg`]): its text is kept in `holder`. Core
/// reports a missing or non-text id at its pointer together with every other broken field.
pub(crate) fn arg<'a>(value: &JsValue, holder: &'a mut Option<String>) -> hostup_core::Arg<'a> {
    *holder = value.as_string();
    let holder: &'a Option<String> = holder;
    match holder {
        Some(text) => hostup_core::Arg::Text(text),
        None if value.is_undefined() || value.is_null() => hostup_core::Arg::Missing,
        None => hostup_core::Arg::NotText,
    }
}

/// Reads a VPS id argument and builds the endpoint (core validates it).
pub(crate) fn with_id<E>(
    vps_id: &JsValue,
    build: impl FnOnce(hostup_core::Arg<'_>) -> Result<E, ValidationErrors>,
) -> Result<E, ValidationErrors> {
    build(arg(vps_id, &mut None))
}

/// Reads a VPS id and a body and builds the endpoint: core validates both together. The only error added here is a
/// body JS cannot turn into JSON (a cycle, a function), placed after the id's.
pub(crate) fn with_body(
    vps_id: &JsValue,
    body: &JsValue,
    build: &dyn Fn(hostup_core::Arg<'_>, &serde_json::Value) -> Result<Erased, ValidationErrors>,
) -> Result<Erased, ValidationErrors> {
    let mut unconvertible = None;
    let body = from_js(body, "").map_err(|e| unconvertible = Some(e)).ok();
    match (build(arg(vps_id, &mut None), body.as_ref().unwrap_or(&serde_json::Value::Null)), unconvertible) {
        (Ok(e), None) => Ok(e),
        (Ok(_), Some(e)) => Err(one(e)),
        (Err(mut errors), Some(e)) => {
            let at = errors.0.iter().take_while(|f| f.pointer == "/vpsId").count();
            errors.0.insert(at, e);
            Err(errors)
        }
        (Err(errors), None) => Err(errors),
    }
}

/// Reads two id arguments and builds the endpoint (core validates and reports both).
pub(crate) fn with_two_ids(
    vps_id: &JsValue,
    other: &JsValue,
    build: &dyn Fn(hostup_core::Arg<'_>, hostup_core::Arg<'_>) -> Result<Erased, ValidationErrors>,
) -> Result<Erased, ValidationErrors> {
    build(arg(vps_id, &mut None), arg(other, &mut None))
}

/// `options[name]`: `undefined` when `options` is not an object or reading the member throws.
pub(crate) fn member(options: &JsValue, name: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// `options.confirm` as text for core's confirmation rule (a non-string is no confirmation: the empty string).
pub(crate) fn confirm_arg(options: &JsValue) -> String {
    member(options, "confirm").as_string().unwrap_or_default()
}

pub(crate) type WaitArgs = (JobTarget, u64, Option<web_sys::AbortSignal>, Option<Function>);

/// Reads `waitForJob`'s arguments, reporting every bad one.
pub(crate) fn parse_wait_args(target: &JsValue, options: &JsValue) -> Result<WaitArgs, Vec<FieldError>> {
    let mut errors = Vec::new();
    let target = if let Some(s) = target.as_string() {
        Some(JobTarget::Id(s))
    } else if target.is_object() {
        let inner = Reflect::get(target, &JsValue::from_str("operation")).ok().filter(JsValue::is_object);
        let op = inner.unwrap_or_else(|| target.clone());
        match crate::json::operation(&op) {
            Some(op) => Some(JobTarget::Operation(op)),
            None => match Reflect::get(&op, &JsValue::from_str("jobId")).ok().and_then(|v| v.as_string()) {
                Some(id) => Some(JobTarget::Id(id)),
                None => {
                    errors.push(FieldError::new("/jobId", codes::MISSING_REQUIRED, "The operation has no `jobId`."));
                    None
                }
            },
        }
    } else {
        errors.push(FieldError::new(
            "/jobId",
            codes::INVALID_TYPE,
            "Pass an operation, a job id or a poll URL to waitForJob.",
        ));
        None
    };
    let (signal, on_progress) = watch_options(options, &mut errors);
    let limit = limits::WAIT_TIMEOUT_MS;
    let timeout_ms = limit.read(given(&member(options, "timeoutMs")), &mut errors).unwrap_or(limit.default);
    match target {
        Some(t) if errors.is_empty() => Ok((t, timeout_ms, signal, on_progress)),
        _ => Err(errors),
    }
}

/// What `waitForJob` and `auditBackups` options share: the options are an object (or absent), `signal` an
/// `AbortSignal` and `onProgress` a function when given. Each bad one is pushed to `errors`.
pub(crate) fn watch_options(
    options: &JsValue,
    errors: &mut Vec<FieldError>,
) -> (Option<web_sys::AbortSignal>, Option<Function>) {
    let get = |name: &str| member(options, name);
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        errors.push(FieldError::new("", codes::INVALID_TYPE, "The options must be an object."));
    }
    let signal = match get("signal") {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.dyn_into::<web_sys::AbortSignal>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(FieldError::new("/signal", codes::INVALID_TYPE, "`signal` must be an AbortSignal."));
                None
            }
        },
    };
    let on_progress = match get("onProgress") {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.dyn_into::<Function>() {
            Ok(f) => Some(f),
            Err(_) => {
                errors.push(FieldError::new("/onProgress", codes::INVALID_TYPE, "`onProgress` must be a function."));
                None
            }
        },
    };
    (signal, on_progress)
}

/// A JS option value as core's option reader sees it.
pub(crate) fn given(v: &JsValue) -> limits::Given {
    if v.is_undefined() || v.is_null() {
        limits::Given::Absent
    } else {
        v.as_f64().map_or(limits::Given::Other, limits::Given::Number)
    }
}
