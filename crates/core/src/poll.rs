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
    last_poll_ms: u64,
}

impl JobPoller {
    /// Starts following a job at `now_ms`, giving up `timeout_ms` later (if given).
    pub fn new(profile: PollProfile, now_ms: u64, timeout_ms: Option<u64>) -> Self {
        Self {
            profile,
            started_ms: now_ms,
            deadline_ms: timeout_ms.map(|t| now_ms.saturating_add(t)),
            polls: 0,
            last_poll_ms: now_ms,
        }
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
        self.last_poll_ms = now_ms;
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
        self.last_poll_ms = now_ms;
        self.wait(now_ms, self.next_wait(now_ms), retry_after_ms)
    }

    /// How long this job has been followed.
    pub fn age_ms(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.started_ms)
    }

    /// Whether a due poll may be skipped on the [`PollBoard`]'s word: never after a full `cap_ms` without a poll, so
    /// a job that is not like its batch is still seen within the cap.
    pub fn may_skip(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.last_poll_ms) < self.profile.cap_ms
    }

    /// A due poll was skipped (the board says an older job of the same kind is still running): wait as if polled.
    pub fn skipped(&mut self, now_ms: u64) -> PollDecision {
        self.wait(now_ms, self.next_wait(now_ms), None)
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

/// How long a scout's "still running" stays good evidence, at the least.
const BOARD_FRESH_MS: u64 = 1_000;

/// What the waits of one client have recently learnt about jobs of one kind, so a batch polls through a scout.
///
/// Jobs of one kind started together take about as long as each other (a fleet snapshotted before a deploy). While
/// the oldest job followed (the scout) is still running, a younger job of the same kind is almost surely running too:
/// its poll would spend a request, and rate-limit budget, to learn nothing. The board lets such polls be skipped, so
/// the scout polls on its schedule and the rest poll once it is done. A job that is unlike its batch still gets a poll
/// at least every `cap_ms` of its profile ([`JobPoller::may_skip`]); a lone job is never affected.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PollBoard {
    scouts: Vec<Scout>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Scout {
    /// The profile's cap, as its key.
    key: u64,
    /// The wait that scouts.
    owner: u64,
    /// Its job's age when last seen running, and when that was.
    age_ms: u64,
    seen_ms: u64,
}

impl Scout {
    /// The scout's age now, presuming it still runs.
    fn presumed_age(&self, now_ms: u64) -> u64 {
        self.age_ms + now_ms.saturating_sub(self.seen_ms)
    }

    fn fresh(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.seen_ms) <= BOARD_FRESH_MS.max(self.age_ms / 4)
    }
}

impl PollBoard {
    /// An empty board.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a poll's answer from wait `owner` (any id unique among the client's waits) for a job of `profile`
    /// followed for `age_ms`.
    pub fn observe(&mut self, owner: u64, profile: &PollProfile, age_ms: u64, now_ms: u64, status: &OperationStatus) {
        let key = profile.cap_ms;
        let index = self.scouts.iter().position(|s| s.key == key);
        if status.is_terminal() {
            // A job of the batch finished: the others should look now.
            if let Some(i) = index {
                self.scouts.swap_remove(i);
            }
            return;
        }
        let candidate = Scout { key, owner, age_ms, seen_ms: now_ms };
        match index {
            None => self.scouts.push(candidate),
            Some(i) => {
                let s = self.scouts[i];
                if s.owner == owner || !s.fresh(now_ms) || age_ms >= s.presumed_age(now_ms) {
                    self.scouts[i] = candidate;
                }
            }
        }
    }

    /// Whether wait `owner`, following a job of `profile` for `age_ms`, need not poll now: an older job of the same
    /// kind is being followed and was recently still running.
    pub fn suggests_skip(&self, owner: u64, profile: &PollProfile, age_ms: u64, now_ms: u64) -> bool {
        self.scouts
            .iter()
            .any(|s| s.key == profile.cap_ms && s.owner != owner && s.fresh(now_ms) && age_ms <= s.presumed_age(now_ms))
    }

    /// Forgets wait `owner` (it ended): if it was the scout, the next poll elects another.
    pub fn leave(&mut self, owner: u64) {
        self.scouts.retain(|s| s.owner != owner);
    }
}
