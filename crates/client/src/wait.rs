//! Waiting for a job: core's [`JobPoller`] decides when to poll; this loop sleeps, polls and reports progress.
//! Every wait has a deadline (LESSONS.md: waiters with no deadline), enforced twice: by the poller's schedule, and by
//! a hard race so that even a hung request cannot hold the caller past it.

use crate::client::Client;
use crate::error::Error;
use crate::transport::Transport;
use futures::future::{select, Either};
use hostup_core::{
    Endpoint, GetJob, Job, JobKind, JobPoller, Operation, OperationStatus, PollBoard, PollDecision, PollProfile,
};
use std::cell::RefCell;

/// What to wait for.
#[derive(Debug, Clone, PartialEq)]
pub enum JobTarget {
    /// An operation returned by a create or restore call.
    Operation(Operation),
    /// A job id (`job_…`) or a poll URL (`/api/jobs/job_…`): lets a restarted script or a reloaded page resume.
    Id(String),
}

/// How to wait.
#[derive(Default)]
pub struct WaitOptions<'a> {
    /// Give up after this long (the job itself goes on). `None`: core's default
    /// ([`hostup_core::limits::WAIT_TIMEOUT_MS`], an hour); values are brought into its range. Every wait has a
    /// deadline.
    pub timeout_ms: Option<u64>,
    /// The polling profile; by default chosen from the job's kind (backups poll slower than snapshots).
    pub profile: Option<PollProfile>,
    /// Called on every status change with the job as last seen.
    pub on_progress: Option<&'a dyn Fn(&Job)>,
}

impl<T: Transport> Client<T> {
    /// Waits until the job completes (resolves with the final job) or fails ([`Error::JobFailed`]), or the deadline
    /// passes ([`Error::WaitTimedOut`]). Transient poll failures (429, 5xx, network) do not end the wait; a 4xx does.
    pub async fn wait_for_job(&self, target: JobTarget, options: WaitOptions<'_>) -> Result<Job, Error> {
        self.wait_for_job_via(target, options, |get| get).await
    }

    /// [`Client::wait_for_job`], polling through the endpoint `via` makes of the job's [`GetJob`]: the npm package
    /// reads jobs with the engine's `JSON.parse` instead of serde. The request must be `GetJob`'s.
    pub async fn wait_for_job_via<E: Endpoint<Output = Job>>(
        &self,
        target: JobTarget,
        options: WaitOptions<'_>,
        via: impl FnOnce(GetJob) -> E,
    ) -> Result<Job, Error> {
        let (job_ref, initial) = match target {
            JobTarget::Operation(op) => (op.job_id.clone(), Some(Job::from(op))),
            JobTarget::Id(id) => (id, None),
        };
        let get = GetJob::new(&job_ref, self.config())?;
        let job_id = get.job_id().to_string();
        let get = via(get);
        let last = RefCell::new(initial);
        let started = self.transport().now_ms();
        let owner = self.next_id.get();
        self.next_id.set(owner + 1);
        // However the wait ends — result, deadline, or the caller dropping it (an aborted JS wait) — it leaves the board.
        let _leave = LeaveBoard { board: &self.board, owner };
        let limit = hostup_core::limits::WAIT_TIMEOUT_MS;
        let timeout_ms = limit.clamp(options.timeout_ms.unwrap_or(limit.default));
        let waiting = Box::pin(self.poll_loop(owner, &get, &last, &options, timeout_ms));
        // The hard stop lands a moment after the poller's own deadline, which normally wins.
        let hard_stop = Box::pin(self.transport().sleep(timeout_ms + 50));
        let outcome = match select(waiting, hard_stop).await {
            Either::Left((outcome, _)) => outcome,
            Either::Right(((), _)) => Err(None),
        };
        outcome.map_err(|e| {
            self.scrub(e.unwrap_or_else(|| Error::WaitTimedOut {
                job_id,
                last_status: last.borrow().as_ref().map_or("unknown".to_owned(), |j| j.status.as_str().to_owned()),
                waited_ms: self.transport().now_ms().saturating_sub(started),
            }))
        })
    }

    /// The polling loop. `Err(None)` means the deadline passed.
    async fn poll_loop<E: Endpoint<Output = Job>>(
        &self,
        owner: u64,
        get: &E,
        last: &RefCell<Option<Job>>,
        options: &WaitOptions<'_>,
        timeout_ms: u64,
    ) -> Result<Job, Option<Error>> {
        let now = self.transport().now_ms();
        let profile = options.profile.unwrap_or(PollProfile::SNAPSHOT);
        let mut poller = JobPoller::new(profile, now, Some(timeout_ms));
        let initial_status = last.borrow().as_ref().map_or(OperationStatus::Pending, |j| j.status.clone());
        let mut decision = poller.start(now, &initial_status);
        loop {
            match decision {
                PollDecision::Completed => return Ok(last.borrow().clone().expect("a status was observed")),
                PollDecision::Failed => {
                    return Err(Some(Error::JobFailed(Box::new(last.borrow().clone().expect("a status was observed")))))
                }
                PollDecision::DeadlinePassed => return Err(None),
                PollDecision::PollAfter(ms) => self.transport().sleep(ms).await,
            }
            // A batch of like jobs polls through its oldest member: skip a poll that would only learn "still running".
            let now = self.transport().now_ms();
            if poller.may_skip(now)
                && self.board.borrow().suggests_skip(owner, &poller.profile(), poller.age_ms(now), now)
            {
                decision = poller.skipped(now);
                continue;
            }
            let polled = self.execute(get).await;
            let now = self.transport().now_ms();
            decision = match polled {
                Ok((job, retry_after)) => {
                    if options.profile.is_none() {
                        if let Some(kind) = &job.kind {
                            poller.set_profile(profile_for(kind));
                        }
                    }
                    let changed = last.borrow().as_ref().is_none_or(|prev| prev.status != job.status);
                    self.board.borrow_mut().observe(owner, &poller.profile(), poller.age_ms(now), now, &job.status);
                    let retry_after_ms = retry_after.map(|r| r.delay_ms(self.transport().unix_ms()));
                    let next = poller.observe(now, &job.status, retry_after_ms);
                    *last.borrow_mut() = Some(job);
                    if changed {
                        if let (Some(progress), Some(job)) = (options.on_progress, last.borrow().as_ref()) {
                            progress(job);
                        }
                    }
                    next
                }
                Err(e) if e.is_transient() => {
                    poller.observe_transient_error(now, e.retry_after_ms(self.transport().unix_ms()))
                }
                Err(e) => return Err(Some(e)),
            };
        }
    }
}

/// Takes a wait off the poll board when dropped.
struct LeaveBoard<'a> {
    board: &'a RefCell<PollBoard>,
    owner: u64,
}

impl Drop for LeaveBoard<'_> {
    fn drop(&mut self) {
        if let Ok(mut board) = self.board.try_borrow_mut() {
            board.leave(self.owner);
        }
    }
}

/// Backups and backup restores are slow and offsite; everything else is snapshot-fast.
fn profile_for(kind: &JobKind) -> PollProfile {
    match kind {
        JobKind::Backup | JobKind::BackupRestore | JobKind::BackupDelete => PollProfile::BACKUP,
        _ => PollProfile::SNAPSHOT,
    }
}
