//! The simulated provider: accounts, VPS, backups, snapshots, schedules and jobs, behind one mutex.
//!
//! - [`seed`]: the initial state for a `--seed`.
//! - [`jobs`]: queued actions, their progress and their effect.
//! - [`gates`]: the `actions.*` gates and the 409s they turn into.
//! - [`render`]: the JSON the read endpoints answer.
//! - [`schedules`]: creating, patching and deleting backup schedules.
//! - [`stats`]: what the server accepted, for `GET /__sim/stats`.
//!
//! Jobs are advanced lazily: every access first calls [`World::settle`], which completes the jobs
//! whose time has come and applies their effect, so there is no background task per job.

mod gates;
mod jobs;
mod render;
mod schedules;
mod seed;
mod stats;

use std::collections::HashMap;

use crate::clock::DAY_MS;
use crate::config::Scopes;
use crate::prng::SplitMix64;
use crate::problem::Problem;
use crate::validate::ScheduleInput;

pub(crate) use stats::Accepted;

/// Backups a VPS may keep (`quotaInfo.limit`).
const BACKUP_QUOTA: usize = 7;
/// Snapshot slots per VPS (`limits.totalSnapshots`).
const SNAPSHOT_SLOTS: usize = 3;
/// Schedules per VPS (`limits.maxSchedules`); a POST replaces the VPS's schedule.
const MAX_SCHEDULES: usize = 1;
/// Snapshots are kept about 24 hours (API.md "Backups vs snapshots").
const SNAPSHOT_TTL_MS: i64 = DAY_MS;
/// The account behind `--key`.
pub(crate) const DEMO_ACCOUNT: u32 = 0;
/// The hidden second account (`--other-key`, `other-vps:`).
pub(crate) const OTHER_ACCOUNT: u32 = 1;

struct Backup {
    id: String,
    storage_key: String,
    created_at: i64,
    size_gb: f64,
    backup_type: &'static str,
    note: Option<String>,
}

struct Snapshot {
    name: String,
    description: Option<String>,
    created_at: i64,
    size_gb: f64,
}

struct Schedule {
    id: String,
    name: String,
    def: ScheduleInput,
    last_run: Option<i64>,
    status: Option<&'static str>,
}

struct Vps {
    id: String,
    account: u32,
    name: String,
    region: &'static str,
    created_at: i64,
    restored_from: Option<String>,
    last_restore_at: Option<i64>,
    backups: Vec<Backup>,
    snapshots: Vec<Snapshot>,
    schedules: Vec<Schedule>,
    /// The job in flight on this VPS, if any: it closes the gates.
    busy: Option<jobs::JobKind>,
}

/// Who is asking, and how the request should behave.
pub(crate) struct Ctx {
    pub(crate) account: u32,
    pub(crate) scopes: Scopes,
    pub(crate) now: i64,
    /// `--job-ms` in simulated milliseconds.
    pub(crate) job_ms: i64,
    pub(crate) job_fails: bool,
    /// The response will be faulted away after processing (recorded in the stats log).
    pub(crate) fault_after: bool,
    /// `--drift`: jobs pass through the undocumented status `verifying`.
    pub(crate) drift: bool,
}

/// All provider state; lives behind one mutex.
pub(crate) struct World {
    rng: SplitMix64,
    vps: Vec<Vps>,
    index: HashMap<String, usize>,
    jobs: HashMap<String, jobs::Job>,
    in_flight: Vec<String>,
    next_storage: u32,
    pub(crate) accepted: Accepted,
}

impl World {
    /// Ids of an account's VPS.
    pub(crate) fn vps_ids(&self, account: u32) -> Vec<String> {
        self.vps.iter().filter(|v| v.account == account).map(|v| v.id.clone()).collect()
    }

    /// The caller's VPS, or 404 (also for another account's VPS).
    fn find(&mut self, ctx: &Ctx, id: &str) -> Result<usize, Problem> {
        let idx = *self.index.get(id).ok_or_else(|| Problem::not_found("VPS"))?;
        if self.vps[idx].account != ctx.account {
            return Err(Problem::not_found("VPS"));
        }
        // Expired snapshots disappear (docs/inferred.md: 24 h after createdAt).
        self.vps[idx].snapshots.retain(|s| s.created_at + SNAPSHOT_TTL_MS > ctx.now);
        Ok(idx)
    }
}
