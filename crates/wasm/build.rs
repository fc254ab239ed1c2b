//! Writes the TypeScript declarations of core's response types (rendered from their one declaration, see
//! `hostup_core::typescript`) for `lib.rs` to place in the package's `.d.ts`, and the `Drift` that `onDrift`
//! receives (its `kind` values from core's `DriftKind`).

use hostup_core::DriftKind;

fn main() {
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("types.d.ts");
    // Exhaustive: a new kind in core fails this build until it is listed here.
    let kinds = [DriftKind::UnknownField, DriftKind::UnknownValue].map(|k| match k {
        DriftKind::UnknownField | DriftKind::UnknownValue => format!("\"{}\"", k.as_str()),
    });
    let drift = format!(
        "/**\n * A response carried something this version of the package does not know: `onDrift` gets one per\n \
         * (endpoint, pointer, kind) per client. The response is still read as usual.\n */\n\
         export interface Drift {{\n    \
         /** The method whose response drifted (`listBackups`, `getJob`, …). */\n    endpoint: string;\n    \
         /** A JSON pointer to where it was first seen (array indices as in that response: `/backups/0/region`). */\n    \
         pointer: string;\n    \
         /** `unknown_field`: a member the contract does not declare; `unknown_value`: an enum value outside the documented set. */\n    \
         kind: {};\n    \
         /** The undocumented enum value (`unknown_value` only; never a member's value, which could hold anything). */\n    \
         value?: string;\n}}\n\n",
        kinds.join(" | ")
    );
    std::fs::write(out, format!("{}\n{drift}", hostup_core::typescript::all())).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
}
