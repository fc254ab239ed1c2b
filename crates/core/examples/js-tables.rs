//! Prints the npm package's check tables (see `hostup_core::js_tables`): the package's build writes them next to
//! crates/wasm/js/check.js. `cargo run -q -p hostup-core --example js-tables`.

fn main() {
    print!("{}", hostup_core::js_tables::module());
}
