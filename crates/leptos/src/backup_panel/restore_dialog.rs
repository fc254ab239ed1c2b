//! The restore confirmation, for snapshots and backups alike: a modal dialog that says exactly what is replaced and
//! when the copy was taken (LESSONS.md: linode/manager #1875), enables "Restore" only when the snapshot's name or
//! the backup's id is typed, sends one request per confirmation, and is never retried. Escape cancels, Enter in the
//! field confirms; focus returns to the button that opened it, or to the job history once the restore is running.

use super::jobs;
use super::parts::{ErrorView, TimeView};
use super::shared::focus_first;
use super::vps::VpsCtx;
use crate::messages::Message;
use hostup_core::{Backup, JobKind, Snapshot};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), [href], summary, \
                         [tabindex]:not([tabindex='-1'])";

/// What a restore dialog restores.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RestoreTarget {
    Snapshot(Snapshot),
    Backup(Backup),
}

impl RestoreTarget {
    /// What the dialog asks to type: the snapshot's name, the backup's id (core checks it).
    fn confirmation(&self) -> &str {
        match self {
            Self::Snapshot(s) => &s.name,
            Self::Backup(b) => &b.id,
        }
    }

    fn created_at(&self) -> Option<String> {
        match self {
            Self::Snapshot(s) => s.created_at.clone(),
            Self::Backup(b) => b.created_at.clone(),
        }
    }

    /// The element id of the button that opens the dialog for this target.
    pub(crate) fn opener_id(&self, ctx: &VpsCtx) -> String {
        match self {
            Self::Snapshot(s) => ctx.row_id("restore-snapshot", &s.name),
            Self::Backup(b) => ctx.row_id("restore-backup", &b.id),
        }
    }
}

