//! The real binary: startup lines, a request, --help, bad flags, clean exit on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_hostup-sim");

#[test]
fn prints_the_address_first_serves_and_exits_cleanly_on_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--job-ms", "10", "--key", "k1=read:vm", "--key", "k2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr =
        line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("first line: {line:?}")).to_owned();
    let mut rest = Vec::new();
    for _ in 0..3 {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        rest.push(l.trim().to_owned());
    }
    assert_eq!(rest[0], "key: k1 scopes: read:vm");
    assert_eq!(rest[1], "key: k2 scopes: read:vm,backup:vm,write:vm");
    assert!(rest[2].starts_with("other-vps: vps_01h"), "{}", rest[2]);

    let mut s = TcpStream::connect(&addr).unwrap();
    write!(s, "GET /api/v2/vps HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k1\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"web-01\""));

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    assert_eq!(code.code(), Some(0));
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains("k1"), "a key leaked into the log: {err}");
}

#[test]
fn help_and_bad_flags() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--addr",
        "--key",
        "--other-key",
        "--vps-count",
        "--rate-limit",
        "--job-ms",
        "--fault-rate",
        "--fault-after-rate",
        "--latency-ms",
        "--seed",
        "--static",
        "--cors-origin",
        "--control",
        "--job-fail-rate",
        "--storm-every-ms",
        "--storm-ms",
        "--time-scale",
        "--drift",
        "driftProbe",
        "verifying",
        "last day",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    let out = Command::new(BIN).args(["--fault-rate", "1.5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 0 and 1"));
}
