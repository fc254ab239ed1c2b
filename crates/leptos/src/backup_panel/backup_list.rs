//! Backups: the list (newest first), the quota meter, "Create backup", and per backup "Restore" (the typed
//! confirmation dialog) and "Delete" (a second, explicit click). Every control takes its gate from the VPS model.

use super::controls::{DeleteButton, GatedButton, Reasons};
use super::jobs;
use super::parts::{ErrorView, Placeholder, TimeView, UsageMeter};
use super::restore_dialog::RestoreTarget;
use super::vps::VpsCtx;
use crate::format::{format_age, format_size_gb, format_utc, parse_rfc3339_ms, usage_text};
use crate::messages::Message;
use crate::vps_state::Action;
use hostup_core::{Backup, JobKind};
use leptos::prelude::*;

const ACTIONS: &[Action] = &[Action::CreateBackup, Action::RestoreBackup, Action::DeleteBackup];

/// A backup for people and for accessible names: its time in UTC to the second (unique enough, stable).
fn backup_label(b: &Backup) -> String {
    b.created_at.as_deref().and_then(parse_rfc3339_ms).map(format_utc).unwrap_or_else(|| b.id.clone())
}

/// Newest first; backups with no readable time last.
fn newest_first(list: &[Backup]) -> Vec<Backup> {
    let mut v = list.to_vec();
    v.sort_by_key(|b| std::cmp::Reverse(b.created_at.as_deref().and_then(parse_rfc3339_ms).unwrap_or(i64::MIN)));
    v
}

#[component]
pub(crate) fn BackupList(ctx: VpsCtx) -> impl IntoView {
    let shared = ctx.shared;
    let heading = shared.id("backups-title");
    let labelled_by = heading.clone();
    let note_id = shared.id("note");
    let create_id = shared.id("create-backup");
    let note = RwSignal::new(String::new());
    let action_error = RwSignal::new(None::<Message>);
    let reasons = Reasons::new(ctx, "backups", ACTIONS);
    let data = ctx.backups.data;

    let create = move || {
        if ctx.gate(Action::CreateBackup).is_err() {
            return;
        }
        action_error.set(None);
        let text = note.get_untracked().trim().to_owned();
        let subject = text.clone();
        let vps = ctx.vps_id();
        ctx.start(
            if text.is_empty() { "Backup".to_owned() } else { format!("Backup {text}") },
            move |c| async move { c.create_backup(&vps, (!text.is_empty()).then_some(text)).await },
            move |result| match result {
                Ok(op) => {
                    let _ = note.try_set(String::new());
                    jobs::track(shared, &ctx.vps_id(), JobKind::Backup, &subject, op);
                }
                Err(e) => {
                    let _ = action_error.try_set(Some(shared.report(e)));
                }
            },
        );
    };

    let delete = move |b: Backup| {
        action_error.set(None);
        let vps = ctx.vps_id();
        let subject = backup_label(&b);
        let title = format!("Deleting backup {subject}");
        ctx.start(
            title,
            move |c| async move { c.delete_backup(&vps, &b.id).await },
            move |result| match result {
                Ok(Some(op)) => jobs::track(shared, &ctx.vps_id(), JobKind::BackupDelete, &subject, op),
                Ok(None) => ctx.refresh_all(),
                Err(e) => {
                    let _ = action_error.try_set(Some(shared.report(e)));
                }
            },
        );
        // The row stays until the job ends; focus moves to the heading, a neighbour that stays.
        super::shared::focus_soon(vec![shared.id("backups-title")]);
    };

    let quota = move || {
        data.with(|d| {
            d.as_ref().map(|l| {
                let q = &l.quota_info;
                let text = usage_text(q.used, q.limit, q.remaining);
                view! {
                    <div class="hostup-panel__usage">
                        {q.limit.map(|limit| view! { <UsageMeter used=q.used limit=limit label="Backup quota used"/> })}
                        <span class="hostup-panel__muted">"Quota: " {text}</span>
                    </div>
                }
            })
        })
    };

    let rows = move || data.with(|d| d.as_ref().map(|l| newest_first(&l.backups)));
    // Only a change between loading, empty and filled re-renders the list; rows are kept by key, so focus stays.
    let shape = Memo::new(move |_| rows().map(|r| r.is_empty()));
    let list = move || {
        match shape.get() {
        None => view! { <Placeholder what="backups"/> }.into_any(),
        Some(true) => view! {
            <p class="hostup-panel__empty">"No backups yet. Create one below, or add a schedule to have them made for you."</p>
        }
        .into_any(),
        Some(false) => view! {
            <ul class="hostup-panel__list hostup-panel__backups" aria-label="Backups, newest first">
                <For each=move || rows().unwrap_or_default() key=|b| (b.id.clone(), b.note.clone()) let:b>
                    <BackupRow ctx=ctx backup=b reasons=reasons on_delete=Callback::new(delete)/>
                </For>
            </ul>
        }
        .into_any(),
    }
    };

    view! {
        <section class="hostup-panel__section" aria-labelledby=labelled_by>
            <h3 class="hostup-panel__heading" id=heading tabindex="-1">"Backups"</h3>
            <p class="hostup-panel__hint">"Offsite, durable copies for longer-term recovery."</p>
            {quota}
            {list}
            {move || ctx.backups.error.get().map(|m| view! { <ErrorView message=m/> })}
            {reasons.view()}
            <form
                class="hostup-panel__form"
                novalidate=true
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    create();
                }
            >
                <div class="hostup-panel__field">
                    <label for=note_id.clone()>"Note"</label>
                    <input
                        id=note_id
                        type="text"
                        placeholder="Before upgrade"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                </div>
                <div class="hostup-panel__actions">
                    <button
                        type="submit"
                        id=create_id
                        class="hostup-panel__button"
                        aria-disabled=move || ctx.gate(Action::CreateBackup).is_err().then_some("true")
                        aria-describedby=move || reasons.id_for(Action::CreateBackup)
                    >
                        "Create backup"
                    </button>
                </div>
                {move || action_error.get().map(|m| view! { <ErrorView message=m alert=true/> })}
            </form>
        </section>
    }
}

