//! Output: JSON with stable shapes (`--json`) or plain tables; errors with code, detail and request id.

use hostup_client::Error;
use serde::Serialize;
use serde_json::{json, Value};
use std::process::ExitCode;

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage or input found before any request (exit 2).
    Usage {
        /// Stable code.
        code: &'static str,
        /// A sentence.
        detail: String,
    },
    /// What the client reported.
    Client(Error),
}

impl CliError {
    pub fn usage(code: &'static str, detail: String) -> Self {
        Self::Usage { code, detail }
    }

    /// The process exit code (see main.rs).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::Client(e) if e.validation().is_some() => 2,
            Self::Usage { .. } => 2,
            Self::Client(Error::JobFailed(_) | Error::WaitTimedOut { .. }) => 4,
            Self::Client(_) => 3,
        })
    }

    /// `{code, detail, status, requestId, errors}`: the stable JSON shape of an error.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Usage { code, detail } => {
                json!({"code": code, "detail": detail, "status": null, "requestId": null, "errors": []})
            }
            Self::Client(e) => {
                let errors = match (e.validation(), e.as_api()) {
                    (Some(v), _) => v.errors().to_vec(),
                    (_, Some(a)) => a.errors().to_vec(),
                    _ => Vec::new(),
                };
                json!({"code": e.code(), "detail": e.to_string(), "status": http_status(e),
                       "requestId": e.request_id(), "errors": errors})
            }
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        Self::Client(e)
    }
}

fn http_status(e: &Error) -> Option<u16> {
    match e {
        Error::Core(hostup_client::core::Error::Decode { status, .. }) => Some(*status),
        _ => e.as_api().map(|a| a.status),
    }
}

/// Where results go.
pub struct Out {
    /// `--json`.
    pub json: bool,
}

impl Out {
    /// Prints `value` as JSON (with `--json`), else calls `human`.
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce()) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("serializable"));
        } else {
            human();
        }
    }

    /// Reports an error: `{"error": …}` on stdout with `--json`, else lines on stderr.
    pub fn error(&self, e: &CliError) {
        let v = e.to_json();
        if self.json {
            println!("{}", serde_json::to_string_pretty(&json!({ "error": v })).expect("serializable"));
            return;
        }
        eprintln!("error: {}: {}", text(&v["code"]), clean(&text(&v["detail"])));
        if let Some(status) = v["status"].as_u64() {
            eprintln!("  http status: {status}");
        }
        if let Some(id) = v["requestId"].as_str() {
            eprintln!("  request id: {}", clean(id));
        }
        for f in v["errors"].as_array().into_iter().flatten() {
            eprintln!("  {} ({}): {}", clean(&text(&f["pointer"])), text(&f["code"]), clean(&text(&f["detail"])));
        }
    }
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// Server and user text as text: control characters (a terminal's escape sequences among them) become `�`.
pub fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect()
}

/// Prints a table: a header row and left-aligned columns, every cell cleaned.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers.to_vec());
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// [`table`] with one row per item.
pub fn table_of<T>(headers: &[&str], items: &[T], row: impl Fn(&T) -> Vec<String>) {
    table(headers, &items.iter().map(row).collect::<Vec<_>>());
}

/// `-` for nothing.
pub fn or_dash(v: Option<impl ToString>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}
