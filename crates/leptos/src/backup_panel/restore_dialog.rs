//! The restore confirmation: a modal dialog that says exactly what is replaced (LESSONS.md: linode/manager #1875),
//! enables "Restore snapshot" only when the snapshot's name is typed, and sends one request per confirmation.
//! Restores are never retried automatically (the client guarantees it).

use super::{jobs, VpsCtx};
use crate::state::format_time;
use hostup_core::{JobKind, Snapshot};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), [href], \
                         [tabindex]:not([tabindex='-1'])";

#[component]
pub(crate) fn RestoreDialog(ctx: VpsCtx, snapshot: Snapshot) -> impl IntoView {
    let title_id = ctx.shared.id("restore-title");
    let text_id = ctx.shared.id("restore-text");
    let input_id = ctx.shared.id("restore-confirm");
    let (labelled_by, described_by) = (title_id.clone(), text_id.clone());
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let input_ref = NodeRef::<html::Input>::new();
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let name = StoredValue::new(snapshot.name.clone());
    // Focus goes back where it was when the dialog closes.
    let opener = StoredValue::new_local(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );

    let close = move || {
        if let Some(el) = opener.try_get_value().flatten() {
            let _ = el.focus();
        }
        ctx.restore_target.set(None);
    };

    dialog_ref.on_load(move |dialog| {
        // A modal <dialog> makes the rest of the page inert; the keydown handler below keeps Tab inside it too.
        let _ = dialog.show_modal();
        if let Some(input) = input_ref.get_untracked() {
            let _ = input.focus();
        }
    });

    let confirm_matches = move || typed.with(|t| *t == name.get_value());
    let confirm = move |_| {
        // Checked before anything else: a double click sends exactly one request.
        if busy.get_untracked() || !confirm_matches() {
            return;
        }
        busy.set(true);
        error.set(None);
        let vps = ctx.vps_id();
        let snapshot = name.get_value();
        let subject = snapshot.clone();
        // Core checks the typed confirmation again: the request cannot be built without it.
        let confirmation = typed.get_untracked();
        ctx.act(
            move |c| async move { c.restore_snapshot(&vps, &snapshot, &confirmation).await },
            move |result| match result {
                Ok(op) => {
                    jobs::track(ctx, JobKind::SnapshotRestore, &subject, op);
                    ctx.refresh_snapshots();
                    close();
                }
                Err(e) => {
                    // No automatic retry; the user may confirm again deliberately.
                    let _ = error.try_set(Some(ctx.shared.report(e)));
                    let _ = busy.try_set(false);
                }
            },
        );
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
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
        }
        _ => {}
    };

    let when = snapshot.created_at.as_deref().map(format_time).unwrap_or_else(|| "an unknown time".to_owned());
    let warning = format!(
        "Restoring replaces the current disk state of {} with snapshot {}, taken at {}. \
         Changes made since then will be lost.",
        ctx.vps_label(),
        snapshot.name,
        when
    );
    view! {
        <dialog
            class="hostup-panel__dialog"
            node_ref=dialog_ref
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:keydown=on_keydown
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                close();
            }
        >
            <h3 class="hostup-panel__heading" id=title_id>
                "Restore snapshot " {snapshot.name.clone()} "?"
            </h3>
            <p class="hostup-panel__warning" id=text_id>{warning}</p>
            <div class="hostup-panel__field">
                <label for=input_id.clone()>"Type the snapshot name to confirm"</label>
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
            {move || error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
            <div class="hostup-panel__actions hostup-panel__actions--end">
                <button type="button" class="hostup-panel__button hostup-panel__button--quiet" on:click=move |_| close()>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="hostup-panel__button hostup-panel__button--danger"
                    disabled=move || busy.get() || !confirm_matches()
                    aria-busy=move || busy.get().then_some("true")
                    on:click=confirm
                >
                    "Restore snapshot"
                </button>
            </div>
        </dialog>
    }
}
