//! One function per command group: call the client, print JSON or a table.

use crate::args::{
    AuditArgs, BackupsCmd, Command, Destructive, FleetCmd, JobsCmd, SchedulesCmd, SnapshotsCmd, VpsCmd, WaitArgs,
};
use crate::confirm;
use crate::output::{or_dash, table, table_of, CliError, Out};
use futures::stream::{self, StreamExt};
use hostup_client::core::audit::{AuditPolicy, FleetAudit, Severity};
use hostup_client::core::{BackupSchedule, Description, Job, Operation, SnapshotName};
use hostup_client::{AuditOptions, AuditProgress, Client, Error, JobTarget, NativeTransport, WaitOptions};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use std::process::ExitCode;
use std::time::Duration;

type Api = Client<NativeTransport>;

pub async fn run(c: &Api, command: Command, out: &Out) -> Result<ExitCode, CliError> {
    match command {
        Command::Vps(VpsCmd::List) => {
            let list = c.list_vps().await?;
            out.show(&list, || {
                table_of(&["ID", "NAME", "STATUS", "REGION"], &list.data, |v| {
                    vec![v.id.clone(), or_dash(v.name.as_ref()), or_dash(v.status.as_ref()), or_dash(v.region.as_ref())]
                });
            });
        }
        Command::Backups(cmd) => return backups(c, cmd, out).await,
        Command::Snapshots(cmd) => return snapshots(c, cmd, out).await,
        Command::Schedules(cmd) => return schedules(c, cmd, out).await,
        Command::Jobs(JobsCmd::Wait { job, timeout }) => {
            let job = wait_for(c, JobTarget::Id(job), timeout).await?;
            out.show(&job, || println!("{} {}", job.job_id, job.status.as_str()));
        }
        Command::Fleet(FleetCmd::Snapshot { name, description, concurrency, timeout }) => {
            return fleet_snapshot(c, &name, description, concurrency.into(), timeout, out).await
        }
        Command::Audit(args) => return audit(c, args, out).await,
    }
    Ok(ExitCode::SUCCESS)
}

async fn backups(c: &Api, cmd: BackupsCmd, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        BackupsCmd::List { vps } => {
            let list = c.list_backups(&vps).await?;
            out.show(&list, || {
                table_of(&["ID", "CREATED", "SIZE GB", "TYPE", "NOTE"], &list.backups, |b| {
                    vec![
                        b.id.clone(),
                        or_dash(b.created_at.as_ref()),
                        format!("{:.1}", b.size_gb),
                        b.backup_type.clone(),
                        or_dash(b.note.as_ref()),
                    ]
                });
                let q = &list.quota_info;
                println!("quota: {} of {} used", q.used, or_dash(q.limit));
                gate_line("create", &list.actions.can_create_backup);
            });
        }
        BackupsCmd::Create { vps, note, wait } => {
            let op = c.create_backup(&vps, note).await?;
            return action(c, Some(op), &wait, out).await;
        }
        BackupsCmd::Restore(t) => return restore(c, Kind::Backup, t, out).await,
        BackupsCmd::Delete(t) => return delete(c, Kind::Backup, t, out).await,
    }
    Ok(ExitCode::SUCCESS)
}

