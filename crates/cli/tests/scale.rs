//! The audit at scale (issue #14, BENCHMARKS.md "Fleet audit"): 1,000 VPS at 600 requests/min. Takes minutes, so it
//! is ignored by default:
//!
//! ```sh
//! cargo test --release -p hostup-cli --test scale -- --ignored --nocapture
//! ```
//!
//! The bound: `1 + 3 × VPS` requests at the rate limit. The simulator's bucket starts full (600), so the steady-state
//! bound is `(requests − 600) / rate`; the issue's bound is `requests / rate`. Both are printed; the test holds the
//! run to 1.1 × the issue's bound and to zero 429s, and prints the peak memory of the `hostup` process.

#[path = "../../client/tests/common/mod.rs"]
mod common;

use common::Sim;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `(seconds, peak RSS in KiB, requests, 429s)` of `hostup audit --json` against a fleet of `vps`.
fn audit(vps: u32, rate: u32) -> (f64, u64, u64, u64) {
    let sim = Sim::start(&["--vps-count", &vps.to_string(), "--rate-limit", &rate.to_string()]);
    // The report goes to a file: a pipe nobody reads while we poll would fill and stall the child.
    let report_path = std::env::temp_dir().join(format!("hostup-audit-{}-{vps}.json", std::process::id()));
    let report_file = std::fs::File::create(&report_path).expect("report file");
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hostup"))
        .args(["audit", "--json", "--concurrency", "4"])
        .env("HOSTUP_API_KEY", sim.key())
        .env("HOSTUP_BASE_URL", &sim.base)
        .stdin(Stdio::null())
        .stdout(report_file)
        .spawn()
        .expect("run hostup");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    // VmHWM is the process's own high-water mark: the last reading before it exits is its peak.
    while child.try_wait().expect("wait").is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kib = kib;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = child.wait().expect("exit status");
    let secs = start.elapsed().as_secs_f64();
    assert!(status.success());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_path).expect("report")).expect("JSON");
    std::fs::remove_file(&report_path).expect("remove report");
    assert_eq!(report["vps"].as_array().unwrap().len(), vps as usize);
    assert!(report["findings"].as_array().unwrap().iter().all(|f| f["code"] != "vps_unreadable"));
    let stats = sim.stats();
    (secs, peak_kib, stats["requests"].as_u64().unwrap(), stats["rateLimited"].as_u64().unwrap())
}

#[test]
#[ignore = "takes about 4 minutes; run with --ignored (see the module doc)"]
fn audit_of_1000_vps_at_600_per_minute() {
    let rate = 600u32;
    let (small_secs, small_kib, small_requests, _) = audit(100, rate);
    println!("100 VPS: {small_requests} requests in {small_secs:.1} s, peak RSS {small_kib} KiB");
    let (secs, kib, requests, limited) = audit(1000, rate);
    let bound = requests as f64 * 60.0 / f64::from(rate);
    let steady = (requests - u64::from(rate)) as f64 * 60.0 / f64::from(rate);
    println!(
        "1000 VPS: {requests} requests in {secs:.1} s; bound {bound:.0} s (ratio {:.3}), steady-state bound {steady:.0} s \
         (ratio {:.3}); 429s: {limited}; peak RSS {kib} KiB",
        secs / bound,
        secs / steady
    );
    assert_eq!(requests, 1 + 3 * 1000);
    assert_eq!(limited, 0);
    assert!(secs <= 1.1 * bound, "{secs:.1} s > 1.1 × {bound:.0} s");
}
