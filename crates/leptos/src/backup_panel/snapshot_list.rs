//! Snapshots: the list (newest first) with age and expiry, slot usage, "Create snapshot" with the name checked as
//! it is typed (core's rule, and against the names already listed), and per snapshot "Restore" (the typed
//! confirmation dialog) and "Delete" (a second, explicit click).

use super::controls::{DeleteButton, GatedButton, Reasons};
use super::jobs;
use super::parts::{ErrorView, Placeholder, TimeView, UsageMeter};
use super::restore_dialog::RestoreTarget;
use super::vps::VpsCtx;
use crate::format::{expiry_text, format_age, format_size_gb, parse_rfc3339_ms};
use crate::messages::{snapshot_name_sentence, Message};
use crate::vps_state::Action;
use hostup_core::{validate_snapshot_name, Description, JobKind, Snapshot, SNAPSHOT_NAME_MAX};
use leptos::prelude::*;

const ACTIONS: &[Action] = &[Action::CreateSnapshot, Action::RestoreSnapshot, Action::DeleteSnapshot];

fn newest_first(list: &[Snapshot]) -> Vec<Snapshot> {
    let mut v = list.to_vec();
    v.sort_by_key(|s| std::cmp::Reverse(s.created_at.as_deref().and_then(parse_rfc3339_ms).unwrap_or(i64::MIN)));
    v
}

#[component]
pub(crate) fn SnapshotList(ctx: VpsCtx) -> impl IntoView {
    let shared = ctx.shared;
    let heading = shared.id("snapshots-title");
    let labelled_by = heading.clone();
    let name_id = shared.id("snapshot-name");
    let name_error_id = shared.id("snapshot-name-error");
    let desc_id = shared.id("snapshot-description");
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let action_error = RwSignal::new(None::<Message>);
    let reasons = Reasons::new(ctx, "snapshots", ACTIONS);
    let data = ctx.snapshots.data;

    // Core's rule as the user types, then the names already taken (the server would refuse a duplicate).
    let name_error = move || {
        name.with(|n| {
            if let Some(e) = validate_snapshot_name(n).into_iter().next() {
                return Some(snapshot_name_sentence(n, &e));
            }
            let taken = data.with(|d| d.as_ref().is_some_and(|l| l.data.iter().any(|s| s.name == *n)));
            taken.then(|| format!("A snapshot named {n} already exists. Choose another name."))
        })
    };
    // An empty field shows no error (nothing typed yet) but cannot be sent.
    let show_name_error = move || name.with(|n| !n.is_empty()).then(name_error).flatten();

    let create = move || {
        if ctx.gate(Action::CreateSnapshot).is_err() {
            return;
        }
        if name_error().is_some() {
            // Enter on a bad name: the error is already shown next to the field; keep focus there.
            return;
        }
        action_error.set(None);
        let snapshot = name.get_untracked();
        let text = description.get_untracked().trim().to_owned();
        let desc = if text.is_empty() { Description::Omitted } else { Description::Text(text) };
        let vps = ctx.vps_id();
        let subject = snapshot.clone();
        ctx.start(
            format!("Snapshot {snapshot}"),
            move |c| async move { c.create_snapshot(&vps, &snapshot, desc).await },
            move |result| match result {
                Ok(op) => {
                    let _ = name.try_set(String::new());
                    let _ = description.try_set(String::new());
                    jobs::track(shared, &ctx.vps_id(), JobKind::Snapshot, &subject, op);
                }
                Err(e) => {
                    let _ = action_error.try_set(Some(shared.report(e)));
                }
            },
        );
    };

    let delete = move |snapshot: String| {
        action_error.set(None);
        let vps = ctx.vps_id();
        let subject = snapshot.clone();
        ctx.start(
            format!("Deleting snapshot {snapshot}"),
            move |c| async move { c.delete_snapshot(&vps, &snapshot).await },
            move |result| match result {
                Ok(Some(op)) => jobs::track(shared, &ctx.vps_id(), JobKind::SnapshotDelete, &subject, op),
                Ok(None) => ctx.refresh_all(),
                Err(e) => {
                    let _ = action_error.try_set(Some(shared.report(e)));
                }
            },
        );
        super::shared::focus_soon(vec![shared.id("snapshots-title")]);
    };

    let slots = move || {
        data.with(|d| {
            d.as_ref().map(|l| {
                let used = l.limits.used_snapshots.unwrap_or(l.data.len() as u64);
                match l.limits.total_snapshots {
                    Some(total) => view! {
                        <div class="hostup-panel__usage">
                            <UsageMeter used=used limit=total label="Snapshot slots used"/>
                            <span class="hostup-panel__muted">{format!("Slots: {used} of {total} used")}</span>
                        </div>
                    }
                    .into_any(),
                    None => view! { <p class="hostup-panel__muted">{format!("Slots: {used} used")}</p> }.into_any(),
                }
            })
        })
    };

    let rows = move || data.with(|d| d.as_ref().map(|l| newest_first(&l.data)));
    // Only a change between loading, empty and filled re-renders the list; rows are kept by key, so focus stays.
    let shape = Memo::new(move |_| rows().map(|r| r.is_empty()));
    let list = move || match shape.get() {
        None => view! { <Placeholder what="snapshots"/> }.into_any(),
        Some(true) => view! {
            <p class="hostup-panel__empty">"No snapshots. Take one before a risky change; it is kept about a day."</p>
        }
        .into_any(),
        Some(false) => view! {
            <ul class="hostup-panel__list hostup-panel__snapshots" aria-label="Snapshots, newest first">
                <For each=move || rows().unwrap_or_default() key=|s| (s.name.clone(), s.created_at.clone()) let:s>
                    <SnapshotRow ctx=ctx snapshot=s reasons=reasons on_delete=Callback::new(delete)/>
                </For>
            </ul>
        }
        .into_any(),
    };

    view! {
        <section class="hostup-panel__section" aria-labelledby=labelled_by>
            <h3 class="hostup-panel__heading" id=heading tabindex="-1">"Snapshots"</h3>
            <p class="hostup-panel__hint">"Quick local rollback points, kept about 24 hours."</p>
            {slots}
            {list}
            {move || ctx.snapshots.error.get().map(|m| view! { <ErrorView message=m/> })}
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
                    <label for=name_id.clone()>"Snapshot name"</label>
                    <input
                        id=name_id
                        type="text"
                        maxlength=SNAPSHOT_NAME_MAX.to_string()
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="before-upgrade"
                        aria-invalid=move || show_name_error().map(|_| "true")
                        aria-describedby=move || show_name_error().map(|_| name_error_id.clone())
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    // Not a live region: the message is read with the field (aria-describedby), not on every key.
                    {move || {
                        show_name_error()
                            .map(|e| view! { <p class="hostup-panel__field-error" id=shared.id("snapshot-name-error")>{e}</p> })
                    }}
                </div>
                <div class="hostup-panel__field">
                    <label for=desc_id.clone()>"Description"</label>
                    <input
                        id=desc_id
                        type="text"
                        placeholder="Before package upgrade"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </div>
                <div class="hostup-panel__actions">
                    <button
                        type="submit"
                        class="hostup-panel__button"
                        aria-disabled=move || {
                            (ctx.gate(Action::CreateSnapshot).is_err() || name.with(String::is_empty) || name_error().is_some())
                                .then_some("true")
                        }
                        aria-describedby=move || reasons.id_for(Action::CreateSnapshot)
                    >
                        "Create snapshot"
                    </button>
                </div>
                {move || action_error.get().map(|m| view! { <ErrorView message=m alert=true/> })}
            </form>
        </section>
    }
}

