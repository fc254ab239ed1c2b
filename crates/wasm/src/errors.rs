//! Errors become real JS `Error` subclasses (bitwarden-sdk `wasm.rs` style): the classes are defined in the package's
//! `errors.js`, registered at load, and constructed here with the error's fields. Messages never contain the API key
//! (the client scrubs it; core redacts `Bearer` tokens in snippets).

use crate::convert::{field_errors_to_js, job_to_js, JsBuild};
use hostup_client::Error;
use hostup_core::Error as CoreError;
use hostup_core::FieldError;
use js_sys::{Array, Function, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static CLASSES: RefCell<Option<Object>> = const { RefCell::new(None) };
}

/// Stores `{ HostupApiError, … }` from the entry file.
pub fn register(classes: JsValue) {
    if let Ok(obj) = classes.dyn_into::<Object>() {
        CLASSES.with(|c| *c.borrow_mut() = Some(obj));
    }
}

/// A property value for an error object.
enum P<'a> {
    Str(&'a str),
    Opt(Option<&'a str>),
    Num(Option<f64>),
    Js(JsValue),
}

impl From<&P<'_>> for JsValue {
    fn from(p: &P<'_>) -> JsValue {
        match p {
            P::Str(s) => JsValue::from_str(s),
            P::Opt(s) => s.map_or(JsValue::NULL, JsValue::from_str),
            P::Num(n) => n.map_or(JsValue::NULL, JsValue::from_f64),
            P::Js(v) => v.clone(),
        }
    }
}

/// Builds `new <class>(message, props)`, or a plain `Error` named `class` if the classes were not registered.
/// Properties are set one by one (no JSON round trip: this code runs for every error and its size counts).
fn make(class: &str, message: &str, props: &[(&str, P<'_>)]) -> JsValue {
    let obj = Object::new();
    for (key, value) in props {
        let _ = Reflect::set(&obj, &JsValue::from_str(key), &JsValue::from(value));
    }
    let ctor = CLASSES.with(|c| {
        c.borrow()
            .as_ref()
            .and_then(|o| Reflect::get(o, &JsValue::from_str(class)).ok())
            .and_then(|f| f.dyn_into::<Function>().ok())
    });
    if let Some(ctor) = ctor {
        if let Ok(err) = Reflect::construct(&ctor, &Array::of2(&JsValue::from_str(message), &obj)) {
            return err;
        }
    }
    let err = js_sys::Error::new(message);
    err.set_name(class);
    Object::assign(&err, &obj);
    err.into()
}

fn num(n: impl Into<f64>) -> P<'static> {
    P::Num(Some(n.into()))
}

/// A validation error thrown before any request.
pub fn validation(errors: &[FieldError]) -> JsValue {
    let message = hostup_core::ValidationErrors(errors.to_vec()).to_string();
    make(
        "HostupValidationError",
        &message,
        &[("code", P::Str("validation_failed")), ("errors", P::Js(field_errors_to_js(errors)))],
    )
}

/// The JS error for a client error.
pub fn to_js_error(error: &Error, now_unix_ms: u64) -> JsValue {
    let message = error.to_string();
    let ms = |r: Option<hostup_core::RetryAfter>| P::Num(r.map(|r| r.delay_ms(now_unix_ms) as f64));
    match error {
        Error::Core(CoreError::Validation(v)) => validation(v.errors()),
        Error::Core(CoreError::Api(api)) => {
            let p = &api.problem;
            let rate = Object::new();
            let rl = &api.rate_limit;
            for (k, v) in [
                ("limit", P::Num(rl.limit.map(|n| n as f64))),
                ("remaining", P::Num(rl.remaining.map(|n| n as f64))),
                ("resetMs", ms(rl.reset)),
            ] {
                let _ = Reflect::set(&rate, &JsValue::from_str(k), &JsValue::from(&v));
            }
            // The problem's members come from its declaration (all but `status` and `code`, which are the HTTP
            // status and the effective code); then what the client adds.
            let mut props = vec![("status", num(api.status)), ("code", P::Str(&api.code))];
            hostup_core::wire::Shaped::members::<JsBuild>(p, &mut |name, value| {
                if name != "status" && name != "code" {
                    props.push((name, P::Js(value)));
                }
            });
            props.push(("retryAfterMs", ms(api.retry_after)));
            props.push(("rateLimit", P::Js(rate.into())));
            make("HostupApiError", &message, &props)
        }
        Error::Core(CoreError::Decode { status, pointer, .. }) => make(
            "HostupResponseError",
            &message,
            &[("code", P::Str("invalid_response")), ("status", num(*status)), ("pointer", P::Str(pointer))],
        ),
        Error::Core(CoreError::TooLarge { len, max }) => make(
            "HostupResponseError",
            &message,
            &[
                ("code", P::Str("response_too_large")),
                ("status", P::Num(None)),
                ("pointer", P::Str("")),
                ("length", num(*len as f64)),
                ("limit", num(*max as f64)),
            ],
        ),
        Error::Network { attempts, .. } => {
            make("HostupNetworkError", &message, &[("code", P::Str("network_error")), ("attempts", num(*attempts))])
        }
        Error::Timeout { timeout_ms, attempts } => make(
            "HostupTimeoutError",
            &message,
            &[
                ("code", P::Str("timeout")),
                ("timeoutMs", num(*timeout_ms as f64)),
                ("attempts", num(*attempts)),
                ("jobId", P::Opt(None)),
                ("lastStatus", P::Opt(None)),
            ],
        ),
        Error::WaitTimedOut { job_id, last_status, waited_ms } => make(
            "HostupTimeoutError",
            &message,
            &[
                ("code", P::Str("wait_timeout")),
                ("timeoutMs", num(*waited_ms as f64)),
                ("attempts", P::Num(None)),
                ("jobId", P::Str(job_id)),
                ("lastStatus", P::Str(last_status)),
            ],
        ),
        Error::JobFailed(job) => {
            let p = job.error.clone().unwrap_or_default();
            make(
                "HostupJobFailedError",
                &message,
                &[
                    ("code", P::Str(p.code.as_deref().filter(|c| !c.is_empty()).unwrap_or("job_failed"))),
                    ("status", P::Num(p.status.map(f64::from))),
                    ("title", P::Opt(p.title.as_deref())),
                    ("detail", P::Opt(p.detail.as_deref())),
                    ("requestId", P::Opt(p.request_id.as_deref())),
                    ("jobId", P::Str(&job.job_id)),
                    ("job", P::Js(job_to_js(job))),
                ],
            )
        }
    }
}
