//! Prints the TypeScript declarations of every declared wire type (the npm package's build writes them into its
//! `index.d.ts`): `cargo run -q -p hostup-core --example typescript`.

fn main() {
    print!("{}", hostup_core::typescript::all());
}
