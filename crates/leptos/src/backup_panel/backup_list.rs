//! Backups: the list (newest first), the quota meter, "Create backup", and per backup "Restore" (the typed
//! confirmation dialog) and "Delete" (a second, explicit click). Every control takes its gate from the VPS model.

use super::controls::{Reasons, RestoreAndDelete, SubmitRow};
use super::parts::{on_submit, ListText, RowList, Section, TimeView, UsageMeter};
use super::restore_dialog::RestoreTarget;
use super::shared::focus_soon;
use super::vps::VpsCtx;
use crate::format::{format_age, format_size_gb, format_utc, newest_first, parse_rfc3339_ms, usage_text};
use crate::messages::Message;
use crate::vps_state::Action;
use hostup_core::{Backup, JobKind};
use leptos::prelude::*;

const ACTIONS: &[Action] = &[Action::CreateBackup, Action::RestoreBackup, Action::DeleteBackup];

/// A backup for people and for accessible names: its time in UTC to the second (unique enough, stable).
fn backup_label(b: &Backup) -> String {
    b.created_at.as_deref().and_then(parse_rfc3339_ms).map(format_utc).unwrap_or_else(|| b.id.clone())
}

#[component]
pub(crate) fn BackupList(ctx: VpsCtx) -> impl IntoView {
    let shared = ctx.shared;
    let note_id = shared.id("note");
    let note = RwSignal::new(String::new());
    let action_error = RwSignal::new(None::<Message>);
    let reasons = Reasons::new(ctx, "backups", ACTIONS);
    let data = ctx.backups.data;

    let create = move || {
        if ctx.gate(Action::CreateBackup).is_err() {
            return;
        }
        let text = note.get_untracked().trim().to_owned();
        let vps = ctx.vps_id();
        let sent = text.clone();
        ctx.start_job(
            JobKind::Backup,
            text,
            action_error,
            move |c| async move { c.create_backup(&vps, (!sent.is_empty()).then_some(sent)).await.map(Some) },
            move || drop(note.try_set(String::new())),
        );
    };

    let delete = move |b: Backup| {
        let vps = ctx.vps_id();
        ctx.start_job(
            JobKind::BackupDelete,
            backup_label(&b),
            action_error,
            move |c| async move { c.delete_backup(&vps, &b.id).await },
            || (),
        );
        // The row stays until the job ends; focus moves to the heading, a neighbour that stays.
        focus_soon(vec![shared.id("backups-title")]);
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

    let rows = Signal::derive(move || {
        data.with(|d| d.as_ref().map(|l| newest_first(&l.backups, |b| b.created_at.as_deref())))
    });
    view! {
        <Section shared=shared name="backups" title="Backups" hint="Offsite, durable copies for longer-term recovery.">
            {quota}
            <RowList rows=rows text=ListText::new("backups", "No backups yet. Create one below, or add a schedule to have them made for you.", "Backups, newest first") error=ctx.backups.error reasons=reasons
                key=|b: &Backup| (b.id.clone(), b.note.clone())
                row=move |b| view! { <BackupRow ctx=ctx backup=b reasons=reasons on_delete=Callback::new(delete)/> }/>
            <form class="hostup-panel__form" novalidate=true on:submit=on_submit(create)>
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
                <SubmitRow ctx=ctx action=Action::CreateBackup reasons=reasons text="Create backup" error=action_error/>
            </form>
        </Section>
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
            <RestoreAndDelete
                ctx=ctx
                reasons=reasons
                target=RestoreTarget::Backup(backup.clone())
                label=label
                on_delete=Callback::new(move |()| on_delete.run(for_delete.clone()))
            />
        </li>
    }
}
