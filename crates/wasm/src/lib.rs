//! The npm package `hostup-backups`: a thin wasm-bindgen facade over `hostup-client`. It converts and delegates;
//! the logic lives in `hostup-core` and `hostup-client`. One file per exported class: [`client`] holds
//! `HostupClient`; errors become real JS `Error` subclasses ([`errors`]).
#![warn(missing_docs)]
// The package exists for wasm32 only; natively (cargo test/clippy --workspace) the crate is empty.
#![cfg(target_arch = "wasm32")]

mod audit;
mod client;
mod convert;
mod errors;
mod inputs;
mod json;

mod engine;
pub use audit::Audit;
pub use engine::{Engine, Wait};

/// Talc instead of the standard library's dlmalloc: fewer bytes in the package and faster allocation (the package is
/// single-threaded: no `atomics` target feature).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use wasm_bindgen::prelude::*;

/// The response types' declarations, rendered from core's one declaration of each shape (build.rs).
#[wasm_bindgen(typescript_custom_section)]
const RESPONSE_TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

/// Checks a snapshot name against the contract's rule (1–40 of `A–Z a–z 0–9 _ -`), with no network:
/// `[]` when valid, else `[{ pointer, detail, code }]`. Anything that is not a string is reported, never thrown.
#[wasm_bindgen(js_name = validateSnapshotName, unchecked_return_type = "FieldError[]")]
pub fn validate_snapshot_name(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> JsValue {
    let errors = match name.as_string() {
        Some(name) => hostup_core::validate_snapshot_name(&name),
        None => {
            vec![hostup_core::FieldError::new("/name", hostup_core::codes::INVALID_TYPE, "`name` must be a string.")]
        }
    };
    convert::field_errors_to_js(&errors)
}

/// Checks a backup schedule (types, ranges and the day rules) with no network: `[]` when valid, else every broken
/// field as `{ pointer, detail, code }`.
#[wasm_bindgen(js_name = validateBackupSchedule, unchecked_return_type = "FieldError[]")]
pub fn validate_backup_schedule(
    #[wasm_bindgen(unchecked_param_type = "BackupScheduleInput")] input: JsValue,
) -> JsValue {
    let errors = match convert::from_js(&input, "") {
        Ok(value) => hostup_core::validate_backup_schedule(&value),
        Err(e) => vec![e],
    };
    convert::field_errors_to_js(&errors)
}

/// Registers the JS error classes the package's entry files define (internal; called once at load).
#[doc(hidden)]
#[wasm_bindgen(js_name = __registerErrorClasses)]
pub fn register_error_classes(classes: JsValue) {
    errors::register(classes);
}
