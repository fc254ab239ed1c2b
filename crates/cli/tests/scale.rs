//! The audit at scale (issue #14, BENCHMARKS.md "Fleet audit"): 1,000 VPS at 600 requests/min. Takes minutes, so it
//! is ignored by default:
//!
//! ```sh
//! cargo test --release -p hostup-cli --test scale -- --ignored --nocapture
//! ```
//!
//! The bound: `1 + 3 × VPS` requests at the rate limit. The simulator's bucket starts full (600), so the steady-state
//! bound is `(requests − 600) / rate`; the issue's bound is `requests / rate`. Both are printed; the test holds the
//! run to 1.1 × the issue's bound and to zero 429s, and prints the `hostup` process's peak memory and its RSS over the
//! run (flat: the rows it keeps are small; the lists are dropped once audited).

#[path = "../../client/tests/common/mod.rs"]
mod common;

use common::Sim;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run measured.
struct Run {
    secs: f64,
    /// The process's peak RSS (VmHWM), KiB.
    peak_kib: u64,
    /// VmRSS sampled every 100 ms, KiB.
    rss_kib: Vec<u64>,
    requests: u64,
    rate_limited: u64,
}

fn kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|l| l.strip_prefix(field)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// `hostup audit --json` against a fleet of `vps` at `rate` requests/min.
fn audit(vps: u32, rate: u32) -> Run {
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
    let (mut peak_kib, mut rss_kib) = (0, Vec::new());
    // VmHWM is the process's own high-water mark: the last reading before it exits is its peak.
    while child.try_wait().expect("wait").is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            peak_kib = kib(&status, "VmHWM:").unwrap_or(peak_kib);
            rss_kib.extend(kib(&status, "VmRSS:"));
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
    let (requests, rate_limited) = (stats["requests"].as_u64().unwrap(), stats["rateLimited"].as_u64().unwrap());
    Run { secs, peak_kib, rss_kib, requests, rate_limited }
}

#[test]
#[ignore = "takes about 4 minutes; run with --ignored (see the module doc)"]
fn audit_of_1000_vps_at_600_per_minute() {
    let rate = 600u32;
    let run = audit(1000, rate);
    let Run { secs, peak_kib, requests, rate_limited, .. } = run;
    let bound = requests as f64 * 60.0 / f64::from(rate);
    let steady = (requests - u64::from(rate)) as f64 * 60.0 / f64::from(rate);
    // Memory over the run: RSS at each tenth of it (the first samples are the process starting).
    let at = |f: f64| run.rss_kib[((run.rss_kib.len() - 1) as f64 * f) as usize];
    let tenths: Vec<String> = (1..=10).map(|t| format!("{}", at(f64::from(t) / 10.0))).collect();
    println!(
        "1000 VPS: {requests} requests in {secs:.1} s; bound {bound:.0} s (ratio {:.3}), steady-state bound {steady:.0} s \
         (ratio {:.3}); 429s: {rate_limited}; peak RSS {peak_kib} KiB; RSS by tenth of the run (KiB): {}",
        secs / bound,
        secs / steady,
        tenths.join(" ")
    );
    assert_eq!(requests, 1 + 3 * 1000);
    assert_eq!(rate_limited, 0);
    assert!(secs <= 1.1 * bound, "{secs:.1} s > 1.1 × {bound:.0} s");
}
