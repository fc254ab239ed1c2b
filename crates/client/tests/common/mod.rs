//! Shared helpers: the real `hostup-sim` process on 127.0.0.1:0, its control API over raw HTTP/1.1, and clients.
#![allow(dead_code)]

use hostup_client::core::{ApiKey, Config, RetryPolicy};
use hostup_client::{Client, ClientEvent, NativeTransport};
use serde_json::Value;
use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

/// The simulator's default demo key (with all three scopes).
pub const DEMO_KEY: &str = "hsk_demo_0123456789abcdef";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `hostup-sim` binary: `HOSTUP_SIM_BIN`; else the one in this test binary's profile directory (built by the
/// same `cargo test --workspace`), `<target>/release` or `<target>/debug`, if it is newer than the simulator's
/// sources; else built once with `cargo build -p hostup-sim`.
pub fn sim_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("HOSTUP_SIM_BIN") {
            return PathBuf::from(p);
        }
        let name = format!("hostup-sim{}", std::env::consts::EXE_SUFFIX);
        let target = match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
            Some(t) if t.is_absolute() => t,
            Some(t) => workspace().join(t),
            None => workspace().join("target"),
        };
        // <target>/<profile>/deps/<this test>
        let profile_dir = std::env::current_exe().ok().and_then(|e| e.parent()?.parent().map(Path::to_path_buf));
        let mut candidates: Vec<PathBuf> = profile_dir.iter().map(|d| d.join(&name)).collect();
        candidates.push(target.join("release").join(&name));
        candidates.push(target.join("debug").join(&name));
        let sources = newest_sim_source();
        let fresh =
            |p: &&PathBuf| p.metadata().and_then(|m| m.modified()).is_ok_and(|t| sources.is_none_or(|s| t >= s));
        if let Some(found) = candidates.iter().find(fresh) {
            return found.clone();
        }
        // None, or all older than the simulator's sources (`cargo test -p hostup-client` does not rebuild it).
        build_sim().unwrap_or_else(|| panic!("no hostup-sim binary in {candidates:?} and `cargo build` found none"))
    })
}

/// The newest modification time among the simulator's sources.
fn newest_sim_source() -> Option<std::time::SystemTime> {
    fn walk(dir: &Path, newest: &mut Option<std::time::SystemTime>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, newest);
            } else if let Ok(t) = entry.metadata().and_then(|m| m.modified()) {
                *newest = Some(newest.map_or(t, |n| n.max(t)));
            }
        }
    }
    let sim = workspace().join("crates/sim");
    let mut newest = std::fs::metadata(sim.join("Cargo.toml")).and_then(|m| m.modified()).ok();
    walk(&sim.join("src"), &mut newest);
    newest
}

/// `cargo build -p hostup-sim`, reading the executable's path from cargo's JSON messages.
fn build_sim() -> Option<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["build", "-p", "hostup-sim", "--bin", "hostup-sim", "--message-format=json"])
        .current_dir(workspace())
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo build -p hostup-sim");
    assert!(out.status.success(), "cargo build -p hostup-sim failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "hostup-sim")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// A running simulator process, killed on drop.
pub struct Sim {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `(token, scopes)` from the `key:` lines.
    pub keys: Vec<(String, String)>,
    /// The other account's VPS.
    pub other_vps: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sim {
    /// Spawns `hostup-sim --addr 127.0.0.1:0 --control` plus `args`, and waits for its startup lines.
    pub fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(sim_bin())
            .args(["--addr", "127.0.0.1:0", "--control"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {}: {e}", sim_bin().display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            // Keeps reading (and discarding) after the startup lines, so the pipe never fills.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut next = || match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(e) => {
                let status = child.try_wait();
                panic!("hostup-sim {args:?} printed no startup line ({e}); exit status {status:?}")
            }
        };
        let first = next();
        let addr = first
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        let mut keys = Vec::new();
        let other_vps = loop {
            let line = next();
            if let Some(rest) = line.strip_prefix("key: ") {
                let (token, scopes) = rest.split_once(" scopes: ").unwrap_or((rest, ""));
                keys.push((token.to_owned(), scopes.to_owned()));
            } else if let Some(id) = line.strip_prefix("other-vps: ") {
                break id.trim().to_owned();
            }
        };
        Sim { child, base: format!("http://{addr}"), addr, keys, other_vps }
    }

    /// The first key the simulator printed.
    pub fn key(&self) -> &str {
        &self.keys[0].0
    }

    /// A client with the first key, default policy.
    pub fn client(&self) -> Client<NativeTransport> {
        client_for(&self.base, self.key())
    }

    /// A raw HTTP/1.1 request to the control API (or anything): `(status, body)`.
    pub fn http(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
        raw_http(&self.addr, method, path, body)
    }

    /// `GET /__sim/stats`.
    pub fn stats(&self) -> Value {
        let (status, body) = self.http("GET", "/__sim/stats", None);
        assert_eq!(status, 200, "stats: {body}");
        serde_json::from_str(&body).expect("stats JSON")
    }

    /// `POST /__sim/faults`.
    pub fn faults(&self, settings: Value) -> Value {
        let (status, body) = self.http("POST", "/__sim/faults", Some(&settings));
        assert_eq!(status, 200, "faults: {body}");
        serde_json::from_str(&body).expect("faults JSON")
    }

    /// `POST /__sim/reset`.
    pub fn reset(&self) {
        let (status, body) = self.http("POST", "/__sim/reset", None);
        assert_eq!(status, 204, "reset: {body}");
    }

    /// The `requests` counter (every `/api` request the server saw).
    pub fn requests(&self) -> u64 {
        self.stats()["requests"].as_u64().expect("requests")
    }
}

/// One request on a fresh connection with `Connection: close`.
pub fn raw_http(addr: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect to sim");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).expect("read response");
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("bad response {text:?}"));
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    (status, if chunked { dechunk(rest) } else { rest.to_owned() })
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].strip_prefix("\r\n").unwrap_or(&rest[n..]);
    }
    out
}

/// A client for `base` with `key` and the default policy.
pub fn client_for(base: &str, key: &str) -> Client<NativeTransport> {
    let config = Config::new(base, Some(ApiKey::new(key).expect("key"))).expect("config");
    Client::new(config, NativeTransport::with_seed(42))
}

/// A policy with many quick retries, for GETs that must get through heavy faults.
pub fn patient() -> RetryPolicy {
    RetryPolicy { max_retries: 12, base_delay_ms: 10, max_delay_ms: 80, ..RetryPolicy::default() }
}

/// Records every event the client emits.
pub fn record(client: &Client<NativeTransport>) -> Rc<RefCell<Vec<ClientEvent>>> {
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&events);
    client.add_observer(move |e| sink.borrow_mut().push(e.clone()));
    events
}

/// Counts `Retrying` events (optionally with a given status).
pub fn retries(events: &[ClientEvent]) -> usize {
    events.iter().filter(|e| matches!(e, ClientEvent::Retrying { .. })).count()
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    port
}

/// The demo account's VPS ids, through a patient client.
pub async fn vps_ids(sim: &Sim) -> Vec<String> {
    let c = sim.client().with_retry(patient());
    c.list_vps().await.expect("list vps").data.into_iter().map(|v| v.id).collect()
}
