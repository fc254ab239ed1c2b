//! The command line, declared with clap's derive API.

use clap::{Args, Parser, Subcommand};
use hostup_client::core::limits::AUDIT_CONCURRENCY;
use hostup_client::core::DEFAULT_BASE_URL;
use std::path::PathBuf;

/// The exit codes, for `--help` (main.rs returns them).
const EXIT_CODES: &str =
    "Exit codes: 0 done; 1 `audit --exit-code` found an error, or `fleet snapshot` did not complete \
everywhere; 2 bad usage or input, or a missing or wrong confirmation (nothing was sent); 3 the API or the network \
failed; 4 a job failed or a wait gave up.";

/// The HostUp VPS backup and snapshot API on the command line.
///
/// The API key comes from HOSTUP_API_KEY or --key-file. Add --json to any command for machine-readable output.
#[derive(Debug, Parser)]
#[command(name = "hostup", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Print JSON (stable shapes) instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// The API's base URL.
    #[arg(long, global = true, env = "HOSTUP_BASE_URL", default_value = DEFAULT_BASE_URL, value_name = "URL")]
    pub base_url: String,
    /// Read the API key from this file (first line). Else HOSTUP_API_KEY is used.
    #[arg(long, global = true, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// The API key itself. Discouraged: argv is visible to every user in `ps`.
    #[arg(long, global = true, hide = true, value_name = "KEY")]
    pub key: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Your VPS.
    #[command(subcommand)]
    Vps(VpsCmd),
    /// Offsite backups of one VPS.
    #[command(subcommand)]
    Backups(BackupsCmd),
    /// Snapshots of one VPS.
    #[command(subcommand)]
    Snapshots(SnapshotsCmd),
    /// Backup schedules of one VPS.
    #[command(subcommand)]
    Schedules(SchedulesCmd),
    /// Jobs.
    #[command(subcommand)]
    Jobs(JobsCmd),
    /// Actions on every VPS of the account.
    #[command(subcommand)]
    Fleet(FleetCmd),
    /// Backup coverage of every VPS: stale or missing backups, schedules, quota, expiring snapshots.
    Audit(AuditArgs),
}

/// `hostup vps …`.
#[derive(Debug, Subcommand)]
pub enum VpsCmd {
    /// List your VPS.
    List,
}

/// How to wait for a job.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Wait until the job completes or fails.
    #[arg(long)]
    pub wait: bool,
    /// Give up waiting after this long (`90s`, `20m`, `1h`); the job itself goes on.
    #[arg(long, value_parser = parse_duration_ms, value_name = "DURATION")]
    pub timeout: Option<u64>,
}

