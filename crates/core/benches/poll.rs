//! Job-waiting benchmark (`cargo bench -p hostup-core --bench poll`): core's [`JobPoller`] on a virtual clock against
//! jobs of 1 s to 1 h, beside fixed-interval pollers of 500 ms (hcloud-go) and 5 s (godo). Prints one JSON line per
//! (job kind, poller, duration) with polls per job and the detection delay (job finished → poll that sees it).
//!
//! The model is the client's wait loop (crates/client/src/wait.rs) with zero request latency: the poller starts when
//! the operation is returned, the first wait comes from `start`, every poll is one `observe`. A backup wait starts on
//! the SNAPSHOT profile and switches to BACKUP once the first poll tells the job's kind, as the client does. To avoid
//! the artefact of durations that are exact multiples of a fixed interval (a 500 ms poller "sees" a 3 s job at once),
//! each nominal duration D is run as 201 jobs spread evenly over 0.9·D … 1.1·D; medians and p95 are over those.

use hostup_core::{JobPoller, OperationStatus, PollDecision, PollProfile};

const DURATIONS_MS: [u64; 8] = [1_000, 3_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000];
const SAMPLES: u64 = 201;

/// One job: (polls, detection delay in ms).
fn adaptive(kind_is_backup: bool, duration_ms: u64) -> (u64, u64) {
    let mut poller = JobPoller::new(PollProfile::SNAPSHOT, 0, None);
    let mut decision = poller.start(0, &OperationStatus::Queued);
    let mut now = 0u64;
    loop {
        match decision {
            PollDecision::PollAfter(ms) => now += ms,
            PollDecision::Completed => return (u64::from(poller.polls()), now - duration_ms),
            PollDecision::Failed | PollDecision::DeadlinePassed => unreachable!("no deadline, no failures"),
        }
        if kind_is_backup {
            // The first answer names the job's kind; the client switches profile before observing it.
            poller.set_profile(PollProfile::BACKUP);
        }
        let status = if now >= duration_ms { OperationStatus::Completed } else { OperationStatus::InProgress };
        decision = poller.observe(now, &status, None);
    }
}

fn fixed(interval_ms: u64, duration_ms: u64) -> (u64, u64) {
    let polls = duration_ms.div_ceil(interval_ms).max(1);
    (polls, polls * interval_ms - duration_ms)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn main() {
    let started = std::time::Instant::now();
    for (kind, is_backup) in [("snapshot", false), ("backup", true)] {
        for nominal in DURATIONS_MS {
            for poller in ["adaptive", "fixed500", "fixed5000"] {
                let mut polls = Vec::new();
                let mut delays = Vec::new();
                let mut delay_pcts = Vec::new();
                for i in 0..SAMPLES {
                    let d = nominal * 9 / 10 + nominal * 2 / 10 * i / (SAMPLES - 1);
                    let (p, delay) = match poller {
                        "adaptive" => adaptive(is_backup, d),
                        "fixed500" => fixed(500, d),
                        _ => fixed(5_000, d),
                    };
                    polls.push(p as f64);
                    delays.push(delay as f64);
                    delay_pcts.push(delay as f64 * 100.0 / d as f64);
                }
                for v in [&mut polls, &mut delays, &mut delay_pcts] {
                    v.sort_by(f64::total_cmp);
                }
                let mean = polls.iter().sum::<f64>() / polls.len() as f64;
                println!(
                    "{{\"bench\":\"poll\",\"kind\":\"{kind}\",\"poller\":\"{poller}\",\"durationMs\":{nominal},\
                     \"jobs\":{SAMPLES},\"pollsMedian\":{},\"pollsMean\":{mean:.2},\"pollsMax\":{},\
                     \"delayMedianMs\":{},\"delayP95Ms\":{},\"delayMedianPct\":{:.2},\"delayP95Pct\":{:.2}}}",
                    quantile(&polls, 0.5),
                    quantile(&polls, 1.0),
                    quantile(&delays, 0.5),
                    quantile(&delays, 0.95),
                    quantile(&delay_pcts, 0.5),
                    quantile(&delay_pcts, 0.95),
                );
            }
        }
    }
    eprintln!("poll bench: {} ms", started.elapsed().as_millis());
}
