//! Jobs: the panel follows each job through `wait_for_job` (at the client's pace, with core's wait defaults), keeps a
//! time-stamped history per VPS in `localStorage` (so it survives switching VPS and reloading, and a running job is
//! followed again after a reload), announces each change politely, and lists the history with elapsed time.

use super::parts::TimeView;
use super::shared::{focus_first, id_part, Shared};
use crate::format::{format_clock, format_elapsed};
use crate::job_history::{decode_history, encode_history, history_storage_key, upsert, JobEntry};
use crate::messages::message_for;
use hostup_client::{Error, JobTarget, WaitOptions};
use hostup_core::{Job, JobKind, Operation};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// Reads a VPS's history from storage into the panel (once per VPS and panel).
fn load_history(shared: Shared, vps_id: &str) {
    if shared.histories.with_untracked(|h| h.contains_key(vps_id)) {
        return;
    }
    let stored = storage()
        .and_then(|s| s.get_item(&history_storage_key(vps_id)).ok()?)
        .map(|t| decode_history(&t, now()))
        .unwrap_or_default();
    shared.histories.update(|h| {
        h.insert(vps_id.to_owned(), stored);
    });
}

/// Saves a VPS's history (ids, kinds, labels, times and outcomes — never the key).
fn save_history(vps_id: &str, entries: &[JobEntry]) {
    let Some(s) = storage() else { return };
    let key = history_storage_key(vps_id);
    // Storage may be full or forbidden; the history then lasts as long as the page.
    let _ = if entries.is_empty() { s.remove_item(&key) } else { s.set_item(&key, &encode_history(entries)) };
}

/// Changes a VPS's history, in the panel and in storage.
fn change(shared: Shared, vps_id: &str, f: impl FnOnce(&mut Vec<JobEntry>)) {
    let _ = shared.histories.try_update(|h| {
        let entries = h.entry(vps_id.to_owned()).or_default();
        f(entries);
        save_history(vps_id, entries);
    });
}

/// Loads a VPS's history and follows its jobs that had not ended when the page last saw them.
pub(crate) fn resume(shared: Shared, vps_id: &str) {
    load_history(shared, vps_id);
    let running: Vec<JobEntry> = shared
        .histories
        .with_untracked(|h| h.get(vps_id).into_iter().flatten().filter(|e| e.is_running()).cloned().collect());
    for entry in running {
        let target = JobTarget::Id(entry.id.clone());
        follow(shared, vps_id.to_owned(), entry, target);
    }
}

/// Starts following a job just accepted by the server.
pub(crate) fn track(shared: Shared, vps_id: &str, kind: JobKind, subject: &str, op: Operation) {
    let entry = JobEntry::new(&op.job_id, Some(&kind), subject, op.status.as_str(), now());
    follow(shared, vps_id.to_owned(), entry, JobTarget::Operation(op));
}

fn follow(shared: Shared, vps_id: String, entry: JobEntry, target: JobTarget) {
    let id = entry.id.clone();
    let fresh = shared.following.try_update_value(|f| f.insert(id.clone())).unwrap_or(false);
    change(shared, &vps_id, |entries| upsert(entries, entry.clone()));
    if !fresh {
        return;
    }
    let Some(client) = shared.client() else { return };
    shared.announce(format!("{}: {}", entry.title(), entry.status_text()));
    spawn_local(async move {
        let update = |f: &dyn Fn(&mut JobEntry)| {
            change(shared, &vps_id, |entries| {
                if let Some(e) = entries.iter_mut().find(|e| e.id == id) {
                    f(e);
                }
            });
        };
        let progress = |seen: &Job| {
            let before = shared.histories.with_untracked(|h| {
                h.get(&vps_id).and_then(|l| l.iter().find(|e| e.id == id)).map(|e| e.status.clone())
            });
            update(&|e: &mut JobEntry| e.observe(seen, now()));
            if before.as_deref() != Some(seen.status.as_str()) && !seen.status.is_terminal() {
                let title = entry_title(shared, &vps_id, &id);
                shared.announce(format!("{title}: {}", crate::job_history::status_text(&seen.status)));
            }
        };
        // The client's wait defaults (core's): the job goes on after a wait that times out; a reload resumes it.
        let options = WaitOptions { on_progress: Some(&progress), ..WaitOptions::default() };
        let outcome = client.wait_for_job(target, options).await;
        let finished = match outcome {
            Ok(done) => {
                update(&|e: &mut JobEntry| e.observe(&done, now()));
                Some(done)
            }
            Err(Error::WaitTimedOut { .. }) => {
                let _ = shared.following.try_update_value(|f| f.remove(&id));
                return;
            }
            Err(Error::JobFailed(failed)) => {
                let message = message_for(&Error::JobFailed(failed.clone()));
                update(&|e: &mut JobEntry| e.fail("failed", message.text.clone(), message.request_id.clone(), now()));
                shared.report(Error::JobFailed(failed.clone()));
                Some(*failed)
            }
            Err(other) => {
                // The job cannot be followed (unknown id, no permission): record it rather than retry forever.
                let message = shared.report(other);
                update(&|e: &mut JobEntry| e.fail("unknown", message.text.clone(), message.request_id.clone(), now()));
                None
            }
        };
        let _ = shared.following.try_update_value(|f| f.remove(&id));
        let title = entry_title(shared, &vps_id, &id);
        let status = shared
            .histories
            .with_untracked(|h| h.get(&vps_id).and_then(|l| l.iter().find(|e| e.id == id)).map(JobEntry::status_text));
        shared.announce(format!("{title}: {}", status.unwrap_or_default()));
        if let (Some(done), Some(cb)) = (finished, shared.callbacks.on_job_finished) {
            cb.run(done);
        }
    });
}

