//! Run-time misbehaviour: fault and latency dice, job failures, 429 storms and `--drift`, all
//! changeable through `POST /__sim/faults`, and the counters `GET /__sim/stats` reports.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::Config;
use crate::prng::SplitMix64;

/// Fault settings, changeable at run time through `POST /__sim/faults`.
pub(crate) struct Faults {
    rng: SplitMix64,
    pub(crate) fault_rate: f64,
    pub(crate) fault_after_rate: f64,
    pub(crate) latency_ms: u64,
    pub(crate) job_fail_rate: f64,
    pub(crate) storm: bool,
    pub(crate) drift: bool,
}

/// What the fault dice decided for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    /// 500 problem+json before processing.
    Internal,
    /// 502 HTML page before processing.
    BadGateway,
    /// Connection dropped before processing.
    Drop,
    /// A 200 whose body is cut in half (GETs only).
    Truncate,
    /// Processed, then answered with a 500.
    InternalAfter,
    /// Processed, then the connection is dropped.
    DropAfter,
}

impl Fault {
    /// Whether the request is processed and its answer then thrown away.
    pub(crate) fn after_processing(self) -> bool {
        matches!(self, Self::InternalAfter | Self::DropAfter)
    }
}

/// The dice for one request.
pub(crate) struct Plan {
    pub(crate) latency_ms: u64,
    pub(crate) fault: Fault,
    pub(crate) job_fails: bool,
    /// `storm: true` from the control API.
    pub(crate) forced_storm: bool,
    pub(crate) drift: bool,
}

impl Faults {
    pub(crate) fn from_config(c: &Config) -> Self {
        Self {
            // A stream of its own, so fault draws do not shift the ids of the seeded state.
            rng: SplitMix64::new(c.seed ^ 0xfa17_fa17_fa17_fa17),
            fault_rate: c.fault_rate,
            fault_after_rate: c.fault_after_rate,
            latency_ms: c.latency_ms,
            job_fail_rate: c.job_fail_rate,
            storm: false,
            drift: c.drift,
        }
    }

    /// Rolls latency, fault and job-failure dice for one request (`mutating`: not a GET or HEAD).
    pub(crate) fn roll(&mut self, mutating: bool) -> Plan {
        let latency_ms = if self.latency_ms > 0 { self.rng.below(self.latency_ms + 1) } else { 0 };
        let fault = if self.rng.chance(self.fault_rate) {
            let r = self.rng.next_f64();
            match (mutating, r) {
                (_, r) if r < 0.55 => Fault::Internal,
                (_, r) if r < 0.7 => Fault::BadGateway,
                (false, r) if r < 0.85 => Fault::Truncate,
                _ => Fault::Drop,
            }
        } else if mutating && self.rng.chance(self.fault_after_rate) {
            if self.rng.chance(0.5) {
                Fault::InternalAfter
            } else {
                Fault::DropAfter
            }
        } else {
            Fault::None
        };
        let job_fails = mutating && self.rng.chance(self.job_fail_rate);
        Plan { latency_ms, fault, job_fails, forced_storm: self.storm, drift: self.drift }
    }
}

/// Counters for `GET /__sim/stats`.
#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) rate_limited: AtomicU64,
    pub(crate) internal_error: AtomicU64,
    pub(crate) bad_gateway: AtomicU64,
    pub(crate) truncated: AtomicU64,
    pub(crate) dropped: AtomicU64,
    pub(crate) after_processing: AtomicU64,
}

impl Counters {
    fn all(&self) -> [&AtomicU64; 7] {
        [
            &self.requests,
            &self.rate_limited,
            &self.internal_error,
            &self.bad_gateway,
            &self.truncated,
            &self.dropped,
            &self.after_processing,
        ]
    }

    pub(crate) fn reset(&self) {
        for c in self.all() {
            c.store(0, Ordering::Relaxed);
        }
    }
}

/// Adds one to a counter.
pub(crate) fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

/// A counter's value.
pub(crate) fn read(c: &AtomicU64) -> u64 {
    c.load(Ordering::Relaxed)
}
