//! Backups: the list, the quota bar, and "Create backup" behind the server's `actions.canCreateBackup` gate.

use super::{gate_reason, jobs, now_ms, VpsCtx};
use crate::state::{format_age, format_size_gb, format_time, usage_text};
use hostup_core::JobKind;
use leptos::prelude::*;

#[component]
pub(crate) fn BackupList(ctx: VpsCtx) -> impl IntoView {
    let heading = ctx.shared.id("backups-title");
    let labelled_by = heading.clone();
    let note_id = ctx.shared.id("note");
    let reason_id = ctx.shared.id("backup-reason");
    let note = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let action_error = RwSignal::new(None::<String>);
    let data = ctx.backups.data;
    let gate = move || data.with(|d| d.as_ref().map(|l| l.actions.can_create_backup.clone()));
    let reason = move || gate_reason(gate());
    let can_create = move || gate().is_some_and(|g| g.allowed) && !creating.get();

    let create = move |_| {
        // The flag is checked before anything else, so a double click sends one request.
        if creating.get_untracked() || !gate().is_some_and(|g| g.allowed) {
            return;
        }
        creating.set(true);
        action_error.set(None);
        let text = note.get_untracked().trim().to_owned();
        let subject = text.clone();
        let vps = ctx.vps_id();
        ctx.act(
            move |c| async move { c.create_backup(&vps, (!text.is_empty()).then_some(text)).await },
            move |result| {
                match result {
                    Ok(op) => {
                        let _ = note.try_set(String::new());
                        jobs::track(ctx, JobKind::Backup, &subject, op);
                        ctx.refresh_backups();
                    }
                    Err(e) => {
                        let _ = action_error.try_set(Some(ctx.shared.report(e)));
                    }
                }
                let _ = creating.try_set(false);
            },
        );
    };

    let quota = move || {
        data.with(|d| {
            d.as_ref().map(|l| {
                let q = &l.quota_info;
                let text = usage_text(q.used, q.limit, q.remaining);
                let meter = q.limit.map(|limit| {
                    view! {
                        <meter
                            class="hostup-panel__meter"
                            min="0"
                            max=limit.to_string()
                            value=q.used.to_string()
                            high=(limit.saturating_sub(1)).to_string()
                            aria-label="Backup quota used"
                        ></meter>
                    }
                });
                view! {
                    <div class="hostup-panel__usage">
                        {meter} <span class="hostup-panel__muted">"Quota: " {text}</span>
                    </div>
                }
            })
        })
    };

    let rows = move || {
        let now = now_ms(&ctx);
        data.with(|d| {
            let Some(list) = d else {
                return view! { <p class="hostup-panel__muted">"Loading backups…"</p> }.into_any();
            };
            if list.backups.is_empty() {
                return view! { <p class="hostup-panel__muted">"No backups yet."</p> }.into_any();
            }
            let items = list
                .backups
                .iter()
                .map(|b| {
                    let when = b.created_at.as_deref().map(format_time).unwrap_or_else(|| "date unknown".into());
                    let age = b.created_at.as_deref().and_then(|t| format_age(now, t));
                    view! {
                        <li class="hostup-panel__item">
                            <div class="hostup-panel__item-main">
                                <span class="hostup-panel__strong">{when}</span>
                                {age.map(|a| view! { <span class="hostup-panel__muted">{a}</span> })}
                            </div>
                            <div class="hostup-panel__item-meta">
                                <span>{format_size_gb(b.size_gb)}</span>
                                <span class="hostup-panel__tag">{b.backup_type.clone()}</span>
                            </div>
                            {b.note.clone().map(|n| view! { <p class="hostup-panel__note">{n}</p> })}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="hostup-panel__list hostup-panel__backups">{items}</ul> }.into_any()
        })
    };

    view! {
        <section class="hostup-panel__section" aria-labelledby=labelled_by>
            <h3 class="hostup-panel__heading" id=heading>"Backups"</h3>
            <p class="hostup-panel__hint">"Offsite, durable copies for longer-term recovery."</p>
            {quota}
            {rows}
            {move || ctx.backups.error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
            <div class="hostup-panel__form">
                <div class="hostup-panel__field">
                    <label for=note_id.clone()>"Note"</label>
                    <input
                        id=note_id
                        type="text"
                        maxlength="200"
                        placeholder="Before upgrade"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                </div>
                <div class="hostup-panel__actions">
                    <button
                        type="button"
                        class="hostup-panel__button"
                        disabled=move || !can_create()
                        aria-describedby=move || reason().map(|_| reason_id.clone())
                        on:click=create
                    >
                        "Create backup"
                    </button>
                    {move || {
                        reason()
                            .map(|r| {
                                view! {
                                    <span class="hostup-panel__reason" id=ctx.shared.id("backup-reason")>
                                        {r}
                                    </span>
                                }
                            })
                    }}
                </div>
                {move || action_error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
            </div>
        </section>
    }
}
