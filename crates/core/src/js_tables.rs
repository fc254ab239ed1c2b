//! The npm package's check tables: every endpoint's [`Wire`] and every [`Shape`] and enum it reaches, rendered as a
//! small JS module from the same declarations the walker reads (`cargo run -q -p hostup-core --example js-tables`;
//! the package's build writes it next to crates/wasm/js/check.js, which walks a `JSON.parse` result against it
//! exactly as [`crate::shape`]'s walker does). Native builds only, like [`crate::typescript`].
//!
//! Format (arrays, to stay small): `shapes[i] = [fields, rest]` with `fields[j] = [name, type, arg, nullable,
//! missing]`, `type` = [`Ty::code`], `arg` = the enum's index in `enums`, the shape's index in `shapes`, or a whole
//! number's bound; `missing` 0 required, 1 null, 2 true, 3 empty; `rest` the open object's rest field or 0.
//! `wires[endpoint] = [kind, key, shape]`: kind 0 body, 1 operation, 2 optional operation, 3 wrapped under `key`,
//! 4 empty. `checks[i]` is the fields of shape `i`, a list's item, as straight-line JS, `(v, check, F) => …`, else 0
//! (check.js walks the shape's fields): each field read
//! by name (a named load is many times cheaper than the table walk's keyed one), and only a value that needs nothing
//! more (a string, a finite number, a boolean, an allowed null, an enum's string when no drift is collected) passes
//! here; every other case is check.js's `F(shape, field, value, …)`, the walk's own step for that field.

use crate::endpoints::Endpoint;
use crate::shape::{EnumDef, Missing, Shape, Ty, Wire};
use crate::wire::Shaped;

/// Every endpoint's method name and wire.
pub fn endpoints() -> Vec<(&'static str, Wire)> {
    fn e<E: Endpoint>() -> (&'static str, Wire) {
        (E::NAME, E::WIRE)
    }
    vec![
        e::<crate::ListVps>(),
        e::<crate::GetVps>(),
        e::<crate::GetVpsStatus>(),
        e::<crate::ListBackups>(),
        e::<crate::CreateBackup>(),
        e::<crate::RestoreBackup>(),
        e::<crate::DeleteBackup>(),
        e::<crate::ListSnapshots>(),
        e::<crate::CreateSnapshot>(),
        e::<crate::RestoreSnapshot>(),
        e::<crate::DeleteSnapshot>(),
        e::<crate::ListBackupSchedules>(),
        e::<crate::SetBackupSchedule>(),
        e::<crate::UpdateBackupSchedules>(),
        e::<crate::DeleteBackupSchedule>(),
        e::<crate::GetJob>(),
    ]
}

/// The roots checked besides the endpoints' outputs: an error's problem document and the operation `waitForJob`
/// takes.
pub fn extra_roots() -> Vec<(&'static str, &'static Shape)> {
    vec![("problem", crate::Problem::SHAPE), ("operation", crate::Operation::SHAPE)]
}

struct Tables {
    shapes: Vec<&'static Shape>,
    enums: Vec<&'static EnumDef>,
}

impl Tables {
    fn shape(&mut self, shape: &'static Shape) -> usize {
        // By name (the TypeScript name, unique): a `const` shape may sit at several addresses.
        if let Some(i) = self.shapes.iter().position(|s| s.name == shape.name) {
            return i;
        }
        let at = self.shapes.len();
        self.shapes.push(shape);
        for f in shape.fields {
            match f.ty {
                Ty::Obj(inner) | Ty::List(inner) => {
                    self.shape(inner);
                }
                Ty::Enum(def) => {
                    self.enum_index(def);
                }
                _ => {}
            }
        }
        at
    }

    fn enum_index(&mut self, def: &'static EnumDef) -> usize {
        if let Some(i) = self.enums.iter().position(|e| e.name == def.name) {
            return i;
        }
        self.enums.push(def);
        self.enums.len() - 1
    }
}

fn string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// A whole number's bound as a JS literal. JS reads it as a double: exact up to 2^53, and `u64::MAX` reads as 2^64,
/// which with the check's `< 2^64` is the same bound; anything between would be rounded, so it is refused here.
fn bound(max: u64) -> String {
    assert!(max <= 1 << 53 || max == u64::MAX, "a whole-number bound JS cannot hold exactly: {max}");
    max.to_string()
}

