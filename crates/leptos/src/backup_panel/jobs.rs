//! Running operations: live status through `wait_for_job`, job ids kept in `localStorage` so that a reloaded page
//! resumes them, and the list of jobs with their outcome.

use super::VpsCtx;
use crate::state::{decode_jobs, encode_jobs, job_title, jobs_storage_key, status_text, JobFailure, TrackedJob};
use hostup_client::{Error, JobTarget, WaitOptions};
use hostup_core::{Job, JobKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One job as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JobRow {
    id: String,
    title: String,
    status: String,
    failure: Option<JobFailure>,
    /// A remark such as "still running".
    remark: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The jobs of `vps_id` saved by an earlier page.
fn stored_jobs(vps_id: &str) -> Vec<TrackedJob> {
    storage().and_then(|s| s.get_item(&jobs_storage_key(vps_id)).ok()?).map(|t| decode_jobs(&t)).unwrap_or_default()
}

/// Saves or removes a job id (only ids, kinds and subjects: never the key).
fn update_stored(vps_id: &str, change: impl FnOnce(&mut Vec<TrackedJob>)) {
    let Some(s) = storage() else { return };
    let key = jobs_storage_key(vps_id);
    let mut jobs = s.get_item(&key).ok().flatten().map(|t| decode_jobs(&t)).unwrap_or_default();
    change(&mut jobs);
    // Storage may be full or forbidden; the job is then simply not resumed after a reload.
    let _ = if jobs.is_empty() { s.remove_item(&key) } else { s.set_item(&key, &encode_jobs(&jobs)) };
}

/// Resumes waiting for the jobs a previous page left running.
pub(crate) fn resume(ctx: VpsCtx) {
    for job in stored_jobs(&ctx.vps_id()) {
        let target = JobTarget::Id(job.id.clone());
        follow(ctx, job, target);
    }
}

/// Starts following a job just accepted by the server.
pub(crate) fn track(ctx: VpsCtx, kind: JobKind, subject: &str, op: hostup_core::Operation) {
    let job = TrackedJob { id: op.job_id.clone(), kind: Some(kind.as_str().to_owned()), subject: subject.to_owned() };
    follow(ctx, job, JobTarget::Operation(op));
}

fn set_row(ctx: VpsCtx, id: &str, change: impl FnOnce(&mut JobRow)) {
    let _ = ctx.jobs.try_update(|rows| {
        if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
            change(row);
        }
    });
}

fn follow(ctx: VpsCtx, job: TrackedJob, target: JobTarget) {
    let vps_id = ctx.vps_id();
    update_stored(&vps_id, |jobs| {
        if jobs.iter().all(|j| j.id != job.id) {
            jobs.push(job.clone());
        }
    });
    let initial = match &target {
        JobTarget::Operation(op) => status_text(&op.status),
        JobTarget::Id(_) => "checking…".to_owned(),
    };
    let row = JobRow {
        id: job.id.clone(),
        title: job_title(job.job_kind().as_ref(), &job.subject),
        status: initial,
        failure: None,
        remark: None,
    };
    ctx.jobs.update(|rows| {
        rows.retain(|r| r.id != row.id);
        rows.insert(0, row);
    });
    let Some(client) = ctx.shared.client() else { return };
    spawn_local(async move {
        let id = job.id.clone();
        let progress = |seen: &Job| {
            let title = job_title(seen.kind.as_ref().or(job.job_kind().as_ref()), &job.subject);
            set_row(ctx, &id, |row| {
                row.status = status_text(&seen.status);
                row.title = title;
            });
        };
        let options = WaitOptions { timeout_ms: None, profile: None, on_progress: Some(&progress) };
        let outcome = client.wait_for_job(target, options).await;
        let finished = match outcome {
            Ok(done) => {
                set_row(ctx, &id, |row| row.status = status_text(&done.status));
                Some(done)
            }
            Err(Error::WaitTimedOut { last_status, .. }) => {
                // The job goes on; its id stays stored so the next page load picks it up again.
                set_row(ctx, &id, |row| {
                    row.status = last_status.replace('_', " ");
                    row.remark = Some("Still running; reload the page to check again.".to_owned());
                });
                return;
            }
            Err(Error::JobFailed(failed)) => {
                let failure = JobFailure::of(&failed);
                set_row(ctx, &id, |row| {
                    row.status = status_text(&failed.status);
                    row.failure = Some(failure);
                });
                ctx.shared.report(Error::JobFailed(failed.clone()));
                Some(*failed)
            }
            Err(other) => {
                // The job cannot be followed (unknown id, no permission): forget it rather than retry forever.
                let failure = JobFailure::from_error(&other);
                set_row(ctx, &id, |row| {
                    row.status = "unknown".to_owned();
                    row.failure = Some(failure);
                });
                ctx.shared.report(other);
                None
            }
        };
        update_stored(&vps_id, |jobs| jobs.retain(|j| j.id != id));
        if ctx.backups.data.try_get_untracked().is_some() {
            ctx.refresh_backups();
            ctx.refresh_snapshots();
        }
        if let (Some(done), Some(cb)) = (finished, ctx.shared.on_job_finished) {
            cb.run(done);
        }
    });
}

/// The list of jobs followed on this page: live status, and a failed job's problem.
#[component]
pub(crate) fn JobList(ctx: VpsCtx) -> impl IntoView {
    let heading = ctx.shared.id("jobs-title");
    view! {
        <Show when=move || !ctx.jobs.with(Vec::is_empty)>
            <section class="hostup-panel__section hostup-panel__jobs" aria-labelledby=heading.clone()>
                <h3 class="hostup-panel__heading" id=heading.clone()>"Jobs"</h3>
                <ul class="hostup-panel__list">
                    <For
                        each=move || ctx.jobs.get()
                        key=|row| (row.id.clone(), row.status.clone(), row.remark.clone())
                        let:row
                    >
                        <li class="hostup-panel__item hostup-panel__job" data-status=row.status.clone()>
                            <span class="hostup-panel__job-title">{row.title.clone()}</span>
                            <span class=format!(
                                "hostup-panel__badge hostup-panel__badge--{}",
                                row.status.replace(' ', "-"),
                            )>{row.status.clone()}</span>
                            {row.remark.clone().map(|r| view! { <span class="hostup-panel__muted">{r}</span> })}
                            {row
                                .failure
                                .clone()
                                .map(|f| {
                                    view! {
                                        <div class="hostup-panel__error" role="alert">
                                            <strong>{f.title}</strong>
                                            {f.detail.map(|d| view! { <span>" " {d}</span> })}
                                            {f
                                                .request_id
                                                .map(|r| {
                                                    view! {
                                                        <span class="hostup-panel__muted">
                                                            " Request id: " <code>{r}</code>
                                                        </span>
                                                    }
                                                })}
                                        </div>
                                    }
                                })}
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
