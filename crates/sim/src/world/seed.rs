//! The initial state: the same `--seed` gives the same accounts, VPS, backups, snapshots and ids.

use std::collections::HashMap;

use super::{
    Accepted, Backup, Schedule, Snapshot, Vps, World, BACKUP_QUOTA, DEMO_ACCOUNT, OTHER_ACCOUNT, SNAPSHOT_SLOTS,
    SNAPSHOT_TTL_MS,
};
use crate::clock::{next_run, Cadence, DAY_MS, HOUR_MS};
use crate::prng::SplitMix64;
use crate::validate::ScheduleInput;

const NAMES: [&str; 12] = [
    "web-01",
    "db-primary",
    "cache-01",
    "web-02",
    "db-replica",
    "worker-01",
    "api-gateway",
    "mail-relay",
    "monitoring",
    "staging-web",
    "ci-runner",
    "vpn-edge",
];
const REGIONS: [&str; 3] = ["se-sto-1", "se-got-1", "se-mmo-1"];
// Not "before-upgrade": the reference pages create that one, and a replay of them must not conflict.
const SNAPSHOT_NAMES: [&str; 3] = ["pre-deploy", "kernel-update", "config-change"];
const NOTES: [&str; 3] = ["Before upgrade", "Before migration", "Monthly archive"];

/// A backup's size in GB: 2.0 to 61.9.
pub(super) fn size(rng: &mut SplitMix64) -> f64 {
    (20 + rng.below(600)) as f64 / 10.0
}

impl World {
    /// The initial state for `seed`: `vps_count` VPS in the demo account and one in the other.
    /// With `backups_per_vps` (`--backups-per-vps`), every VPS has exactly that many backups, one a day going back
    /// from yesterday; without it, the seeded 2 to 4.
    pub(crate) fn seeded(seed: u64, vps_count: usize, backups_per_vps: Option<usize>, now: i64) -> Self {
        let mut w = World {
            rng: SplitMix64::new(seed),
            vps: Vec::with_capacity(vps_count + 1),
            index: HashMap::with_capacity(vps_count + 1),
            jobs: HashMap::new(),
            in_flight: Vec::new(),
            next_storage: 101,
            accepted: Accepted::default(),
        };
        for i in 0..vps_count {
            let base = NAMES[i % NAMES.len()];
            let name = match i / NAMES.len() {
                0 => base.to_owned(),
                n => format!("{base}-{}", n + 1),
            };
            w.add_vps(DEMO_ACCOUNT, name, backups_per_vps, now);
        }
        w.add_vps(OTHER_ACCOUNT, "other-web-01".to_owned(), backups_per_vps, now);
        w
    }

    fn add_vps(&mut self, account: u32, name: String, backups_per_vps: Option<usize>, now: i64) {
        let rng = &mut self.rng;
        let id = rng.id("vps_");
        let today = now.div_euclid(DAY_MS) * DAY_MS;
        let mut backups = Vec::new();
        let seeded_count = 2 + rng.below(3) as i64;
        for k in 0..backups_per_vps.map_or(seeded_count, |n| n as i64) {
            let days_back = k * 7 + 1 + rng.below(5) as i64;
            let days_back = if backups_per_vps.is_some() { k + 1 } else { days_back };
            let created_at = today - days_back * DAY_MS + 2 * HOUR_MS;
            let manual = rng.chance(0.4);
            let n = self.next_storage;
            self.next_storage += 1;
            backups.push(Backup {
                id: rng.id("bkp_"),
                storage_key: format!("vzdump-qemu-{n}.vma.zst"),
                created_at,
                size_gb: size(rng),
                backup_type: if manual { "manual" } else { "scheduled" },
                note: manual.then(|| NOTES[rng.below(NOTES.len() as u64) as usize].to_owned()),
            });
        }
        let mut snapshots = Vec::new();
        let count = 1 + rng.below(2) as usize;
        for (k, name) in SNAPSHOT_NAMES.iter().take(count).enumerate() {
            snapshots.push(Snapshot {
                name: (*name).to_owned(),
                description: (k == 0).then(|| "Before the Friday deploy".to_owned()),
                created_at: now - (1 + rng.below(20) as i64) * HOUR_MS - rng.below(HOUR_MS as u64) as i64,
                size_gb: size(rng) / 4.0,
            });
        }
        snapshots.sort_by_key(|s| s.created_at);
        let hour = 1 + rng.below(4) as u32;
        let schedule = Schedule {
            id: rng.id("bks_"),
            name: "Nightly backup".to_owned(),
            def: ScheduleInput {
                name: None,
                hour,
                cadence: Cadence::Daily,
                retention_count: 3 + rng.below(5),
                enabled: true,
            },
            last_run: Some(next_run(now - DAY_MS, hour, Cadence::Daily)),
            status: Some("completed"),
        };
        self.index.insert(id.clone(), self.vps.len());
        self.vps.push(Vps {
            id,
            account,
            name,
            region: REGIONS[rng.below(REGIONS.len() as u64) as usize],
            created_at: today - (30 + rng.below(400) as i64) * DAY_MS + rng.below(DAY_MS as u64) as i64,
            restored_from: None,
            last_restore_at: None,
            backups,
            snapshots,
            schedules: vec![schedule],
            busy: None,
        });
    }
}

impl World {
    /// `--fleet varied`: every demo VPS gets a backup from 3 h ago (so nothing else shows), then the first four get
    /// one backup-coverage problem each, in this order: no schedule; the backup quota full; the last scheduled run
    /// failed; a snapshot 30 minutes from expiry.
    pub(crate) fn vary(&mut self, now: i64) {
        let demo: Vec<usize> = (0..self.vps.len()).filter(|&i| self.vps[i].account == DEMO_ACCOUNT).collect();
        for &i in &demo {
            if let Some(newest) = self.vps[i].backups.iter_mut().max_by_key(|b| b.created_at) {
                newest.created_at = now - 3 * HOUR_MS;
            }
        }
        if let Some(&i) = demo.first() {
            self.vps[i].schedules.clear();
        }
        if let Some(&i) = demo.get(1) {
            while self.vps[i].backups.len() < BACKUP_QUOTA {
                let oldest = self.vps[i].backups.iter().map(|b| b.created_at).min().unwrap_or(now);
                let n = self.next_storage;
                self.next_storage += 1;
                let backup = Backup {
                    id: self.rng.id("bkp_"),
                    storage_key: format!("vzdump-qemu-{n}.vma.zst"),
                    created_at: oldest - DAY_MS,
                    size_gb: size(&mut self.rng),
                    backup_type: "scheduled",
                    note: None,
                };
                self.vps[i].backups.push(backup);
            }
        }
        if let Some(&i) = demo.get(2) {
            for s in &mut self.vps[i].schedules {
                s.status = Some("failed");
            }
        }
        if let Some(&i) = demo.get(3) {
            let size_gb = size(&mut self.rng) / 4.0;
            let snapshots = &mut self.vps[i].snapshots;
            snapshots.truncate(SNAPSHOT_SLOTS - 1);
            snapshots.push(Snapshot {
                name: "expiring-soon".to_owned(),
                description: Some("Expires in 30 minutes".to_owned()),
                created_at: now - SNAPSHOT_TTL_MS + 30 * 60_000,
                size_gb,
            });
        }
    }
}
