//! Shared test helpers: an in-process simulator on 127.0.0.1:0 and a minimal HTTP/1.1 client.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use hostup_sim::{Command, Config, Sim};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const KEY: &str = hostup_sim::DEFAULT_DEMO_KEY;

pub struct Server {
    pub addr: SocketAddr,
    pub vps: Vec<String>,
    pub other_vps: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// Starts a simulator with these flags (plus `--job-ms 40` unless given).
pub async fn start(args: &[&str]) -> Server {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if !args.contains(&"--job-ms") {
        all.extend(["--job-ms".into(), "40".into()]);
    }
    let Command::Run(config) = Config::parse(all).expect("flags") else { panic!("help?") };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sim = Sim::new(*config);
    let (vps, other_vps) = (sim.vps_ids(), sim.other_vps_id());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sim.serve(listener, async {
        let _ = rx.await;
    }));
    Server { addr, vps, other_vps, _stop: tx }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on a fresh connection. `Err` when the server closed without a complete answer.
pub async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr).await?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    req.push_str(body.unwrap_or(""));
    s.write_all(req.as_bytes()).await?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await?;
    let eof = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "incomplete response");
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(eof)?;
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).ok_or_else(eof)?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = buf[split + 4..].to_vec();
    let find = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let body = if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            let nl = rest[i..].windows(2).position(|w| w == b"\r\n").ok_or_else(eof)?;
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&rest[i..i + nl]).trim(), 16).map_err(|_| eof())?;
            i += nl + 2;
            if size == 0 {
                break;
            }
            out.extend_from_slice(rest.get(i..i + size).ok_or_else(eof)?);
            i += size + 2;
        }
        out
    } else if let Some(len) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        if rest.len() < len {
            return Err(eof());
        }
        rest[..len].to_vec()
    } else {
        rest
    };
    Ok(Resp { status, headers, body })
}

impl Server {
    pub async fn req(&self, method: &str, path: &str, body: Option<&str>) -> Resp {
        let auth = format!("Bearer {KEY}");
        let mut h = vec![("Authorization", auth.as_str()), ("Accept", "application/json")];
        if body.is_some() {
            h.push(("Content-Type", "application/json"));
        }
        raw(self.addr, method, path, &h, body).await.expect("response")
    }
    pub async fn get(&self, path: &str) -> Resp {
        self.req("GET", path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.req("POST", path, Some(&body.to_string())).await
    }
    pub async fn control(&self, method: &str, path: &str, body: Value) -> Value {
        let r = raw(self.addr, method, path, &[], Some(&body.to_string())).await.unwrap();
        assert!(r.status < 300, "{} {}", r.status, r.text());
        if r.body.is_empty() {
            Value::Null
        } else {
            r.json()
        }
    }
    /// Polls a job until it is completed or failed.
    pub async fn wait_job(&self, job_id: &str) -> Value {
        for _ in 0..200 {
            let op = self.get(&format!("/api/jobs/{job_id}")).await.json()["operation"].clone();
            if op["status"] == "completed" || op["status"] == "failed" {
                return op;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("job {job_id} never finished");
    }
}

/// Days since the epoch for a civil date (for nextRun expectations).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// Parses `2026-04-27T12:34:56.000Z` into epoch milliseconds.
pub fn parse_ts(s: &str) -> i64 {
    let n = |a: usize, b: usize| s[a..b].parse::<i64>().unwrap();
    assert_eq!(s.len(), 24, "{s}");
    assert!(s.ends_with('Z'));
    days_from_civil(n(0, 4), n(5, 7), n(8, 10)) * 86_400_000
        + n(11, 13) * 3_600_000
        + n(14, 16) * 60_000
        + n(17, 19) * 1000
        + n(20, 23)
}

/// Asserts a problem+json document with this status and code.
pub fn assert_problem(r: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["code"], code);
    assert_eq!(p["status"], status);
    assert_eq!(p["type"], format!("https://developer.hostup.se/errors/{code}"));
    let req = p["requestId"].as_str().unwrap();
    assert!(req.starts_with("req_") && req.len() == 30, "{req}");
    parse_ts(p["timestamp"].as_str().unwrap());
    assert!(p["instance"].as_str().unwrap().starts_with('/'));
    assert!(p["title"].is_string() && p["detail"].is_string());
    assert_eq!(p.get("errors").is_some(), code == "invalid_request", "{p}");
    p
}

/// A problem's `errors[]` as `(pointer, code)` pairs.
#[allow(dead_code)]
pub fn pointers(p: &serde_json::Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect()
}