#[component]
pub(crate) fn RestoreDialog(ctx: VpsCtx, target: RestoreTarget) -> impl IntoView {
    let shared = ctx.shared;
    let title_id = shared.id("restore-title");
    let text_id = shared.id("restore-text");
    let input_id = shared.id("restore-confirm");
    let (labelled_by, described_by) = (title_id.clone(), text_id.clone());
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let input_ref = NodeRef::<html::Input>::new();
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Message>);
    let stored = StoredValue::new(target.clone());
    let opener = target.opener_id(&ctx);
    let section_heading = match &target {
        RestoreTarget::Snapshot(_) => shared.id("snapshots-title"),
        RestoreTarget::Backup(_) => shared.id("backups-title"),
    };

    // The dialog closes first (no longer modal), then focus moves, then the dialog leaves the DOM.
    let close = move |focus: Vec<String>| {
        if let Some(d) = dialog_ref.get_untracked() {
            d.close();
        }
        focus_first(&focus);
        ctx.restore_target.set(None);
    };
    let cancel = {
        let (opener, heading) = (opener.clone(), section_heading.clone());
        move || close(vec![opener.clone(), heading.clone()])
    };

    dialog_ref.on_load(move |dialog| {
        // A modal <dialog> makes the rest of the page inert; the keydown handler below keeps Tab inside it too.
        let _ = dialog.show_modal();
        if let Some(input) = input_ref.get_untracked() {
            let _ = input.focus();
        }
    });

    // The rule that the typed text must match lives in core: its restore endpoints cannot be built without it.
    let confirm_matches = move || {
        let vps_id = ctx.vps_id();
        typed.with(|t| {
            stored.with_value(|s| match s {
                RestoreTarget::Snapshot(snap) => hostup_core::RestoreSnapshot::new(&vps_id, &snap.name, t).is_ok(),
                RestoreTarget::Backup(b) => hostup_core::RestoreBackup::new(&vps_id, &b.id, t).is_ok(),
            })
        })
    };
    let confirm = move || {
        // Checked before anything else: a double click sends exactly one request.
        if busy.get_untracked() || !confirm_matches() {
            return;
        }
        busy.set(true);
        error.set(None);
        let vps = ctx.vps_id();
        let target = stored.get_value();
        let confirmation = typed.get_untracked();
        let (title, kind, subject) = match &target {
            RestoreTarget::Snapshot(s) => {
                (format!("Restore of snapshot {}", s.name), JobKind::SnapshotRestore, s.name.clone())
            }
            RestoreTarget::Backup(b) => {
                let when = b.created_at.as_deref().map(|t| crate::format::format_time(t, crate::format::Zone::Utc));
                (format!("Restore of backup {}", b.id), JobKind::BackupRestore, when.unwrap_or_else(|| b.id.clone()))
            }
        };
        let jobs_heading = shared.id("jobs-title");
        ctx.start(
            title,
            move |c| async move {
                // Restores are never retried (the client guarantees it): one click, one request.
                match &target {
                    RestoreTarget::Snapshot(s) => c.restore_snapshot(&vps, &s.name, &confirmation).await,
                    RestoreTarget::Backup(b) => c.restore_backup(&vps, &b.id, &confirmation).await,
                }
            },
            move |result| match result {
                Ok(op) => {
                    jobs::track(shared, &ctx.vps_id(), kind, &subject, op);
                    close(vec![jobs_heading.clone()]);
                }
                Err(e) => {
                    // No automatic retry; the user may confirm again deliberately.
                    let _ = error.try_set(Some(shared.report(e)));
                    let _ = busy.try_set(false);
                }
            },
        );
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let Some(dialog) = dialog_ref.get_untracked() else { return };
        let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else { return };
        let (Some(first), Some(last)) = (nodes.item(0), nodes.item(nodes.length().saturating_sub(1))) else {
            return;
        };
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let at = |n: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(n)));
        let wrap_to = if ev.shift_key() && at(&first) {
            Some(last)
        } else if !ev.shift_key() && at(&last) {
            Some(first)
        } else {
            None
        };
        if let Some(target) = wrap_to.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            ev.prevent_default();
            let _ = target.focus();
        }
    };

    let when = target.created_at();
    let (heading, noun, what, button) = match &target {
        RestoreTarget::Snapshot(s) => (
            format!("Restore snapshot {}?", s.name),
            "snapshot name",
            view! { "snapshot " <strong>{s.name.clone()}</strong> }.into_any(),
            "Restore snapshot",
        ),
        RestoreTarget::Backup(b) => (
            "Restore this backup?".to_owned(),
            "backup id",
            view! { "the backup " <code>{b.id.clone()}</code> }.into_any(),
            "Restore backup",
        ),
    };
    let expected = target.confirmation().to_owned();
    view! {
        <dialog
            class="hostup-panel__dialog"
            node_ref=dialog_ref
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:keydown=on_keydown
            on:cancel=move |ev: web_sys::Event| {
                // Escape: the browser would close the dialog by itself; close it our way so focus returns.
                ev.prevent_default();
                cancel();
            }
        >
            <h3 class="hostup-panel__heading" id=title_id>{heading}</h3>
            <p class="hostup-panel__warning" id=text_id>
                "Restoring replaces the current disk of " <strong>{ctx.vps_label()}</strong> " with " {what}
                ", taken "
                {match when {
                    Some(t) => view! { <TimeView shared=shared rfc3339=t/> }.into_any(),
                    None => view! { "at an unknown time" }.into_any(),
                }} ". Everything written to the disk since then is lost. This cannot be undone."
            </p>
            <form
                class="hostup-panel__dialog-form"
                novalidate=true
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    confirm();
                }
            >
                <div class="hostup-panel__field">
                    <label for=input_id.clone()>"Type the " {noun} " " <code>{expected}</code> " to confirm"</label>
                    <input
                        id=input_id
                        node_ref=input_ref
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </div>
                {move || error.get().map(|m| view! { <ErrorView message=m alert=true/> })}
                <div class="hostup-panel__actions hostup-panel__actions--end">
                    <button
                        type="button"
                        class="hostup-panel__button hostup-panel__button--quiet"
                        on:click={
                            let cancel = cancel.clone();
                            move |_| cancel()
                        }
                    >
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class="hostup-panel__button hostup-panel__button--danger"
                        disabled=move || busy.get() || !confirm_matches()
                        aria-busy=move || busy.get().then_some("true")
                    >
                        {button}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