#[component]
fn BackupRow(ctx: VpsCtx, backup: Backup, reasons: Reasons, on_delete: Callback<Backup>) -> impl IntoView {
    let shared = ctx.shared;
    let label = backup_label(&backup);
    let created = backup.created_at.clone();
    let age = {
        let created = created.clone();
        move || created.as_deref().and_then(|t| format_age(shared.now.get(), t))
    };
    let target = RestoreTarget::Backup(backup.clone());
    let restore_id = target.opener_id(&ctx);
    let delete_id = ctx.row_id("delete-backup", &backup.id);
    let for_delete = backup.clone();
    view! {
        <li class="hostup-panel__item">
            <div class="hostup-panel__item-main">
                <span class="hostup-panel__strong">
                    {match created {
                        Some(t) => view! { <TimeView shared=shared rfc3339=t/> }.into_any(),
                        None => view! { "Date unknown" }.into_any(),
                    }}
                </span>
                " "
                <span class="hostup-panel__muted">{age}</span>
            </div>
            <div class="hostup-panel__item-meta">
                " "
                <span>{format_size_gb(backup.size_gb)}</span>
                " "
                <span class="hostup-panel__tag">{backup.backup_type.clone()}</span>
            </div>
            {backup.note.clone().map(|n| view! { <p class="hostup-panel__note">{n}</p> })}
            <div class="hostup-panel__row-actions">
                <GatedButton
                    ctx=ctx
                    action=Action::RestoreBackup
                    reasons=reasons
                    id=restore_id
                    name=format!("Restore backup {label}")
                    text="Restore"
                    danger=true
                    on_click=Callback::new(move |()| ctx.restore_target.set(Some(target.clone())))
                />
                <DeleteButton
                    ctx=ctx
                    noun="backup"
                    label=label.clone()
                    button_id=delete_id
                    action=Action::DeleteBackup
                    reasons=reasons
                    on_confirm=Callback::new(move |()| on_delete.run(for_delete.clone()))
                />
            </div>
        </li>
    }
}
