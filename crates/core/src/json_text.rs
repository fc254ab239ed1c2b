//! JSON text for request bodies, written by hand: the bodies are a few flat objects, and a serializer would put
//! serde_json's writer (and its float formatting) into the npm package for them.

use serde_json::Value;

/// A JSON object being written, keys in the order given.
pub(crate) struct ObjectText(String);

impl ObjectText {
    pub(crate) fn new() -> Self {
        Self(String::from("{"))
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        string(&mut self.0, key);
        self.0.push(':');
        &mut self.0
    }

    /// `"key":"text"`.
    pub(crate) fn str(mut self, key: &str, text: &str) -> Self {
        string(self.key(key), text);
        self
    }

    /// `"key":123`.
    pub(crate) fn uint(mut self, key: &str, n: u64) -> Self {
        let out = self.key(key);
        out.push_str(&n.to_string());
        self
    }

    /// `"key":true`, `false` or `null`: a literal.
    pub(crate) fn literal(mut self, key: &str, literal: &str) -> Self {
        self.key(key).push_str(literal);
        self
    }

    /// `"key":<value>` for a validated value.
    pub(crate) fn value(mut self, key: &str, v: &Value) -> Self {
        value(self.key(key), v);
        self
    }

    pub(crate) fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON string, escaped as serde_json escapes it (`\"`, `\\`, the short escapes, other controls as `\u00XX`).
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A validated value: strings, booleans, null and whole numbers (the validators admit no other numbers into a
/// body; a whole number given as `3.0` is written `3`).
fn value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::String(s) => string(out, s),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => out.push_str(&u.to_string()),
            (None, Some(i)) => out.push_str(&i.to_string()),
            // Unreachable after validation (fractions are refused); written as the whole part rather than linking
            // float formatting.
            _ => out.push_str(&(n.as_f64().unwrap_or(0.0) as i64).to_string()),
        },
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut o = ObjectText::new();
            for (k, v) in map {
                o = o.value(k, v);
            }
            out.push_str(&o.finish());
        }
    }
}