fn entry_title(shared: Shared, vps_id: &str, id: &str) -> String {
    shared
        .histories
        .with_untracked(|h| h.get(vps_id).and_then(|l| l.iter().find(|e| e.id == id)).map(JobEntry::title))
        .unwrap_or_default()
}

/// The job history of one VPS: newest first, with start time, elapsed time, progress and outcome; finished jobs can
/// be dismissed.
#[component]
pub(crate) fn JobList(shared: Shared, vps_id: String) -> impl IntoView {
    let heading = shared.id("jobs-title");
    let labelled_by = heading.clone();
    let vps = StoredValue::new(vps_id);
    let entries = move || shared.histories.with(|h| h.get(&vps.get_value()).cloned().unwrap_or_default());
    let any_finished =
        move || shared.histories.with(|h| h.get(&vps.get_value()).is_some_and(|l| l.iter().any(|e| !e.is_running())));
    let dismiss = move |id: String| {
        let vps_id = vps.get_value();
        let (mut next, mut prev) = (None, None);
        shared.histories.with_untracked(|h| {
            let list = h.get(&vps_id).map(Vec::as_slice).unwrap_or_default();
            if let Some(at) = list.iter().position(|e| e.id == id) {
                next = list[at + 1..].iter().find(|e| !e.is_running()).map(|e| e.id.clone());
                prev = list[..at].iter().rev().find(|e| !e.is_running()).map(|e| e.id.clone());
            }
        });
        change(shared, &vps_id, |entries| entries.retain(|e| e.id != id));
        // Focus goes to the neighbouring entry's "Dismiss", or to the heading when none is left.
        let mut targets: Vec<String> =
            [next, prev].into_iter().flatten().map(|j| shared.id(&format!("dismiss-{}", id_part(&j)))).collect();
        targets.push(shared.id("jobs-title"));
        focus_first(&targets);
    };
    let clear = move |_| {
        change(shared, &vps.get_value(), |entries| entries.retain(JobEntry::is_running));
        focus_first(&[shared.id("jobs-title")]);
    };
    view! {
        <section class="hostup-panel__section hostup-panel__jobs" aria-labelledby=labelled_by>
            <div class="hostup-panel__section-head">
                <h3 class="hostup-panel__heading" id=heading tabindex="-1">"Jobs"</h3>
                <Show when=any_finished>
                    <button type="button" class="hostup-panel__button hostup-panel__button--quiet" on:click=clear>
                        "Clear finished jobs"
                    </button>
                </Show>
            </div>
            <Show
                when=move || !entries().is_empty()
                fallback=|| view! { <p class="hostup-panel__muted">"No jobs yet. Jobs you start here are listed, with their outcome."</p> }
            >
                <ul class="hostup-panel__list" aria-label="Job history">
                    <For each=entries key=|e| (e.id.clone(), e.status.clone(), e.ended_ms) let:entry>
                        <JobRow shared=shared entry=entry on_dismiss=Callback::new(dismiss)/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn JobRow(shared: Shared, entry: JobEntry, on_dismiss: Callback<String>) -> impl IntoView {
    let title = entry.title();
    let status = entry.status_text();
    let started = entry.started_ms;
    let ended = entry.ended_ms;
    let elapsed = move || {
        let end = ended.unwrap_or_else(|| shared.now.get());
        let took = format_elapsed(end - started);
        if ended.is_some() {
            format!("took {took}")
        } else {
            format!("running for {took}")
        }
    };
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(started as f64))
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let dismiss_label = format!("Dismiss {title}, started {}", format_clock(started, crate::format::Zone::Utc));
    let id = entry.id.clone();
    let dismiss_id = shared.id(&format!("dismiss-{}", id_part(&id)));
    let running = entry.is_running();
    let progress_label = format!("{title} progress");
    view! {
        <li class="hostup-panel__item hostup-panel__job" data-status=entry.status.clone()>
            <div class="hostup-panel__item-main">
                <span class="hostup-panel__job-title hostup-panel__strong">{title.clone()}</span>
                " "
                <span class=format!("hostup-panel__badge hostup-panel__badge--{}", status.replace(' ', "-"))>{status.clone()}</span>
            </div>
            <div class="hostup-panel__item-meta">
                <span>"Started " <TimeView shared=shared rfc3339=iso/></span>
                " "
                <span>{elapsed}</span>
            </div>
            {running.then(|| view! { <progress class="hostup-panel__progress" aria-label=progress_label></progress> })}
            {entry
                .failure
                .clone()
                .map(|f| {
                    view! {
                        <p class="hostup-panel__error-text">
                            {f}
                            {entry
                                .request_id
                                .clone()
                                .map(|r| view! { <span class="hostup-panel__muted">" Request id: " <code>{r}</code></span> })}
                        </p>
                    }
                })}
            {(!running)
                .then(|| {
                    view! {
                        <div class="hostup-panel__row-actions">
                            <button
                                type="button"
                                id=dismiss_id
                                class="hostup-panel__button hostup-panel__button--quiet"
                                aria-label=dismiss_label
                                on:click=move |_| on_dismiss.run(id.clone())
                            >
                                "Dismiss"
                            </button>
                        </div>
                    }
                })}
        </li>
    }
}
