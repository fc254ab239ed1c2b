//! `<FleetOverview/>`: the morning question — *is every VPS covered?* — for a whole account, one row per VPS, worst
//! first. The decisions are core's (`hostup_core::audit`); the requests are the client's fleet audit (paced by the
//! rate limit); this file only shows the report. Choosing a row calls `on_select` with the VPS id, so a page can open
//! `<BackupPanel/>` for it.

use hostup_core::audit::{Finding, FindingCode, FleetAudit, Severity, VpsAudit};

/// The "last backup" cell: its age, or why there is none.
pub fn last_backup_text(row: &VpsAudit) -> String {
    match (row.last_backup_age_ms, row.backups) {
        (Some(age), _) => format!("{} ago", crate::format::span(age as i64)),
        (None, Some(0)) => "No backups".to_owned(),
        (None, Some(_)) => "Unknown time".to_owned(),
        (None, None) => "Not read".to_owned(),
    }
}

/// The "schedule" cell: the enabled schedules in words, or that there is none.
pub fn schedule_text(row: &VpsAudit) -> String {
    let Some(schedules) = &row.schedules else { return "Not read".to_owned() };
    let enabled: Vec<String> = schedules
        .iter()
        .filter(|s| s.enabled)
        .map(|s| {
            let when = s.time.as_deref().map(|t| format!(" at {t} UTC")).unwrap_or_default();
            let day = s.day_specifier.as_deref().map(|d| format!(" on {d}")).unwrap_or_default();
            format!("{}{day}{when}, keeps {}", s.frequency.as_str(), s.retention_count)
        })
        .collect();
    match (enabled.is_empty(), schedules.len()) {
        (true, 0) => "No schedule".to_owned(),
        (true, _) => "Schedule disabled".to_owned(),
        _ => enabled.join("; "),
    }
}

/// The "quota" cell: backups used of the limit, and snapshot slots.
pub fn quota_text(row: &VpsAudit) -> String {
    let backups = match (&row.quota, row.backups) {
        (Some(q), _) => match q.limit {
            Some(limit) => format!("{} of {limit} backups", q.used),
            None => format!("{} backups", q.used),
        },
        (None, Some(n)) => format!("{n} backups"),
        (None, None) => "Backups not read".to_owned(),
    };
    let snapshots = match (row.snapshots, row.snapshot_slots) {
        (Some(n), Some(total)) => format!("{n} of {total} snapshot slots"),
        (Some(n), None) => format!("{n} snapshots"),
        (None, _) => "snapshots not read".to_owned(),
    };
    format!("{backups} · {snapshots}")
}

