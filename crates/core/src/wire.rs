//! **One declaration per wire shape.** Every response type is declared once, with [`wire_struct!`] (objects) or
//! [`string_enum!`] (string enums); everything else follows from that declaration:
//!
//! - the Rust type (with `serde::Serialize` to the same wire names, and a `Deserialize` that is the walker below);
//! - its [`Shape`]: fields, wire names, nullability, defaults, whole-number bounds, open maps,
//!   which [`crate::shape::read_wire`] checks (natively and, on `JSON.parse` output, in the npm package);
//! - its typed reader ([`Shaped::read`]), the only way a checked object becomes a Rust value;
//! - its string visitor ([`Shaped::visit_strings`]), so redaction of the API key reaches every server string;
//! - its TypeScript declaration ([`crate::typescript`]), from which the npm package's `index.d.ts` is generated;
//! - its drift report: undeclared members and undocumented enum values ([`crate::drift`]).
//!
//! Why a `macro_rules!` macro rather than a derive crate: a declaration reads like the struct it makes, the workspace
//! gains no proc-macro crate (syn and quote would be the largest build-time dependencies of the core), and
//! `string_enum!` already worked this way. What a field's type means on the wire comes from [`FieldType`], so a field
//! is written once — `pub size_gb: f64 = "sizeGb"` — and its table entry, reader and TypeScript follow from `f64`.
//!
//! Adding a field to a response: add one line to its declaration (docs/architecture.md walks through it; the test
//! `tests/wire.rs` shows every derived form following one declaration).

use crate::shape::{JsonView, Kind, Missing, Shape, Ty};
use serde_json::{Map, Value};

