//! Adding a field to a response shape is one line in its declaration: the Rust type, the shape table the walker
//! checks, the typed reader, the JS value the npm package builds (the walker's fill on `JSON.parse` output), the
//! TypeScript and the redaction visitor all follow. Shown with two test-only declarations that differ by one line.

use hostup_core::shape::{read_wire, read_wire_reporting, Fill, JsonView, Ty, Wire};
use hostup_core::typescript::declarations;
use hostup_core::wire::{FieldType, Shaped};
use serde_json::{json, Value};

hostup_core::wire_struct! {
    /// A test-only response, as it is today.
    #[derive()]
    pub struct Gadget {
        /// Its id.
        pub id: String = "id",
        /// Its size.
        pub size_gb: f64 = "sizeGb",
    }
}

hostup_core::wire_struct! {
    /// A test-only response, after the provider added `region`.
    #[derive()]
    pub struct GadgetV2 {
        /// Its id.
        pub id: String = "id",
        /// Its size.
        pub size_gb: f64 = "sizeGb",
        /// Where it lives (the new field: this line is the whole change).
        pub region: Option<String> = "region",
    }
}

/// `Build` into JSON values (the npm package builds JS values the same way).
struct Json;

impl hostup_core::wire::Build for Json {
    type Out = Value;
    fn null() -> Value {
        Value::Null
    }
    fn string(s: &str) -> Value {
        json!(s)
    }
    fn number(n: f64) -> Value {
        json!(n)
    }
    fn boolean(b: bool) -> Value {
        json!(b)
    }
    fn map(m: &serde_json::Map<String, Value>) -> Value {
        Value::Object(m.clone())
    }
    fn list(items: Vec<Value>) -> Value {
        Value::Array(items)
    }
    fn object(members: Vec<(&'static str, Value)>) -> Value {
        Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }
}

/// What the npm package makes of a body: `JSON.parse` output, checked and filled in place by the walker.
fn js_value(shape: Wire, body: &Value) -> Value {
    let mut fills: Vec<(&'static str, Fill)> = Vec::new();
    read_wire(Some(body), shape, &mut |_, key, fill| fills.push((key, fill))).expect("valid");
    let mut out = body.clone();
    for (key, fill) in fills {
        let value = match fill {
            Fill::Null => Value::Null,
            Fill::True => Value::Bool(true),
            Fill::EmptyList => json!([]),
            Fill::Default(_) => json!({}),
        };
        out.as_object_mut().unwrap().insert(key.to_owned(), value);
    }
    out
}

#[test]
fn one_added_line_changes_every_derived_form() {
    let (v1, v2) = (Gadget::SHAPE, GadgetV2::SHAPE);
    // The table: one more field, typed from the Rust type (`Option<String>` → nullable string, absent = null).
    assert_eq!(v2.fields.len(), v1.fields.len() + 1);
    let region = v2.fields.last().unwrap();
    assert_eq!((region.name, region.nullable), ("region", true));
    assert!(matches!(region.ty, Ty::Str));
    assert_eq!(region.doc.trim(), "Where it lives (the new field: this line is the whole change).");

    // The Rust type and its reader: the field is there, read from the body, null when absent.
    let body = json!({ "id": "g_1", "sizeGb": 2.5, "region": "se-sto" });
    let read: GadgetV2 = hostup_core::wire::from_value(&body).unwrap();
    assert_eq!(read.region.as_deref(), Some("se-sto"));
    let old_body = json!({ "id": "g_1", "sizeGb": 2.5 });
    assert_eq!(hostup_core::wire::from_value::<GadgetV2>(&old_body).unwrap().region, None);
    // serde follows too: Serialize writes the wire name, Deserialize is the walker.
    assert_eq!(serde_json::to_value(&read).unwrap(), body);
    assert_eq!(serde_json::from_value::<GadgetV2>(body.clone()).unwrap(), read);

    // The walker checks it: a wrong type at the new field is a decode error at its pointer.
    let wrong = json!({ "id": "g_1", "sizeGb": 2.5, "region": 7 });
    let err = read_wire(Some(&wrong), Wire::Body(v2), &mut |_, _, _| {}).unwrap_err();
    assert_eq!((err.pointer.as_str(), err.message.as_str()), ("/region", "expected a string, found a number"));
    // …while the old declaration lets it pass as an unknown member (and reports it as drift).
    let mut drift = Vec::new();
    read_wire_reporting(Some(&wrong), Wire::Body(v1), &mut |_, _, _| {}, &mut |p, k, _| {
        drift.push((p.to_owned(), k.as_str()))
    })
    .unwrap();
    assert_eq!(drift, [("/region".to_owned(), "unknown_field")]);

    // The JS value: the package's object gains the key, filled with null when the server leaves it out.
    assert_eq!(js_value(Wire::Body(v2), &old_body), json!({ "id": "g_1", "sizeGb": 2.5, "region": null }));
    assert_eq!(js_value(Wire::Body(v1), &old_body), old_body);

    // The values the npm package builds from Rust values (a job it polled, a problem on an error) follow too: built
    // through `Build`, the new member is there, in declaration order.
    let built = Shaped::build::<Json>(&read);
    assert_eq!(built, body);
    let mut names = Vec::new();
    Shaped::members::<Json>(&read, &mut |name, _| names.push(name));
    assert_eq!(names, ["id", "sizeGb", "region"]);

    // The TypeScript: exactly one more member, with its doc comment.
    let (ts1, ts2) = (declarations(&[v1]), declarations(&[v2]));
    let added: Vec<&str> = ts2.lines().filter(|l| !ts1.contains(l.trim())).collect();
    assert_eq!(
        added,
        [
            " * A test-only response, after the provider added `region`.",
            "export interface GadgetV2 {",
            "     * Where it lives (the new field: this line is the whole change).",
            "    region: string | null;"
        ]
    );

    // Redaction: the visitor reaches the new string.
    let mut secret = GadgetV2 { id: "g".into(), size_gb: 1.0, region: Some("hsk_secret in a region".into()) };
    Shaped::visit_strings(&mut secret, &mut |s| hostup_core::text::redact_in(s, "hsk_secret"));
    assert_eq!(secret.region.as_deref(), Some("[redacted] in a region"));
}

#[test]
fn field_types_say_what_they_are_on_the_wire() {
    assert!(matches!(<u16 as FieldType>::TY, Ty::Whole(65535)));
    assert!(matches!(<Vec<Gadget> as FieldType>::TY, Ty::List(s) if s.name == "Gadget"));
    const { assert!(<Option<u64> as FieldType>::NULLABLE && !<u64 as FieldType>::NULLABLE) };
    assert!(matches!(<hostup_core::OperationStatus as FieldType>::TY, Ty::Enum(d) if d.values.contains(&"completed")));
    // A whole number is read as JSON Schema does: 5.0 is 5.
    assert_eq!((&json!(5.0)).whole(), Some(5));
    assert_eq!((&json!(5.5)).whole(), None);
}

/// A test-only endpoint: what docs/architecture.md says a new endpoint takes — a type with its inputs validated in
/// `new`, `NAME`, `WIRE` and `request`. Parsing, drift reports and the npm package's reading follow from `WIRE`.
struct GetGadget {
    id: hostup_core::ResourceId,
}

impl GetGadget {
    fn new(id: &str) -> Result<Self, hostup_core::ValidationErrors> {
        hostup_core::ResourceId::parse_at(id, "/gadgetId")
            .map(|id| Self { id })
            .map_err(|e| hostup_core::ValidationErrors(vec![e]))
    }
}

impl hostup_core::Endpoint for GetGadget {
    type Output = GadgetV2;
    const NAME: &'static str = "getGadget";
    const WIRE: Wire = Wire::Wrapped("data", GadgetV2::SHAPE);
    fn request(&self, config: &hostup_core::Config) -> hostup_core::Request {
        config.request(
            hostup_core::Method::Get,
            hostup_core::RequestKind::Read,
            format!("/api/v2/gadgets/{}", self.id.as_str()),
            None,
        )
    }
}

#[test]
fn a_new_endpoint_is_one_type_and_its_declaration() {
    use hostup_core::{Endpoint, Response};
    let config = hostup_core::Config::new("https://cloud.hostup.se", None).unwrap();
    let call = GetGadget::new("gdg_1").unwrap();
    assert_eq!(call.request(&config).url, "https://cloud.hostup.se/api/v2/gadgets/gdg_1");
    assert_eq!(GetGadget::new("a/b").err().unwrap().errors()[0].pointer, "/gadgetId");
    let ok = |body: &str| Response {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    };
    // Bare or wrapped, with drift reported by name.
    let (gadget, drift) = call.parse_reporting(&ok(r#"{"data":{"id":"gdg_1","sizeGb":1,"colour":"red"}}"#)).unwrap();
    assert_eq!((gadget.id.as_str(), gadget.region), ("gdg_1", None));
    assert_eq!(drift.len(), 1);
    assert_eq!((drift[0].endpoint, drift[0].pointer.as_str()), ("getGadget", "/data/colour"));
    assert_eq!(call.parse(&ok(r#"{"id":"gdg_2","sizeGb":3}"#)).unwrap().id, "gdg_2");
    // A broken body is a decode error at its pointer; an error status is the typed API error.
    let broken = call.parse(&ok(r#"{"id":"gdg_2"}"#)).unwrap_err();
    assert!(matches!(&broken, hostup_core::Error::Decode { pointer, .. } if pointer == "/sizeGb"), "{broken:?}");
    let missing = Response { status: 404, headers: vec![], body: br#"{"code":"not_found"}"#.to_vec() };
    assert_eq!(call.parse(&missing).unwrap_err().as_api().unwrap().code, "not_found");
}