/// A backup or snapshot to restore or delete, and its confirmation.
#[derive(Debug, Args)]
pub struct Destructive {
    /// The VPS id.
    pub vps: String,
    /// The backup id (`bkp_…`) or the snapshot's name.
    #[arg(value_name = "BACKUP_ID_OR_NAME")]
    pub target: String,
    /// The same id or name again, to confirm. Without it a terminal asks for it; nothing else skips it.
    #[arg(long, value_name = "BACKUP_ID_OR_NAME")]
    pub confirm: Option<String>,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// `hostup backups …`.
#[derive(Debug, Subcommand)]
pub enum BackupsCmd {
    /// List the backups, the quota and whether a backup may be created now.
    List {
        /// The VPS id.
        vps: String,
    },
    /// Start a backup.
    Create {
        /// The VPS id.
        vps: String,
        /// A note to keep with the backup.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Restore a backup (`bkp_…`): replaces everything on the VPS. Needs --confirm <backup id>.
    Restore(Destructive),
    /// Delete a backup (`bkp_…`). Needs --confirm <backup id>.
    Delete(Destructive),
}

/// `hostup snapshots …`.
#[derive(Debug, Subcommand)]
pub enum SnapshotsCmd {
    /// List the snapshots, the slots and the gates.
    List {
        /// The VPS id.
        vps: String,
    },
    /// Take a snapshot.
    Create {
        /// The VPS id.
        vps: String,
        /// Its name (letters, digits, `-`, `_`; at most 40).
        name: String,
        /// A description.
        #[arg(long)]
        description: Option<String>,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Restore a snapshot (by name): replaces the VPS's disk. Needs --confirm <name>.
    Restore(Destructive),
    /// Delete a snapshot (by name). Needs --confirm <name>.
    Delete(Destructive),
}

/// `hostup schedules …`.
#[derive(Debug, Subcommand)]
pub enum SchedulesCmd {
    /// List the backup schedules.
    List {
        /// The VPS id.
        vps: String,
    },
    /// Create the schedule, or replace the one with the same name (else the VPS's only one).
    Set {
        /// The VPS id.
        vps: String,
        /// `daily`, `weekly` or `monthly`.
        #[arg(long)]
        frequency: String,
        /// Hour of the day, UTC (0–23).
        #[arg(long, allow_negative_numbers = true)]
        hour: i64,
        /// Weekly: day of the week (0 = Sunday … 6).
        #[arg(long, allow_negative_numbers = true)]
        day_of_week: Option<i64>,
        /// Monthly: day of the month (1–31; a day the month lacks runs on its last day).
        #[arg(long, allow_negative_numbers = true)]
        day_of_month: Option<i64>,
        /// How many backups to keep (≥ 1).
        #[arg(long, allow_negative_numbers = true)]
        retention: i64,
        /// Save it disabled.
        #[arg(long)]
        disabled: bool,
        /// The schedule's name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete a schedule. Needs --confirm <schedule id>.
    Delete {
        /// The VPS id.
        vps: String,
        /// The schedule id (`bks_…`).
        schedule: String,
        /// The schedule id again, to confirm. Without it a terminal asks for it.
        #[arg(long, value_name = "SCHEDULE_ID")]
        confirm: Option<String>,
    },
}

/// `hostup jobs …`.
#[derive(Debug, Subcommand)]
pub enum JobsCmd {
    /// Wait for a job (by id or poll URL) to complete or fail.
    Wait {
        /// `job_…` or `/api/jobs/job_…`.
        job: String,
        /// Give up waiting after this long; the job itself goes on.
        #[arg(long, value_parser = parse_duration_ms, value_name = "DURATION")]
        timeout: Option<u64>,
    },
}

/// `hostup fleet …`.
#[derive(Debug, Subcommand)]
pub enum FleetCmd {
    /// Snapshot every VPS with the same name and wait for all of them (one progress bar).
    Snapshot {
        /// The snapshot name.
        #[arg(long)]
        name: String,
        /// A description.
        #[arg(long)]
        description: Option<String>,
        /// VPS handled at a time.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: u16,
        /// Give up waiting for each job after this long.
        #[arg(long, value_parser = parse_duration_ms, value_name = "DURATION")]
        timeout: Option<u64>,
    },
}

/// `hostup audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The newest backup may be at most this old (default 26h).
    #[arg(long, value_parser = parse_duration_ms, value_name = "DURATION")]
    pub max_age: Option<u64>,
    /// A JSON policy file: any of maxBackupAgeMs, minEnabledSchedules, minRetention, snapshotExpiryWarningMs,
    /// warnAtQuota (--max-age wins over it).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Exit with 1 when a finding of severity "error" exists (for cron and CI).
    #[arg(long)]
    pub exit_code: bool,
    /// VPS read at a time (the rate limit paces the requests regardless).
    #[arg(long, default_value_t = AUDIT_CONCURRENCY.default as u16,
          value_parser = clap::value_parser!(u16).range(AUDIT_CONCURRENCY.min as i64..=AUDIT_CONCURRENCY.max as i64))]
    pub concurrency: u16,
}

/// Reads `90s`, `20m`, `26h`, `2d`, `1500ms` or a sum like `1h30m` as milliseconds.
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
    let bad = || format!("`{text}` is not a duration: use a number with ms, s, m, h or d (`26h`, `1h30m`)");
    let mut total: u64 = 0;
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let unit_len = rest[digits..].bytes().take_while(u8::is_ascii_alphabetic).count();
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        let unit = match &rest[digits..digits + unit_len] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(bad()),
        };
        total = n.checked_mul(unit).and_then(|ms| total.checked_add(ms)).ok_or_else(bad)?;
        rest = &rest[digits + unit_len..];
    }
    Ok(total)
}
