//! Writes the TypeScript declarations of core's response types (rendered from their one declaration, see
//! `hostup_core::typescript`) for `lib.rs` to place in the package's `.d.ts`.

fn main() {
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("types.d.ts");
    std::fs::write(out, hostup_core::typescript::all()).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
}