async fn snapshots(c: &Api, cmd: SnapshotsCmd, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        SnapshotsCmd::List { vps } => {
            let list = c.list_snapshots(&vps).await?;
            out.show(&list, || {
                table_of(&["NAME", "CREATED", "EXPIRES", "SIZE GB", "DESCRIPTION"], &list.data, |s| {
                    vec![
                        s.name.clone(),
                        or_dash(s.created_at.as_ref()),
                        or_dash(s.expires_at.as_ref()),
                        or_dash(s.size_gb.map(|g| format!("{g:.1}"))),
                        or_dash(s.description.as_ref()),
                    ]
                });
                println!("slots: {} of {} used", list.data.len(), or_dash(list.limits.total_snapshots));
                gate_line("create", &list.actions.can_create);
            });
        }
        SnapshotsCmd::Create { vps, name, description, wait } => {
            let description = description.map_or(Description::Omitted, Description::Text);
            let op = c.create_snapshot(&vps, &name, description).await?;
            return action(c, Some(op), &wait, out).await;
        }
        SnapshotsCmd::Restore(t) => return restore(c, Kind::Snapshot, t, out).await,
        SnapshotsCmd::Delete(t) => return delete(c, Kind::Snapshot, t, out).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// Which kind of thing a restore or delete is about.
#[derive(Clone, Copy)]
enum Kind {
    Backup,
    Snapshot,
}

async fn restore(c: &Api, kind: Kind, t: Destructive, out: &Out) -> Result<ExitCode, CliError> {
    let Destructive { vps, target, confirm, wait } = t;
    let consequence = match kind {
        Kind::Backup => {
            format!("Restoring backup {target} replaces everything on VPS {vps} with that backup's contents")
        }
        Kind::Snapshot => format!("Restoring snapshot {target} replaces the disk of VPS {vps} with the snapshot"),
    };
    // Core refuses a restore whose confirmation differs from the id or name (nothing is sent).
    let confirm = confirm::obtain(confirm, &target, &consequence)?;
    let op = match kind {
        Kind::Backup => c.restore_backup(&vps, &target, &confirm).await?,
        Kind::Snapshot => c.restore_snapshot(&vps, &target, &confirm).await?,
    };
    action(c, Some(op), &wait, out).await
}

async fn delete(c: &Api, kind: Kind, t: Destructive, out: &Out) -> Result<ExitCode, CliError> {
    let Destructive { vps, target, confirm, wait } = t;
    let what = match kind {
        Kind::Backup => "Backup",
        Kind::Snapshot => "Snapshot",
    };
    confirm::check(confirm, &target, &format!("{what} {target} of VPS {vps} will be deleted for good"))?;
    let op = match kind {
        Kind::Backup => c.delete_backup(&vps, &target).await?,
        Kind::Snapshot => c.delete_snapshot(&vps, &target).await?,
    };
    action(c, op, &wait, out).await
}

async fn schedules(c: &Api, cmd: SchedulesCmd, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        SchedulesCmd::List { vps } => {
            let list = c.list_backup_schedules(&vps).await?;
            out.show(&list, || {
                table_of(
                    &["ID", "NAME", "FREQUENCY", "TIME", "DAY", "KEEP", "ENABLED", "LAST RUN", "STATUS", "NEXT RUN"],
                    &list.data,
                    |s| {
                        vec![
                            s.id.clone(),
                            s.name.clone(),
                            s.frequency.as_str().to_owned(),
                            or_dash(s.time.as_ref()),
                            or_dash(s.day_specifier.as_ref()),
                            s.retention_count.to_string(),
                            if s.enabled { "yes" } else { "no" }.to_owned(),
                            or_dash(s.last_run.as_ref()),
                            or_dash(s.status.as_ref().map(|st| st.as_str())),
                            or_dash(s.next_run.as_ref()),
                        ]
                    },
                );
            });
        }
        SchedulesCmd::Set { vps, frequency, hour, day_of_week, day_of_month, retention, disabled, name } => {
            // Core checks every field at once, in the server's errors[] shape.
            let body = json!({"frequency": frequency, "hour": hour, "dayOfWeek": day_of_week,
                              "dayOfMonth": day_of_month, "retentionCount": retention, "enabled": !disabled,
                              "name": name});
            let schedule = BackupSchedule::from_json(&body).map_err(Error::from)?;
            let saved = c.set_backup_schedule(&vps, schedule).await?;
            out.show(&saved, || {
                println!("saved {} ({}): next run {}", saved.id, saved.name, or_dash(saved.next_run.as_ref()))
            });
        }
        SchedulesCmd::Delete { vps, schedule, confirm } => {
            let consequence = format!("Schedule {schedule} of VPS {vps} will be deleted: no more scheduled backups");
            confirm::check(confirm, &schedule, &consequence)?;
            c.delete_backup_schedule(&vps, &schedule).await?;
            out.show(&json!({"deleted": schedule}), || println!("deleted {schedule}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn gate_line(action: &str, gate: &hostup_client::core::Gate) {
    if gate.allowed {
        println!("{action}: allowed");
    } else {
        println!("{action}: not now: {} ({})", or_dash(gate.reason.as_ref()), or_dash(gate.code.as_ref()));
    }
}

/// Prints `{"operation": …, "job": …}` for a queued action, after waiting when `--wait` was given.
async fn action(c: &Api, op: Option<Operation>, wait: &WaitArgs, out: &Out) -> Result<ExitCode, CliError> {
    let job = match (&op, wait.wait) {
        (Some(op), true) => Some(wait_for(c, JobTarget::Operation(op.clone()), wait.timeout).await?),
        _ => None,
    };
    out.show(&json!({"operation": op, "job": job}), || match (&op, &job) {
        (Some(_), Some(job)) => println!("{} {}", job.job_id, job.status.as_str()),
        (Some(op), None) => {
            println!("{} {} (hostup jobs wait {} to follow it)", op.job_id, op.status.as_str(), op.job_id)
        }
        (None, _) => println!("done"),
    });
    Ok(ExitCode::SUCCESS)
}

/// Waits for a job with a spinner on stderr (hidden when stderr is not a terminal).
async fn wait_for(c: &Api, target: JobTarget, timeout_ms: Option<u64>) -> Result<Job, Error> {
    let spinner = ProgressBar::new_spinner();
    spinner.enable_steady_tick(Duration::from_millis(120));
    let show = |job: &Job| spinner.set_message(format!("{} {}", job.job_id, job.status.as_str()));
    let options = WaitOptions {
        timeout_ms: timeout_ms.or(WaitOptions::default().timeout_ms),
        on_progress: Some(&show),
        ..WaitOptions::default()
    };
    let result = c.wait_for_job(target, options).await;
    spinner.finish_and_clear();
    result
}

/// `fleet snapshot`: one snapshot per VPS, waited for, with one progress bar. Exit 1 unless all completed.
async fn fleet_snapshot(
    c: &Api,
    name: &str,
    description: Option<String>,
    concurrency: usize,
    timeout_ms: Option<u64>,
    out: &Out,
) -> Result<ExitCode, CliError> {
    // One check before any request, rather than the same error once per VPS.
    SnapshotName::parse(name).map_err(Error::from)?;
    let fleet = c.list_vps().await?.data;
    let bar = ProgressBar::new(fleet.len() as u64);
    bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} VPS {msg}").expect("template"));
    let description = description.map_or(Description::Omitted, Description::Text);
    let one = |vps: &hostup_client::core::Vps| {
        let (vps_id, description, bar) = (vps.id.clone(), description.clone(), &bar);
        async move {
            let (job_id, result) = match c.create_snapshot(&vps_id, name, description).await {
                Ok(op) => (Some(op.job_id.clone()), wait_for_quietly(c, op, timeout_ms).await),
                Err(e) => (None, Err(e)),
            };
            bar.inc(1);
            FleetOutcome { vps_id, job_id, result }
        }
    };
    let mut results: Vec<FleetOutcome> = stream::iter(&fleet).map(one).buffer_unordered(concurrency).collect().await;
    bar.finish_and_clear();
    let ranks: std::collections::HashMap<&str, usize> =
        fleet.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
    results.sort_by_key(|o| ranks.get(o.vps_id.as_str()).copied());
    let rows: Vec<Value> = results.iter().map(FleetOutcome::to_json).collect();
    let completed = rows.iter().filter(|r| r["status"] == "completed").count();
    out.show(&json!({"name": name, "completed": completed, "total": rows.len(), "results": rows}), || {
        let table_rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let err = &r["error"];
                let why = if err.is_null() {
                    "-".to_owned()
                } else {
                    format!("{}: {}", err["code"].as_str().unwrap_or(""), err["detail"].as_str().unwrap_or(""))
                };
                vec![str_of(&r["vpsId"]), str_of(&r["jobId"]), str_of(&r["status"]), why]
            })
            .collect();
        table(&["VPS", "JOB", "STATUS", "ERROR"], &table_rows);
        println!("{completed} of {} snapshots completed", rows.len());
    });
    Ok(if completed == rows.len() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or("-").to_owned()
}

/// What happened on one VPS of a fleet action.
struct FleetOutcome {
    vps_id: String,
    /// `None`: the create was refused.
    job_id: Option<String>,
    result: Result<Job, Error>,
}

impl FleetOutcome {
    /// `{vpsId, jobId, status, error}`; `status` is the job's, or `refused` / `failed` / `timed_out` / `unknown`.
    fn to_json(&self) -> Value {
        let (status, error) = match &self.result {
            Ok(job) => (job.status.as_str(), Value::Null),
            Err(e) => {
                let status = match e {
                    Error::JobFailed(_) => "failed",
                    Error::WaitTimedOut { .. } => "timed_out",
                    _ if self.job_id.is_none() => "refused",
                    _ => "unknown",
                };
                (status, CliError::Client(e.clone()).to_json())
            }
        };
        json!({"vpsId": self.vps_id, "jobId": self.job_id, "status": status, "error": error})
    }
}

async fn wait_for_quietly(c: &Api, op: Operation, timeout_ms: Option<u64>) -> Result<Job, Error> {
    let options =
        WaitOptions { timeout_ms: timeout_ms.or(WaitOptions::default().timeout_ms), ..WaitOptions::default() };
    c.wait_for_job(JobTarget::Operation(op), options).await
}

/// `audit`: the fleet report; exit 1 with `--exit-code` when an error finding exists.
async fn audit(c: &Api, args: AuditArgs, out: &Out) -> Result<ExitCode, CliError> {
    let mut policy = match &args.policy {
        None => AuditPolicy::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::usage("policy_unreadable", format!("cannot read --policy {}: {e}", path.display()))
            })?;
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                CliError::usage("policy_unreadable", format!("--policy {} is not JSON: {e}", path.display()))
            })?;
            AuditPolicy::from_json(&&value, "").map_err(Error::from)?
        }
    };
    if let Some(ms) = args.max_age {
        policy.max_backup_age_ms = ms;
    }
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template("auditing {bar:30} {pos}/{len} VPS").expect("template"));
    let progress = |p: AuditProgress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
    };
    let options = AuditOptions {
        policy,
        concurrency: args.concurrency.into(),
        on_progress: Some(&progress),
        ..AuditOptions::default()
    };
    let report = c.audit_backups(options).await?;
    bar.finish_and_clear();
    out.show(&report, || print_audit(&report));
    let failing = args.exit_code && report.worst() >= Some(Severity::Error);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_audit(report: &FleetAudit) {
    table_of(&["VPS", "NAME", "WORST", "LAST BACKUP", "QUOTA", "SCHEDULE", "SNAPSHOTS", "JOB"], &report.vps, |r| {
        let schedule = match r.schedules.as_deref() {
            None => "?".to_owned(),
            Some([]) => "none".to_owned(),
            Some(list) => list
                .iter()
                .map(|s| {
                    let on = if s.enabled { "" } else { " (off)" };
                    format!("{} {}{on}", s.frequency.as_str(), s.time.as_deref().unwrap_or("?"))
                })
                .collect::<Vec<_>>()
                .join(", "),
        };
        vec![
            r.vps_id.clone(),
            or_dash(r.name.as_ref()),
            r.worst.map_or("ok", Severity::as_str).to_owned(),
            or_dash(r.last_backup_age_ms.map(|ms| format!("{}h ago", ms / 3_600_000))),
            r.quota.as_ref().map_or("?".to_owned(), |q| format!("{}/{}", q.used, or_dash(q.limit))),
            schedule,
            or_dash(r.snapshots.map(|n| format!("{n}/{}", or_dash(r.snapshot_slots)))),
            if r.job_running { "running" } else { "-" }.to_owned(),
        ]
    });
    if !report.findings.is_empty() {
        println!();
        table_of(&["SEVERITY", "VPS", "CODE", "DETAIL"], &report.findings, |f| {
            vec![f.severity.as_str().to_owned(), f.vps_id.clone(), f.code.as_str().to_owned(), f.summary()]
        });
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    println!(
        "\n{} VPS checked at {}: {} error(s), {} warning(s), {} info",
        report.vps.len(),
        report.checked_at,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
}