/// A declared wire object.
pub trait Shaped: Sized {
    /// Its shape.
    const SHAPE: &'static Shape;
    /// Reads an object that passed [`crate::shape::read_wire`] against [`Self::SHAPE`]. (On an unchecked value it
    /// does not panic: what does not fit reads as the field's absent value.)
    fn read<V: JsonView>(v: &V) -> Self;
    /// Calls `f` with every string the value holds — fields, nested objects, open maps (keys and values) — so that no
    /// server-supplied text escapes redaction.
    fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String));
    /// Calls `f` with each declared member's wire name and its value built with `B` (an open object's undeclared
    /// members last, as one map under the rest field's name).
    fn members<B: Build>(&self, f: &mut dyn FnMut(&'static str, B::Out));
    /// The value built with `B`: an object of its members.
    fn build<B: Build>(&self) -> B::Out {
        let mut members = Vec::new();
        self.members::<B>(&mut |name, value| members.push((name, value)));
        B::object(members)
    }
}

/// What a Rust field type is on the wire.
pub trait FieldType: Sized {
    /// Its type in the shape.
    const TY: Ty;
    /// Whether `null` is allowed (`Option<T>`).
    const NULLABLE: bool = false;
    /// Reads a present value that passed the walker.
    fn read<V: JsonView>(v: &V) -> Self;
    /// The value of an absent field.
    fn absent(missing: Missing) -> Self;
    /// Calls `f` with every string inside.
    fn visit_strings(&mut self, _f: &mut dyn FnMut(&mut String)) {}
    /// The value built with `B`.
    fn build<B: Build>(&self) -> B::Out;
}

/// A representation a declared value can be built in — the npm package builds JS values (a job it polled, a problem
/// on an error) this way, so no hand-kept copy of a type's fields exists outside its declaration.
pub trait Build {
    /// What is built.
    type Out;
    /// `null`.
    fn null() -> Self::Out;
    /// A string.
    fn string(s: &str) -> Self::Out;
    /// A number.
    fn number(n: f64) -> Self::Out;
    /// `true` or `false`.
    fn boolean(b: bool) -> Self::Out;
    /// An open object, as sent.
    fn map(m: &Map<String, Value>) -> Self::Out;
    /// An array.
    fn list(items: Vec<Self::Out>) -> Self::Out;
    /// An object with these members, in declaration order.
    fn object(members: Vec<(&'static str, Self::Out)>) -> Self::Out;
}

/// What absence means for a field declared `nullable` with an optional `default`.
#[doc(hidden)]
pub const fn missing_of(nullable: bool, given: Option<Missing>) -> Missing {
    match given {
        Some(m) => m,
        None if nullable => Missing::Null,
        None => Missing::Required,
    }
}

impl FieldType for String {
    const TY: Ty = Ty::Str;
    fn read<V: JsonView>(v: &V) -> Self {
        v.string().unwrap_or_default()
    }
    fn absent(_: Missing) -> Self {
        String::new()
    }
    fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(self)
    }
    fn build<B: Build>(&self) -> B::Out {
        B::string(self)
    }
}

impl FieldType for f64 {
    const TY: Ty = Ty::Num;
    fn read<V: JsonView>(v: &V) -> Self {
        v.number().unwrap_or_default()
    }
    fn absent(_: Missing) -> Self {
        0.0
    }
    fn build<B: Build>(&self) -> B::Out {
        B::number(*self)
    }
}

impl FieldType for u64 {
    const TY: Ty = Ty::Whole(u64::MAX);
    fn read<V: JsonView>(v: &V) -> Self {
        v.whole().unwrap_or_default()
    }
    fn absent(_: Missing) -> Self {
        0
    }
    fn build<B: Build>(&self) -> B::Out {
        B::number(*self as f64)
    }
}

impl FieldType for u16 {
    const TY: Ty = Ty::Whole(u16::MAX as u64);
    fn read<V: JsonView>(v: &V) -> Self {
        v.whole().and_then(|n| u16::try_from(n).ok()).unwrap_or_default()
    }
    fn absent(_: Missing) -> Self {
        0
    }
    fn build<B: Build>(&self) -> B::Out {
        B::number(f64::from(*self))
    }
}

impl FieldType for bool {
    const TY: Ty = Ty::Bool;
    fn read<V: JsonView>(v: &V) -> Self {
        v.is(Kind::Bool) && v.to_value() == Value::Bool(true)
    }
    fn absent(missing: Missing) -> Self {
        missing == Missing::True
    }
    fn build<B: Build>(&self) -> B::Out {
        B::boolean(*self)
    }
}

impl FieldType for Map<String, Value> {
    const TY: Ty = Ty::Map;
    fn read<V: JsonView>(v: &V) -> Self {
        match v.to_value() {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
    fn absent(_: Missing) -> Self {
        Map::new()
    }
    fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
        visit_map(self, f)
    }
    fn build<B: Build>(&self) -> B::Out {
        B::map(self)
    }
}

impl<T: FieldType> FieldType for Option<T> {
    const TY: Ty = T::TY;
    const NULLABLE: bool = true;
    fn read<V: JsonView>(v: &V) -> Self {
        (!v.is(Kind::Null)).then(|| T::read(v))
    }
    fn absent(_: Missing) -> Self {
        None
    }
    fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
        if let Some(v) = self {
            v.visit_strings(f)
        }
    }
    fn build<B: Build>(&self) -> B::Out {
        self.as_ref().map_or_else(B::null, T::build::<B>)
    }
}

impl<T: Shaped + FieldType> FieldType for Vec<T> {
    const TY: Ty = Ty::List(T::SHAPE);
    fn read<V: JsonView>(v: &V) -> Self {
        (0..v.count()).filter_map(|i| v.item(i)).map(|item| <T as Shaped>::read(&item)).collect()
    }
    fn absent(_: Missing) -> Self {
        Vec::new()
    }
    fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
        self.iter_mut().for_each(|item| Shaped::visit_strings(item, f))
    }
    fn build<B: Build>(&self) -> B::Out {
        B::list(self.iter().map(Shaped::build::<B>).collect())
    }
}

/// One field of a checked object: its value read, or its absent value. Not inlined: one copy per field type serves
/// every declaration (most fields are `Option<String>`), which keeps the wasm small.
#[doc(hidden)]
#[inline(never)]
pub fn read_field<T: FieldType, V: JsonView>(v: &V, name: &'static str, missing: Missing) -> T {
    match v.field(name) {
        Some(x) => T::read(&x),
        None => T::absent(missing),
    }
}

/// Every key and string value of an open JSON object, recursively. Entries are re-inserted one by one: collecting
/// into the map would sort first, and link a sort into the wasm for nothing.
pub fn visit_map(map: &mut Map<String, Value>, f: &mut dyn FnMut(&mut String)) {
    fn value(v: &mut Value, f: &mut dyn FnMut(&mut String)) {
        match v {
            Value::String(s) => f(s),
            Value::Array(a) => a.iter_mut().for_each(|x| value(x, f)),
            Value::Object(o) => visit_map(o, f),
            _ => {}
        }
    }
    for (mut k, mut v) in std::mem::take(map) {
        f(&mut k);
        value(&mut v, f);
        map.insert(k, v);
    }
}

/// The members of `v` that `shape` does not declare (an open object's rest).
#[doc(hidden)]
pub fn rest_of<V: JsonView>(v: &V, shape: &'static Shape) -> Map<String, Value> {
    match v.to_value() {
        Value::Object(mut m) => {
            for f in shape.fields {
                m.remove(f.name);
            }
            m
        }
        _ => Map::new(),
    }
}

/// Reads a declared type from a JSON value, checking it first: serde's `Deserialize` for declared types is this.
pub fn from_value<T: Shaped>(value: &Value) -> Result<T, crate::shape::ShapeError> {
    crate::shape::read_typed(value)
}

/// Declares a wire object once: the Rust struct, its [`Shaped`] and [`FieldType`] impls (shape, reader, string
/// visitor), `Serialize` to the wire names and a `Deserialize` that runs the shape walker.
///
/// ```text
/// wire_struct! {
///     /// One backup (seeds/003).
///     #[derive(Eq)]                            // extra derives (Debug, Clone, PartialEq are always there)
///     pub struct Backup {
///         /// `bkp_…`.
///         pub id: String = "id",                // required: absent is an error
///         pub note: Option<String> = "note",    // nullable: absent reads as null
///         pub errors: Vec<FieldError> = "errors" default Empty,   // absent reads as []
///         ..pub extra                           // optional: an open object keeps undeclared members here
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! wire_struct {
    (@missing $ty:ty) => {
        $crate::wire::missing_of(<$ty as $crate::wire::FieldType>::NULLABLE, None)
    };
    (@missing $ty:ty, $m:ident) => { $crate::shape::Missing::$m };
    (@rest) => { None };
    (@rest $r:ident) => { Some(stringify!($r)) };
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:ident),*)]
        pub struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                pub $field:ident : $ty:ty = $wire:literal $(default $missing:ident)?
            ),* $(,)?
            $(..pub $rest:ident)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize $(, $derive)*)]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                #[serde(rename = $wire)]
                pub $field: $ty,
            )*
            $(
                /// Members this version does not declare, as the server sent them.
                #[serde(flatten)]
                pub $rest: serde_json::Map<String, serde_json::Value>,
            )?
        }

        impl $crate::wire::Shaped for $name {
            const SHAPE: &'static $crate::shape::Shape = &$crate::shape::Shape {
                name: stringify!($name),
                #[cfg(not(target_arch = "wasm32"))]
                doc: concat!($($doc, "\n",)*),
                fields: &[$(
                    $crate::shape::Field {
                        name: $wire,
                        #[cfg(not(target_arch = "wasm32"))]
                        doc: concat!($($fdoc, "\n",)*),
                        ty: <$ty as $crate::wire::FieldType>::TY,
                        nullable: <$ty as $crate::wire::FieldType>::NULLABLE,
                        missing: $crate::wire_struct!(@missing $ty $(, $missing)?),
                    },
                )*],
                rest: $crate::wire_struct!(@rest $($rest)?),
            };

            fn read<V: $crate::shape::JsonView>(v: &V) -> Self {
                Self {
                    $(
                        $field: $crate::wire::read_field::<$ty, V>(v, $wire, $crate::wire_struct!(@missing $ty $(, $missing)?)),
                    )*
                    $($rest: $crate::wire::rest_of(v, <Self as $crate::wire::Shaped>::SHAPE),)?
                }
            }

            fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
                $($crate::wire::FieldType::visit_strings(&mut self.$field, f);)*
                $($crate::wire::visit_map(&mut self.$rest, f);)?
            }

            fn members<B: $crate::wire::Build>(&self, f: &mut dyn FnMut(&'static str, B::Out)) {
                $(f($wire, <$ty as $crate::wire::FieldType>::build::<B>(&self.$field));)*
                $(f(stringify!($rest), B::map(&self.$rest));)?
            }
        }

        impl $crate::wire::FieldType for $name {
            const TY: $crate::shape::Ty = $crate::shape::Ty::Obj(<Self as $crate::wire::Shaped>::SHAPE);
            fn read<V: $crate::shape::JsonView>(v: &V) -> Self {
                <Self as $crate::wire::Shaped>::read(v)
            }
            fn absent(_: $crate::shape::Missing) -> Self {
                Self {
                    $(
                        $field: <$ty as $crate::wire::FieldType>::absent(
                            $crate::wire_struct!(@missing $ty $(, $missing)?),
                        ),
                    )*
                    $($rest: serde_json::Map::new(),)?
                }
            }
            fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
                <Self as $crate::wire::Shaped>::visit_strings(self, f)
            }
            fn build<B: $crate::wire::Build>(&self) -> B::Out {
                <Self as $crate::wire::Shaped>::build::<B>(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                $crate::wire::from_value(&value)
                    .map_err(|e| <D::Error as serde::de::Error>::custom(format!("{} at '{}'", e.message, e.pointer)))
            }
        }
    };
}
pub use wire_struct;

