//! Errors become real JS `Error` subclasses (bitwarden-sdk `wasm.rs` style): the classes are defined in the package's
//! `errors.js`, registered at load, and constructed here with the error's fields. Messages never contain the API key
//! (the client scrubs it; core redacts `Bearer` tokens in snippets).

use crate::convert::to_js;
use hostup_client::Error;
use hostup_core::FieldError;
use js_sys::{Array, Function, Object, Reflect};
use serde_json::json;
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

/// Builds `new <class>(message, props)`, or a plain `Error` named `class` if the classes were not registered.
fn make(class: &str, message: &str, props: serde_json::Value) -> JsValue {
    let props = to_js(&props);
    let ctor = CLASSES.with(|c| {
        c.borrow()
            .as_ref()
            .and_then(|o| Reflect::get(o, &JsValue::from_str(class)).ok())
            .and_then(|f| f.dyn_into::<Function>().ok())
    });
    if let Some(ctor) = ctor {
        if let Ok(err) = Reflect::construct(&ctor, &Array::of2(&JsValue::from_str(message), &props)) {
            return err;
        }
    }
    let err = js_sys::Error::new(message);
    err.set_name(class);
    if let Ok(props) = props.dyn_into::<Object>() {
        Object::assign(&err, &props);
    }
    err.into()
}

/// A validation error thrown before any request.
pub fn validation(errors: &[FieldError]) -> JsValue {
    let message = hostup_core::ValidationErrors(errors.to_vec()).to_string();
    make("HostupValidationError", &message, json!({ "code": "validation_failed", "errors": errors }))
}

/// The JS error for a client error.
pub fn to_js_error(error: &Error, now_unix_ms: u64) -> JsValue {
    let message = error.to_string();
    match error {
        Error::Validation(v) => validation(v.errors()),
        Error::Api(api) => {
            let p = &api.problem;
            make(
                "HostupApiError",
                &message,
                json!({
                    "status": api.status,
                    "code": api.code,
                    "title": p.title,
                    "detail": p.detail,
                    "type": p.type_,
                    "instance": p.instance,
                    "requestId": p.request_id,
                    "timestamp": p.timestamp,
                    "errors": p.errors,
                    "extensions": p.extensions,
                    "retryAfterMs": api.retry_after.map(|r| r.delay_ms(now_unix_ms)),
                    "rateLimit": {
                        "limit": api.rate_limit.limit,
                        "remaining": api.rate_limit.remaining,
                        "resetMs": api.rate_limit.reset.map(|r| r.delay_ms(now_unix_ms)),
                    },
                }),
            )
        }
        Error::Decode { status, pointer, .. } => make(
            "HostupResponseError",
            &message,
            json!({ "code": "invalid_response", "status": status, "pointer": pointer }),
        ),
        Error::TooLarge { len, max } => make(
            "HostupResponseError",
            &message,
            json!({ "code": "response_too_large", "status": null, "pointer": "", "length": len, "limit": max }),
        ),
        Error::Network { attempts, .. } => {
            make("HostupNetworkError", &message, json!({ "code": "network_error", "attempts": attempts }))
        }
        Error::Timeout { timeout_ms, attempts } => make(
            "HostupTimeoutError",
            &message,
            json!({ "code": "timeout", "timeoutMs": timeout_ms, "attempts": attempts, "jobId": null, "lastStatus": null }),
        ),
        Error::WaitTimedOut { job_id, last_status, waited_ms } => make(
            "HostupTimeoutError",
            &message,
            json!({ "code": "wait_timeout", "timeoutMs": waited_ms, "attempts": null, "jobId": job_id, "lastStatus": last_status }),
        ),
        Error::JobFailed(job) => {
            let p = job.error.clone().unwrap_or_default();
            make(
                "HostupJobFailedError",
                &message,
                json!({
                    "code": p.code.clone().unwrap_or_else(|| "job_failed".to_owned()),
                    "status": p.status,
                    "title": p.title,
                    "detail": p.detail,
                    "requestId": p.request_id,
                    "jobId": job.job_id,
                    "job": job,
                }),
            )
        }
    }
}

/// The rejection of an aborted call: the signal's reason (a DOMException named `AbortError`) or an `AbortError`.
pub fn abort_error(reason: JsValue) -> JsValue {
    if reason.is_undefined() || reason.is_null() {
        let err = js_sys::Error::new("The operation was aborted.");
        err.set_name("AbortError");
        return err.into();
    }
    reason
}
