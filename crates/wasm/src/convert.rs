//! JS ⇄ Rust values. Inputs become loose JSON that core validates field by field (so every broken field is reported);
//! outputs become plain JS objects with the API's camelCase names and `null` where the API has null.

use hostup_core::{codes, FieldError};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serializes an output: serde_json writes the JSON (`null` for `None`, the API's camelCase names) and the engine's
/// `JSON.parse` builds the objects. One serializer for requests and outputs keeps the wasm small, and building a large
/// list this way is faster than crossing the boundary once per field.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value).ok().and_then(|json| js_sys::JSON::parse(&json).ok()).unwrap_or(JsValue::NULL)
}

/// Reads any JS value as JSON. `undefined` and `null` are `null`; functions, symbols and bigints are a field error at
/// `pointer`, never a trap.
pub fn from_js(value: &JsValue, pointer: &str) -> Result<serde_json::Value, FieldError> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Null);
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|_| {
        FieldError::new(
            pointer,
            codes::INVALID_TYPE,
            "Expected plain JSON data (objects, arrays, strings, numbers, booleans).",
        )
    })
}

/// A string argument, or a field error at `pointer`.
pub fn string_arg(value: &JsValue, pointer: &str) -> Result<String, FieldError> {
    value.as_string().ok_or_else(|| {
        let what = pointer.trim_start_matches('/');
        let code = if value.is_undefined() || value.is_null() { codes::MISSING_REQUIRED } else { codes::INVALID_TYPE };
        FieldError::new(pointer, code, format!("`{what}` must be a string."))
    })
}
