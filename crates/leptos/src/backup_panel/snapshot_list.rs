//! Snapshots: the list with age and expiry, slot usage, "Create snapshot" with the name checked as it is typed
//! (core's rule), and per snapshot "Restore" (opens the dialog) and "Delete".

use super::{gate_reason, jobs, now_ms, VpsCtx};
use crate::state::{expiry_text, format_age, format_size_gb, format_time};
use hostup_core::{validate_snapshot_name, Description, JobKind};
use leptos::prelude::*;

#[component]
pub(crate) fn SnapshotList(ctx: VpsCtx) -> impl IntoView {
    let heading = ctx.shared.id("snapshots-title");
    let labelled_by = heading.clone();
    let name_id = ctx.shared.id("snapshot-name");
    let name_error_id = ctx.shared.id("snapshot-name-error");
    let desc_id = ctx.shared.id("snapshot-description");
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let action_error = RwSignal::new(None::<String>);
    let data = ctx.snapshots.data;

    // Core's rule, as the user types; an empty field shows no error but cannot be sent.
    let name_error = move || name.with(|n| validate_snapshot_name(n).into_iter().next().map(|e| e.detail));
    let show_name_error = move || name.with(|n| !n.is_empty()).then(name_error).flatten();
    let create_gate = move || data.with(|d| d.as_ref().map(|l| l.actions.can_create.clone()));
    let restore_gate = move || data.with(|d| d.as_ref().map(|l| l.actions.can_restore.clone()));
    let unavailable = move || data.with(|d| d.as_ref().is_some_and(|l| !l.available));
    let create_reason = move || {
        if unavailable() {
            return Some("Snapshots are not available for this VPS.".to_owned());
        }
        gate_reason(create_gate())
    };
    let can_create =
        move || create_gate().is_some_and(|g| g.allowed) && !unavailable() && name_error().is_none() && !creating.get();

    let create = move |_| {
        if creating.get_untracked() || !can_create() {
            return;
        }
        creating.set(true);
        action_error.set(None);
        let snapshot = name.get_untracked();
        let text = description.get_untracked().trim().to_owned();
        let desc = if text.is_empty() { Description::Omitted } else { Description::Text(text) };
        let vps = ctx.vps_id();
        let subject = snapshot.clone();
        ctx.act(
            move |c| async move { c.create_snapshot(&vps, &snapshot, desc).await },
            move |result| {
                match result {
                    Ok(op) => {
                        let _ = name.try_set(String::new());
                        let _ = description.try_set(String::new());
                        jobs::track(ctx, JobKind::Snapshot, &subject, op);
                        ctx.refresh_snapshots();
                    }
                    Err(e) => {
                        let _ = action_error.try_set(Some(ctx.shared.report(e)));
                    }
                }
                let _ = creating.try_set(false);
            },
        );
    };

    // Deleting frees a slot but loses a rollback point: it takes a second, explicit click.
    let confirm_delete: RwSignal<Option<String>> = RwSignal::new(None);
    let delete = move |snapshot: String| {
        confirm_delete.set(None);
        action_error.set(None);
        let vps = ctx.vps_id();
        let subject = snapshot.clone();
        ctx.act(
            move |c| async move { c.delete_snapshot(&vps, &snapshot).await },
            move |result| match result {
                Ok(Some(op)) => {
                    jobs::track(ctx, JobKind::SnapshotDelete, &subject, op);
                    ctx.refresh_snapshots();
                }
                Ok(None) => ctx.refresh_snapshots(),
                Err(e) => {
                    let _ = action_error.try_set(Some(ctx.shared.report(e)));
                }
            },
        );
    };

    let slots = move || {
        data.with(|d| {
            d.as_ref().map(|l| {
                let used = l.limits.used_snapshots.unwrap_or(l.data.len() as u64);
                match l.limits.total_snapshots {
                    Some(total) => view! {
                        <div class="hostup-panel__usage">
                            <meter
                                class="hostup-panel__meter"
                                min="0"
                                max=total.to_string()
                                value=used.to_string()
                                aria-label="Snapshot slots used"
                            ></meter>
                            <span class="hostup-panel__muted">
                                {format!("Slots: {used} of {total} used")}
                            </span>
                        </div>
                    }
                    .into_any(),
                    None => view! { <p class="hostup-panel__muted">{format!("Slots: {used} used")}</p> }.into_any(),
                }
            })
        })
    };

    let rows = move || {
        let now = now_ms(&ctx);
        let restore_allowed = restore_gate().is_some_and(|g| g.allowed);
        data.with(|d| {
            let Some(list) = d else {
                return view! { <p class="hostup-panel__muted">"Loading snapshots…"</p> }.into_any();
            };
            if list.data.is_empty() {
                return view! { <p class="hostup-panel__muted">"No snapshots."</p> }.into_any();
            }
            let items = list
                .data
                .iter()
                .map(|s| {
                    let when = s.created_at.as_deref().map(format_time);
                    let age = s.created_at.as_deref().and_then(|t| format_age(now, t));
                    let expiry = expiry_text(now, s.created_at.as_deref(), s.expires_at.as_deref());
                    let snapshot = s.clone();
                    let to_delete = s.name.clone();
                    view! {
                        <li class="hostup-panel__item">
                            <div class="hostup-panel__item-main">
                                <span class="hostup-panel__strong hostup-panel__name">{s.name.clone()}</span>
                                {age.map(|a| view! { <span class="hostup-panel__muted" title=when>{a}</span> })}
                                {expiry.map(|e| view! { <span class="hostup-panel__tag">{e}</span> })}
                            </div>
                            <div class="hostup-panel__item-meta">
                                {s.size_gb.map(|g| view! { <span>{format_size_gb(g)}</span> })}
                            </div>
                            {s.description.clone().map(|d| view! { <p class="hostup-panel__note">{d}</p> })}
                            <div class="hostup-panel__row-actions">
                                <button
                                    type="button"
                                    class="hostup-panel__button hostup-panel__button--danger"
                                    disabled=!restore_allowed
                                    on:click=move |_| ctx.restore_target.set(Some(snapshot.clone()))
                                >
                                    "Restore"
                                </button>
                                {
                                    let name = s.name.clone();
                                    move || {
                                        let (name, to_delete) = (name.clone(), to_delete.clone());
                                        if confirm_delete.get().as_deref() == Some(name.as_str()) {
                                            view! {
                                                <span class="hostup-panel__confirm" role="group" aria-label=format!("Delete snapshot {name}?")>
                                                    <span>{format!("Delete {name}?")}</span>
                                                    <button
                                                        type="button"
                                                        class="hostup-panel__button hostup-panel__button--danger"
                                                        aria-label=format!("Confirm delete snapshot {name}")
                                                        on:click=move |_| delete(to_delete.clone())
                                                    >
                                                        "Yes, delete"
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="hostup-panel__button hostup-panel__button--quiet"
                                                        on:click=move |_| confirm_delete.set(None)
                                                    >
                                                        "Cancel"
                                                    </button>
                                                </span>
                                            }
                                            .into_any()
                                        } else {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="hostup-panel__button hostup-panel__button--quiet"
                                                    aria-label=format!("Delete snapshot {name}")
                                                    on:click=move |_| confirm_delete.set(Some(name.clone()))
                                                >
                                                    "Delete"
                                                </button>
                                            }
                                            .into_any()
                                        }
                                    }
                                }
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="hostup-panel__list hostup-panel__snapshots">{items}</ul> }.into_any()
        })
    };

    view! {
        <section class="hostup-panel__section" aria-labelledby=labelled_by>
            <h3 class="hostup-panel__heading" id=heading>"Snapshots"</h3>
            <p class="hostup-panel__hint">"Quick local rollback points, kept about 24 hours."</p>
            {slots}
            {rows}
            {move || {
                gate_reason(restore_gate())
                    .map(|r| view! { <p class="hostup-panel__reason">"Restore: " {r}</p> })
            }}
            {move || ctx.snapshots.error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
            <div class="hostup-panel__form">
                <div class="hostup-panel__field">
                    <label for=name_id.clone()>"Snapshot name"</label>
                    <input
                        id=name_id
                        type="text"
                        maxlength="80"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="before-upgrade"
                        aria-invalid=move || show_name_error().map(|_| "true")
                        aria-describedby=move || show_name_error().map(|_| name_error_id.clone())
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    {move || {
                        show_name_error()
                            .map(|e| {
                                view! {
                                    <p class="hostup-panel__field-error" id=ctx.shared.id("snapshot-name-error")>
                                        {e}
                                    </p>
                                }
                            })
                    }}
                </div>
                <div class="hostup-panel__field">
                    <label for=desc_id.clone()>"Description"</label>
                    <input
                        id=desc_id
                        type="text"
                        maxlength="200"
                        placeholder="Before package upgrade"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </div>
                <div class="hostup-panel__actions">
                    <button type="button" class="hostup-panel__button" disabled=move || !can_create() on:click=create>
                        "Create snapshot"
                    </button>
                    {move || create_reason().map(|r| view! { <span class="hostup-panel__reason">{r}</span> })}
                </div>
                {move || action_error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
            </div>
        </section>
    }
}