#[component]
fn SnapshotRow(ctx: VpsCtx, snapshot: Snapshot, reasons: Reasons, on_delete: Callback<String>) -> impl IntoView {
    let shared = ctx.shared;
    let s = snapshot.clone();
    let created = s.created_at.clone();
    let expires = s.expires_at.clone();
    let age = {
        let created = created.clone();
        move || created.as_deref().and_then(|t| format_age(shared.now.get(), t))
    };
    let expiry = {
        let created = created.clone();
        move || expiry_text(shared.now.get(), created.as_deref(), expires.as_deref())
    };
    let target = RestoreTarget::Snapshot(snapshot.clone());
    let restore_id = target.opener_id(&ctx);
    let delete_id = ctx.row_id("delete-snapshot", &s.name);
    let name = s.name.clone();
    view! {
        <li class="hostup-panel__item">
            <div class="hostup-panel__item-main">
                <span class="hostup-panel__strong hostup-panel__name">{s.name.clone()}</span>
                " "
                {created.map(|t| view! { <span class="hostup-panel__muted"><TimeView shared=shared rfc3339=t/></span> " " })}
                <span class="hostup-panel__muted">{age}</span>
                " "
                <span class="hostup-panel__tag">{expiry}</span>
            </div>
            <div class="hostup-panel__item-meta">" " {s.size_gb.map(|g| view! { <span>{format_size_gb(g)}</span> })}</div>
            {s.description.clone().map(|d| view! { <p class="hostup-panel__note">{d}</p> })}
            <div class="hostup-panel__row-actions">
                <GatedButton
                    ctx=ctx
                    action=Action::RestoreSnapshot
                    reasons=reasons
                    id=restore_id
                    name=format!("Restore snapshot {}", s.name)
                    text="Restore"
                    danger=true
                    on_click=Callback::new(move |()| ctx.restore_target.set(Some(target.clone())))
                />
                <DeleteButton
                    ctx=ctx
                    noun="snapshot"
                    label=s.name.clone()
                    button_id=delete_id
                    action=Action::DeleteSnapshot
                    reasons=reasons
                    on_confirm=Callback::new(move |()| on_delete.run(name.clone()))
                />
            </div>
        </li>
    }
}
