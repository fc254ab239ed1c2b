//! TypeScript declarations of every declared wire type, rendered from the same [`Shape`]s the walker checks: the npm
//! package's response types are generated from here (`cargo run -q -p hostup-core --example typescript`), so a field
//! added to a declaration appears in `index.d.ts` with nothing else to edit.
//!
//! Every declared key is present on an output (the walker fills an absent nullable field with `null` and an absent
//! default with its value), so no output field is optional; a nullable one is `T | null`. An enum is its documented
//! values plus `(string & {})`: values this version does not know arrive as they were sent. An open object's
//! undeclared members are typed as an index signature on an intersection, so declared fields keep their types.

use crate::shape::{EnumDef, Shape, Ty};
use crate::wire::Shaped;

/// The shapes the package's outputs and errors are made of; everything they reach is declared too.
pub fn roots() -> Vec<&'static Shape> {
    vec![
        crate::VpsList::SHAPE,
        crate::VpsStatus::SHAPE,
        crate::BackupList::SHAPE,
        crate::OperationEnvelope::SHAPE,
        crate::SnapshotList::SHAPE,
        crate::ScheduleList::SHAPE,
        crate::Job::SHAPE,
        crate::Problem::SHAPE,
        crate::audit::FleetAudit::SHAPE,
    ]
}

/// The declarations of `roots` and of every shape and enum they reach, each once, in first-reached order.
pub fn declarations(roots: &[&'static Shape]) -> String {
    let mut shapes: Vec<&'static Shape> = Vec::new();
    let mut enums: Vec<&'static EnumDef> = Vec::new();
    for root in roots {
        collect(root, &mut shapes, &mut enums);
    }
    let mut out = String::new();
    for def in &enums {
        enum_decl(def, &mut out);
    }
    for shape in &shapes {
        interface(shape, &mut out);
    }
    out
}

/// The declarations of every declared response type.
pub fn all() -> String {
    declarations(&roots())
}

fn collect(shape: &'static Shape, shapes: &mut Vec<&'static Shape>, enums: &mut Vec<&'static EnumDef>) {
    if shapes.iter().any(|s| std::ptr::eq(*s, shape)) {
        return;
    }
    shapes.push(shape);
    for f in shape.fields {
        match f.ty {
            Ty::Obj(inner) | Ty::List(inner) => collect(inner, shapes, enums),
            Ty::Enum(def) if !enums.iter().any(|e| std::ptr::eq(*e, def)) => enums.push(def),
            _ => {}
        }
    }
}

/// The TypeScript of a field's type (without `| null`).
pub fn type_of(ty: Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Enum(def) => def.name.into(),
        Ty::Num | Ty::Whole(_) => "number".into(),
        Ty::Bool => "boolean".into(),
        Ty::Map => "Record<string, unknown>".into(),
        Ty::Obj(shape) => shape.name.into(),
        Ty::List(shape) => format!("{}[]", shape.name),
    }
}

fn doc(text: &str, indent: &str, out: &mut String) {
    let lines: Vec<&str> = text.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    out.push_str(indent);
    out.push_str("/**\n");
    for line in lines {
        out.push_str(indent);
        out.push_str(" *");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str(" */\n");
}

fn interface(shape: &Shape, out: &mut String) {
    doc(shape.doc, "", out);
    out.push_str("export interface ");
    out.push_str(shape.name);
    if shape.rest.is_some() {
        out.push_str("Fields");
    }
    out.push_str(" {\n");
    for f in shape.fields {
        doc(f.doc, "    ", out);
        out.push_str("    ");
        out.push_str(f.name);
        out.push_str(": ");
        out.push_str(&type_of(f.ty));
        if f.nullable {
            out.push_str(" | null");
        }
        out.push_str(";\n");
    }
    out.push_str("}\n\n");
    if shape.rest.is_some() {
        doc(shape.doc, "", out);
        out.push_str(&format!("export type {0} = {0}Fields & Record<string, unknown>;\n\n", shape.name));
    }
}

fn enum_decl(def: &EnumDef, out: &mut String) {
    doc(def.doc, "", out);
    out.push_str("export type ");
    out.push_str(def.name);
    out.push_str(" = ");
    for v in def.values {
        out.push('"');
        out.push_str(v);
        out.push_str("\" | ");
    }
    out.push_str("(string & {});\n\n");
}