/// A severity in words (never colour alone).
pub fn severity_text(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// The "findings" summary of a row: "2 errors, 1 warning", or "Covered".
pub fn findings_text(row: &VpsAudit) -> String {
    let c = row.findings;
    let mut parts = Vec::new();
    for (n, one, many) in [(c.error, "error", "errors"), (c.warning, "warning", "warnings"), (c.info, "note", "notes")]
    {
        match n {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            _ => parts.push(format!("{n} {many}")),
        }
    }
    if parts.is_empty() {
        "Covered".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The whole report in one sentence, for the live region.
pub fn report_text(report: &FleetAudit) -> String {
    let count = |s: Severity| report.vps.iter().filter(|r| r.worst == Some(s)).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let n = report.vps.len();
    let vps = if n == 1 { "1 VPS" } else { "VPS" };
    let head = if n == 1 { vps.to_owned() } else { format!("{n} {vps}") };
    match (errors, warnings) {
        (0, 0) => format!("Checked {head}: every one is covered."),
        _ => format!("Checked {head}: {errors} with errors, {warnings} with warnings."),
    }
}

/// A finding in words for people (core's `Finding::summary` is for logs); the code stays one click away in the
/// row's details for anyone who needs it.
pub fn finding_sentence(f: &Finding) -> String {
    let e = &f.evidence;
    let span = |ms: Option<u64>| ms.map_or_else(|| "an unknown time".to_owned(), |ms| crate::format::span(ms as i64));
    let count = |c: Option<u64>| c.map_or_else(|| "?".to_owned(), |c| c.to_string());
    match f.code {
        FindingCode::NoBackup => "No backup yet.".to_owned(),
        FindingCode::BackupStale => {
            format!("The last backup is {} old (the policy allows {}).", span(e.ms), span(e.limit_ms))
        }
        FindingCode::BackupTimeUnknown => "Backups exist, but none says when it was made.".to_owned(),
        FindingCode::NoEnabledSchedule => "No backup schedule is enabled.".to_owned(),
        FindingCode::LastRunFailed => "The last scheduled backup failed.".to_owned(),
        FindingCode::LastRunCancelled => "The last scheduled backup was cancelled.".to_owned(),
        FindingCode::RetentionLow => {
            format!("A schedule keeps {} backup(s); at least {} are required.", count(e.count), count(e.limit))
        }
        FindingCode::QuotaReached => format!(
            "The backup quota is full ({} of {}): the next backup replaces the oldest or is refused.",
            count(e.count),
            count(e.limit)
        ),
        FindingCode::BackupBlocked => {
            format!("Backups are refused right now: {}", e.reason.as_deref().unwrap_or("no reason given."))
        }
        FindingCode::SnapshotExpiring => {
            format!("Snapshot {} expires in {}.", e.snapshot_name.as_deref().unwrap_or("(unnamed)"), span(e.ms))
        }
        FindingCode::JobRunning => "A job is running on this VPS.".to_owned(),
        FindingCode::VpsUnreadable => format!(
            "This VPS could not be read{}.",
            e.request_id.as_deref().map(|r| format!(" (request id {r})")).unwrap_or_default()
        ),
    }
}

/// The findings of one VPS, in the report's order.
pub fn findings_of<'a>(report: &'a FleetAudit, vps_id: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.vps_id == vps_id).collect()
}

#[cfg(target_arch = "wasm32")]
pub use view::FleetOverview;

#[cfg(target_arch = "wasm32")]
mod view {
    use super::*;
    use crate::PanelClient;
    use hostup_client::{AuditOptions, AuditProgress};
    use hostup_core::audit::AuditPolicy;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use std::rc::Rc;

    const FLEET_CSS: &str = include_str!("fleet.css");

    /// Backup coverage of every VPS of the account, worst first.
    #[component]
    pub fn FleetOverview(
        /// A client to use (share the page's: one rate limit). Takes precedence over `base_url`/`api_key`.
        #[prop(optional)]
        client: Option<Rc<PanelClient>>,
        /// Base URL of the API when the component builds its own client (`""`: the page's origin).
        #[prop(optional, into)]
        base_url: Option<String>,
        /// API key for its own client (kept in memory only).
        #[prop(optional, into)]
        api_key: Option<String>,
        /// Send cookies with every request (`credentials: "include"`), for cookie sessions.
        #[prop(optional)]
        credentials: bool,
        /// Called with a VPS id when its row is chosen (open `<BackupPanel vps_id=…/>` for it).
        #[prop(optional, into)]
        on_select: Option<Callback<String>>,
        /// What to expect of every VPS; core's defaults when absent.
        #[prop(optional)]
        policy: Option<AuditPolicy>,
        /// VPS audited at a time (the rate limit paces the requests either way).
        #[prop(optional)]
        concurrency: Option<usize>,
        /// Extra CSS classes on the root (e.g. `hostup-dark`).
        #[prop(optional, into)]
        class: MaybeProp<String>,
    ) -> impl IntoView {
        // The panel's sheet carries the shared theme (light and dark); this one the table's own rules.
        crate::backup_panel::mount_style();
        crate::backup_panel::adopt_stylesheet(FLEET_CSS);
        let built = match client {
            Some(c) => Ok(c),
            None => crate::backup_panel::build_client(
                base_url.as_deref().unwrap_or(hostup_core::DEFAULT_BASE_URL),
                api_key,
                credentials,
            )
            .map(Rc::new),
        };
        let client = match built {
            Ok(c) => c,
            Err(reason) => {
                return view! {
                    <section class="hostup-fleet" aria-labelledby="hostup-fleet-title">
                        <h2 id="hostup-fleet-title">"Backup coverage"</h2>
                        <p class="hostup-fleet__status" role="alert">{format!("The fleet cannot be checked: {reason}")}</p>
                    </section>
                }
                .into_any();
            }
        };
        let report = RwSignal::new(None::<FleetAudit>);
        let error = RwSignal::new(None::<String>);
        let busy = RwSignal::new(false);
        let progress = RwSignal::new(None::<AuditProgress>);
        let client = StoredValue::new_local(client);
        let policy = policy.unwrap_or_default();

        let run = move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            progress.set(None);
            let client = client.get_value();
            spawn_local(async move {
                let on_progress = move |p: AuditProgress| {
                    let _ = progress.try_set(Some(p));
                };
                let options = AuditOptions {
                    policy,
                    concurrency: concurrency.unwrap_or(AuditOptions::default().concurrency),
                    now_unix_ms: None,
                    on_progress: Some(&on_progress),
                };
                match client.audit_backups(options).await {
                    Ok(r) => {
                        let _ = report.try_set(Some(r));
                    }
                    Err(e) => {
                        let _ = error.try_set(Some(error_sentence(&e)));
                    }
                }
                let _ = busy.try_set(false);
            });
        };
        run();

        // The live region says when a check starts and how it ended; the progress bar (not live) counts VPS.
        let status = move || {
            if busy.get() {
                return "Checking backup coverage…".to_owned();
            }
            if let Some(e) = error.get() {
                return e;
            }
            report.with(|r| r.as_ref().map(report_text).unwrap_or_default())
        };

        let rows = move || {
            report.with(|r| {
                let Some(r) = r else {
                    return view! { <p class="hostup-fleet__muted">"Loading the fleet…"</p> }.into_any();
                };
                if r.vps.is_empty() {
                    return view! {
                        <p class="hostup-fleet__empty">
                            "This account has no VPS yet. Once it has one, its backup coverage shows here."
                        </p>
                    }
                    .into_any();
                }
                let body = r
                    .vps
                    .iter()
                    .map(|row| {
                        let id = row.vps_id.clone();
                        let label = row.name.clone().unwrap_or_else(|| row.vps_id.clone());
                        let severity = row.worst.map(severity_text).unwrap_or("OK");
                        let level = row.worst.map_or("ok", |s| s.as_str());
                        let details: Vec<String> = findings_of(r, &row.vps_id)
                            .iter()
                            .map(|f| format!("{}: {}", severity_text(f.severity), finding_sentence(f)))
                            .collect();
                        let choose = move |_| {
                            if let Some(cb) = on_select {
                                cb.run(id.clone());
                            }
                        };
                        view! {
                            <tr class=format!("hostup-fleet__row hostup-fleet__row--{level}")>
                                <th scope="row">
                                    <button type="button" class="hostup-fleet__open" on:click=choose>
                                        "Open " <span class="hostup-fleet__name">{label}</span>
                                    </button>
                                    <span class="hostup-fleet__id">{row.vps_id.clone()}</span>
                                </th>
                                <td>
                                    <span class=format!("hostup-fleet__badge hostup-fleet__badge--{level}")>
                                        {severity}
                                    </span>
                                    " " {findings_text(row)}
                                    <ul class="hostup-fleet__findings">
                                        {details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td>{last_backup_text(row)}</td>
                                <td>{schedule_text(row)}</td>
                                <td>{quota_text(row)}</td>
                                <td>{if row.job_running { "Running" } else { "None" }}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="hostup-fleet__scroll">
                        <table class="hostup-fleet__table">
                            <caption class="hostup-fleet__caption">
                                "Backup coverage per VPS, worst first. Checked "
                                <time datetime=r.checked_at.clone() title=utc_text(&r.checked_at)>
                                    {local_text(&r.checked_at)}
                                </time>
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">"VPS"</th>
                                    <th scope="col">"Findings"</th>
                                    <th scope="col">"Last backup"</th>
                                    <th scope="col">"Schedule"</th>
                                    <th scope="col">"Quota and slots"</th>
                                    <th scope="col">"Jobs"</th>
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            })
        };

        view! {
            <section
                class=move || format!("hostup-fleet {}", class.get().unwrap_or_default())
                aria-labelledby="hostup-fleet-title"
            >
                <div class="hostup-fleet__head">
                    <h2 id="hostup-fleet-title">"Backup coverage"</h2>
                    <button
                        type="button"
                        class="hostup-fleet__refresh"
                        on:click=move |_| run()
                        disabled=move || busy.get()
                    >
                        "Check again"
                    </button>
                </div>
                <p class="hostup-fleet__status" role="status" aria-live="polite">{status}</p>
                {move || {
                    busy.get()
                        .then(|| progress.get())
                        .flatten()
                        .map(|p| {
                            view! {
                                <progress
                                    class="hostup-fleet__progress"
                                    max=p.total.to_string()
                                    value=p.done.to_string()
                                    aria-label="VPS checked"
                                ></progress>
                            }
                        })
                }}
                {rows}
            </section>
        }
        .into_any()
    }

    /// A report time in the viewer's zone (UTC on hover, as in the panel).
    fn local_text(rfc3339: &str) -> String {
        crate::format::format_time(rfc3339, crate::format::Zone::Local(crate::backup_panel::local_offset_minutes))
    }

    fn utc_text(rfc3339: &str) -> String {
        crate::format::format_time(rfc3339, crate::format::Zone::Utc)
    }

    /// An audit that could not start (the VPS list itself failed), in words for people.
    pub(super) fn error_sentence(e: &hostup_client::Error) -> String {
        let id = e.request_id().map(|r| format!(" (request id {r})")).unwrap_or_default();
        match e.as_api().map(|a| a.status) {
            Some(401) => "The API key was refused. Give a valid key to check the fleet.".to_owned(),
            Some(403) => "This API key may not read VPS (it needs the read:vm scope).".to_owned(),
            Some(429) => "The API is busy (rate limited). Try again in a moment.".to_owned(),
            _ => format!("The VPS list could not be read: {}{id}", e.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hostup_core::audit::SeverityCounts;

    fn row() -> VpsAudit {
        VpsAudit {
            vps_id: "vps_1".into(),
            name: Some("web".into()),
            last_backup_at: None,
            last_backup_age_ms: None,
            backups: Some(0),
            quota: None,
            schedules: Some(vec![]),
            snapshots: Some(1),
            snapshot_slots: Some(3),
            job_running: false,
            worst: None,
            findings: SeverityCounts::default(),
        }
    }

    #[test]
    fn cells_read_as_sentences() {
        let mut r = row();
        assert_eq!(last_backup_text(&r), "No backups");
        assert_eq!(schedule_text(&r), "No schedule");
        assert_eq!(quota_text(&r), "0 backups · 1 of 3 snapshot slots");
        assert_eq!(findings_text(&r), "Covered");
        r.last_backup_age_ms = Some(27 * 3_600_000);
        assert_eq!(last_backup_text(&r), "1 day ago");
        r.last_backup_age_ms = Some(5 * 3_600_000 + 59_000);
        assert_eq!(last_backup_text(&r), "5 h ago");
        r.findings = SeverityCounts { error: 2, warning: 1, info: 0 };
        assert_eq!(findings_text(&r), "2 errors, 1 warning");
        r.schedules = None;
        r.backups = None;
        r.last_backup_age_ms = None;
        assert_eq!((schedule_text(&r), last_backup_text(&r)), ("Not read".into(), "Not read".into()));
    }
}
