//! The job poller as a value: it answers "poll after D", "completed", "failed" or "deadline passed"; the client sleeps
//! and fetches. Adaptive, not fixed-interval (LESSONS.md: hcloud-go's 500 ms and godo's 5 s): the first polls come
//! quickly, then each wait is a fraction of the time already waited, up to a cap — so the delay before a finished
//! job is noticed stays a small fraction of its duration, and a long job costs few requests.

use crate::types::OperationStatus;

/// How a kind of job is polled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollProfile {
    /// The wait before the first poll.
    pub first_ms: u64,
    /// The shortest wait between polls.
    pub min_ms: u64,
    /// Each wait is this fraction of the time elapsed since the job started.
    pub growth: f64,
    /// The longest wait between polls.
    pub cap_ms: u64,
}

impl PollProfile {
    /// Snapshots, snapshot restores and deletes: seconds to a minute or two.
    pub const SNAPSHOT: PollProfile = PollProfile { first_ms: 250, min_ms: 250, growth: 0.12, cap_ms: 5_000 };
    /// Backups and backup restores: minutes to hours, offsite.
    pub const BACKUP: PollProfile = PollProfile { first_ms: 1_000, min_ms: 1_000, growth: 0.12, cap_ms: 30_000 };
}

/// The poller's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollDecision {
    /// Poll again after this many milliseconds.
    PollAfter(u64),
    /// The job completed.
    Completed,
    /// The job failed.
    Failed,
    /// The deadline passed before the job finished.
    DeadlinePassed,
}

/// Follows one job. Times are milliseconds on the caller's monotonic clock.
#[derive(Debug, Clone, PartialEq)]
pub struct JobPoller {
    profile: PollProfile,
    started_ms: u64,
    deadline_ms: Option<u64>,
    polls: u32,
}

impl JobPoller {
    /// Starts following a job at `now_ms`, giving up `timeout_ms` later (if given).
    pub fn new(profile: PollProfile, now_ms: u64, timeout_ms: Option<u64>) -> Self {
        Self { profile, started_ms: now_ms, deadline_ms: timeout_ms.map(|t| now_ms.saturating_add(t)), polls: 0 }
    }

    /// What to do with the status the operation was created with (no request needed if it is already final).
    pub fn start(&self, now_ms: u64, status: &OperationStatus) -> PollDecision {
        match status {
            OperationStatus::Completed => PollDecision::Completed,
            OperationStatus::Failed => PollDecision::Failed,
            _ => self.wait(now_ms, self.profile.first_ms, None),
        }
    }

    /// Records a poll's answer and decides the next step. `retry_after_ms` is the response's `Retry-After`, honoured
    /// as a floor for the next wait.
    pub fn observe(&mut self, now_ms: u64, status: &OperationStatus, retry_after_ms: Option<u64>) -> PollDecision {
        self.polls += 1;
        match status {
            OperationStatus::Completed => PollDecision::Completed,
            OperationStatus::Failed => PollDecision::Failed,
            _ => self.wait(now_ms, self.next_wait(now_ms), retry_after_ms),
        }
    }

    /// Records a poll that failed transiently (network, 5xx after the client's own retries, 429): keep following the
    /// job until the deadline rather than abandon a wait that may be long.
    pub fn observe_transient_error(&mut self, now_ms: u64, retry_after_ms: Option<u64>) -> PollDecision {
        self.polls += 1;
        self.wait(now_ms, self.next_wait(now_ms), retry_after_ms)
    }

    /// Switches to another profile (once the job's kind is known), keeping the start time and the deadline.
    pub fn set_profile(&mut self, profile: PollProfile) {
        self.profile = profile;
    }

    /// The profile in use.
    pub fn profile(&self) -> PollProfile {
        self.profile
    }

    /// Polls made so far.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    fn next_wait(&self, now_ms: u64) -> u64 {
        let elapsed = now_ms.saturating_sub(self.started_ms) as f64;
        ((elapsed * self.profile.growth) as u64).clamp(self.profile.min_ms, self.profile.cap_ms)
    }

    fn wait(&self, now_ms: u64, wait_ms: u64, retry_after_ms: Option<u64>) -> PollDecision {
        let wait_ms = wait_ms.max(retry_after_ms.unwrap_or(0));
        match self.deadline_ms {
            Some(deadline) if now_ms >= deadline => PollDecision::DeadlinePassed,
            // The last poll lands on the deadline itself, so a job finishing just before it is still seen.
            Some(deadline) => PollDecision::PollAfter(wait_ms.min(deadline - now_ms)),
            None => PollDecision::PollAfter(wait_ms),
        }
    }
}