/// Declares a string enum once: the Rust enum (unknown values kept as `Unknown(raw)` and serialized back to the raw
/// text), its documented values ([`EnumDef`](crate::shape::EnumDef)) for drift reports and TypeScript, and its [`FieldType`].
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The documented values.
            pub const DEF: &'static $crate::shape::EnumDef = &$crate::shape::EnumDef {
                name: stringify!($name),
                #[cfg(not(target_arch = "wasm32"))]
                doc: concat!($($doc, "\n",)*),
                values: &[$($text),+],
            };

            /// The wire text.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Unknown(raw) => raw,
                }
            }

            /// Parses the wire text; anything else becomes `Unknown`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl $crate::wire::FieldType for $name {
            const TY: $crate::shape::Ty = $crate::shape::Ty::Enum(Self::DEF);
            fn read<V: $crate::shape::JsonView>(v: &V) -> Self {
                Self::from_wire(&v.string().unwrap_or_default())
            }
            fn absent(_: $crate::shape::Missing) -> Self {
                Self::Unknown(String::new())
            }
            fn visit_strings(&mut self, f: &mut dyn FnMut(&mut String)) {
                if let Self::Unknown(raw) = self {
                    f(raw)
                }
            }
            fn build<B: $crate::wire::Build>(&self) -> B::Out {
                B::string(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_wire(v))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub use string_enum;

/// What an endpoint's output is made of: the checked body (or its inner object), or nothing.
pub trait Output: Sized {
    /// Reads the output from what [`crate::shape::read_wire`] returned.
    fn from_checked<V: JsonView>(body: Option<V>) -> Self;
}

impl<T: Shaped> Output for T {
    fn from_checked<V: JsonView>(body: Option<V>) -> Self {
        match body {
            Some(v) => T::read(&v),
            None => T::read(&NoValue),
        }
    }
}

impl<T: Shaped> Output for Option<T> {
    fn from_checked<V: JsonView>(body: Option<V>) -> Self {
        body.map(|v| T::read(&v))
    }
}

impl Output for () {
    fn from_checked<V: JsonView>(_: Option<V>) -> Self {}
}

/// An absent value (never reached after a successful check; keeps [`Output`] total).
struct NoValue;

impl JsonView for NoValue {
    fn kind(&self) -> Kind {
        Kind::Null
    }
    fn number(&self) -> Option<f64> {
        None
    }
    fn field(&self, _: &'static str) -> Option<Self> {
        None
    }
    fn for_each_key(&self, _: &mut dyn FnMut(&str)) {}
    fn count(&self) -> usize {
        0
    }
    fn item(&self, _: usize) -> Option<Self> {
        None
    }
    fn string(&self) -> Option<String> {
        None
    }
    fn to_value(&self) -> Value {
        Value::Null
    }
}