/// Shape `index`'s check as straight-line JS (see the module's format): per field, the value read by name, the cases
/// that need nothing more, else check.js's step `F`.
fn check(index: usize, shape: &Shape) -> String {
    let mut body = String::from("(v,c,F)=>{let x;");
    for (j, field) in shape.fields.iter().enumerate() {
        // `S`, `E`, `N`, `B`: the module's tests of a string, an enum's string (no drift collected), a finite number,
        // a boolean.
        let fast = match field.ty {
            Ty::Str => "S",
            Ty::Enum(_) => "E",
            Ty::Num => "N",
            Ty::Bool => "B",
            _ => "",
        };
        let name = field.name;
        let read = if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()) {
            format!("v.{name}")
        } else {
            format!("v[{}]", string(name))
        };
        let null = if field.nullable { "||x===null" } else { "" };
        if fast.is_empty() {
            body.push_str(&format!("F({index},{j},{read},v,c);"));
        } else {
            let check = if fast == "E" { ",c" } else { "" };
            body.push_str(&format!("{fast}(x={read}{check}){null}||F({index},{j},x,v,c);"));
        }
    }
    body.push('}');
    body
}

/// The check tables as an ES module.
pub fn module() -> String {
    let mut t = Tables { shapes: Vec::new(), enums: Vec::new() };
    let envelope = t.shape(crate::OperationEnvelope::SHAPE);
    let mut wires = Vec::new();
    for (name, wire) in endpoints() {
        let (kind, key, shape) = match wire {
            Wire::Body(s) => (0, "", t.shape(s)),
            Wire::Operation => (1, "", envelope),
            Wire::OptionalOperation => (2, "", envelope),
            Wire::Wrapped(key, s) => (3, key, t.shape(s)),
            Wire::Empty => (4, "", 0),
        };
        wires.push(format!("{}:[{kind},{},{shape}]", name, string(key)));
    }
    let roots: Vec<String> =
        extra_roots().into_iter().map(|(name, shape)| format!("{name}:{}", t.shape(shape))).collect();
    // Shapes can be added while rendering (none are: every one was reached above), so index first, render after.
    let mut shapes = Vec::new();
    for shape in t.shapes.clone() {
        let mut fields = Vec::new();
        for f in shape.fields {
            let arg = match f.ty {
                Ty::Enum(def) => t.enum_index(def).to_string(),
                Ty::Obj(s) | Ty::List(s) => t.shape(s).to_string(),
                Ty::Whole(max) => bound(max),
                _ => "0".into(),
            };
            let missing = match f.missing {
                Missing::Required => 0,
                Missing::Null => 1,
                Missing::True => 2,
                Missing::Empty => 3,
            };
            fields.push(format!("[{},{},{arg},{},{missing}]", string(f.name), f.ty.code(), u8::from(f.nullable)));
        }
        shapes.push(format!("[[{}],{}]", fields.join(","), shape.rest.map_or("0".into(), string)));
    }
    // Straight-line checks only for the shapes of list items, where the time goes (a list's objects); the others
    // (one object a body) are walked field by field, which costs fewer bytes.
    let items: Vec<&str> = t
        .shapes
        .iter()
        .flat_map(|s| s.fields)
        .filter_map(|f| match f.ty {
            Ty::List(s) => Some(s.name),
            _ => None,
        })
        .collect();
    let checks: Vec<String> = t
        .shapes
        .iter()
        .enumerate()
        .map(|(i, shape)| if items.contains(&shape.name) { check(i, shape) } else { "0".into() })
        .collect();
    let enums: Vec<String> = t
        .enums
        .iter()
        .map(|e| format!("[{}]", e.values.iter().map(|v| string(v)).collect::<Vec<_>>().join(",")))
        .collect();
    format!(
        "// Generated from hostup-core's declarations (hostup_core::js_tables): do not edit.\n\
         export const shapes=[{}];\n\
         const S=x=>typeof x==\"string\",E=(x,c)=>!c.d&&S(x),N=x=>typeof x==\"number\"&&isFinite(x),\
         B=x=>typeof x==\"boolean\";\nexport const checks=[{}];\nexport const enums=[{}];\nexport const wires={{{}}};\n\
         export const roots={{{}}};\n",
        shapes.join(","),
        checks.join(","),
        enums.join(","),
        wires.join(","),
        roots.join(",")
    )
}
