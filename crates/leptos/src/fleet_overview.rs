//! `<FleetOverview/>`: the morning question — *is every VPS covered?* — for a whole account, one row per VPS, worst
//! first. The decisions are core's (`hostup_core::audit`); the requests are the client's fleet audit (paced by the
//! rate limit); this file only shows the report. Choosing a row calls `on_select` with the VPS id, so a page can open
//! `<BackupPanel/>` for it.

use hostup_core::audit::{AuditPolicy, Finding, FleetAudit, Severity, VpsAudit};

/// A duration for people: "12 min", "5 h", "3 days".
pub fn duration_text(ms: u64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        0 => "under a minute".to_owned(),
        1..=59 => format!("{minutes} min"),
        60..=2879 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}

/// The "last backup" cell: its age, or why there is none.
pub fn last_backup_text(row: &VpsAudit) -> String {
    match (row.last_backup_age_ms, row.backups) {
        (Some(age), _) => format!("{} ago", duration_text(age)),
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

/// The findings of one VPS, in the report's order.
pub fn findings_of<'a>(report: &'a FleetAudit, vps_id: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.vps_id == vps_id).collect()
}

/// The policy the component applies when none is given: core's defaults.
pub fn default_policy() -> AuditPolicy {
    AuditPolicy::default()
}

#[cfg(target_arch = "wasm32")]
pub use view::FleetOverview;

#[cfg(target_arch = "wasm32")]
mod view {
    use super::*;
    use crate::PanelClient;
    use hostup_client::{AuditOptions, AuditProgress};
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use std::rc::Rc;

    const FLEET_CSS: &str = include_str!("fleet.css");

    thread_local! {
        static STYLE_MOUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Adopts the component's stylesheet once per document (constructable stylesheet: CSP-safe, no inline styles).
    fn mount_style() {
        if STYLE_MOUNTED.with(|m| m.replace(true)) {
            return;
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
        if sheet.replace_sync(FLEET_CSS).is_err() {
            return;
        }
        let sheets = doc.adopted_style_sheets();
        sheets.push(&sheet);
        doc.set_adopted_style_sheets(&sheets);
    }

    /// Backup coverage of every VPS of the account, worst first.
    #[component]
    pub fn FleetOverview(
        /// The client to audit with (share the page's: one rate limit).
        client: Rc<PanelClient>,
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
        mount_style();
        let report = RwSignal::new(None::<FleetAudit>);
        let error = RwSignal::new(None::<String>);
        let busy = RwSignal::new(false);
        let progress = RwSignal::new(None::<AuditProgress>);
        let client = StoredValue::new_local(client);
        let policy = policy.unwrap_or_else(default_policy);

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
                            .map(|f| format!("{}: {}", severity_text(f.severity), f.summary()))
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
                                "Backup coverage per VPS, worst first. Checked at " {r.checked_at.clone()}
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
        assert_eq!(last_backup_text(&r), "27 h ago");
        r.findings = SeverityCounts { error: 2, warning: 1, info: 0 };
        assert_eq!(findings_text(&r), "2 errors, 1 warning");
        r.schedules = None;
        r.backups = None;
        r.last_backup_age_ms = None;
        assert_eq!((schedule_text(&r), last_backup_text(&r)), ("Not read".into(), "Not read".into()));
    }

    #[test]
    fn durations_are_rounded_for_people() {
        assert_eq!(duration_text(30_000), "under a minute");
        assert_eq!(duration_text(45 * 60_000), "45 min");
        assert_eq!(duration_text(5 * 3_600_000), "5 h");
        assert_eq!(duration_text(49 * 3_600_000), "2 days");
    }
}
