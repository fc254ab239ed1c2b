//! Backup schedules: every schedule with its cadence, retention, state, last run (with its result) and next run;
//! "Add schedule", and per schedule "Edit", "Enable"/"Disable" and "Delete". The form opens only once the real
//! schedules have loaded, so nothing typed can overwrite a schedule the panel has not seen.

use super::controls::{DeleteButton, GatedButton, Reasons};
use super::parts::{ErrorView, Placeholder, TimeView};
use super::schedule_form::ScheduleEditor;
use super::shared::focus_soon;
use super::vps::VpsCtx;
use crate::format::format_until;
use crate::messages::Message;
use crate::schedule_model::schedule_summary;
use crate::vps_state::Action;
use hostup_core::Schedule;
use leptos::prelude::*;

const ACTIONS: &[Action] = &[Action::CreateSchedule, Action::ChangeSchedule];

/// What the editor edits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Editing {
    New,
    Existing(Schedule),
}

#[component]
pub(crate) fn Schedules(ctx: VpsCtx) -> impl IntoView {
    let shared = ctx.shared;
    let heading = shared.id("schedules-title");
    let labelled_by = heading.clone();
    let add_id = shared.id("add-schedule");
    let editing = RwSignal::new(None::<Editing>);
    let action_error = RwSignal::new(None::<Message>);
    let saved_note = RwSignal::new(None::<String>);
    let reasons = Reasons::new(ctx, "schedules", ACTIONS);
    let data = ctx.schedules.data;

    let toggle = move |s: Schedule| {
        action_error.set(None);
        let vps = ctx.vps_id();
        let patch = serde_json::json!({ "id": s.id, "enabled": !s.enabled });
        ctx.act(
            move |c| async move { c.update_backup_schedules(&vps, &patch).await },
            move |result| match result {
                Ok(updated) => {
                    let state = if updated.enabled { "enabled" } else { "disabled" };
                    shared.announce(format!("Schedule {} {state}.", updated.name));
                    ctx.refresh_schedules();
                }
                Err(e) => {
                    let _ = action_error.try_set(Some(shared.report(e)));
                }
            },
        );
    };
    let delete = move |s: Schedule| {
        action_error.set(None);
        let vps = ctx.vps_id();
        let add_id = shared.id("add-schedule");
        let heading = shared.id("schedules-title");
        ctx.act(
            move |c| async move { c.delete_backup_schedule(&vps, &s.id).await.map(|()| s.name) },
            move |result| match result {
                Ok(name) => {
                    shared.announce(format!("Schedule {name} deleted."));
                    ctx.refresh_schedules();
                }
                Err(e) => {
                    let _ = action_error.try_set(Some(shared.report(e)));
                }
            },
        );
        focus_soon(vec![add_id, heading]);
    };

    let rows = move || {
        data.with(|d| {
            d.as_ref().map(|l| {
                let mut v = l.data.clone();
                // Newest first, as the other lists: the latest next run is the least settled; keep the server's order
                // otherwise (schedules carry no creation time).
                v.reverse();
                v
            })
        })
    };
    // Only a change between loading, empty and filled re-renders the list; rows are kept by id, so focus stays.
    let shape = Memo::new(move |_| rows().map(|r| r.is_empty()));
    let list = move || match shape.get() {
        None => view! { <Placeholder what="backup schedules"/> }.into_any(),
        Some(true) => view! {
            <p class="hostup-panel__empty">"No backup schedule. Add one to have backups made automatically."</p>
        }
        .into_any(),
        Some(false) => view! {
            <ul class="hostup-panel__list hostup-panel__schedules" aria-label="Backup schedules">
                <For each=move || rows().unwrap_or_default() key=|s| s.id.clone() let:s>
                    <ScheduleRow
                        ctx=ctx
                        id=s.id
                        reasons=reasons
                        on_edit=Callback::new(move |s| editing.set(Some(Editing::Existing(s))))
                        on_toggle=Callback::new(toggle)
                        on_delete=Callback::new(delete)
                    />
                </For>
            </ul>
        }
        .into_any(),
    };

    let on_close = Callback::new(move |outcome: Option<(String, String)>| {
        // Focus goes back to what opened the editor: the schedule's "Edit", or "Add schedule".
        let opener = match editing.get_untracked() {
            Some(Editing::Existing(s)) => ctx.row_id("edit-schedule", &s.id),
            _ => shared.id("add-schedule"),
        };
        editing.set(None);
        if let Some((id, text)) = outcome {
            saved_note.set(Some(text.clone()));
            shared.announce(text);
            ctx.refresh_schedules();
            focus_soon(vec![ctx.row_id("edit-schedule", &id), opener, shared.id("schedules-title")]);
        } else {
            focus_soon(vec![opener, shared.id("schedules-title")]);
        }
    });

    view! {
        <section class="hostup-panel__section" aria-labelledby=labelled_by>
            <div class="hostup-panel__section-head">
                <h3 class="hostup-panel__heading" id=heading tabindex="-1">"Backup schedules"</h3>
                <GatedButton
                    ctx=ctx
                    action=Action::CreateSchedule
                    reasons=reasons
                    id=add_id
                    name="Add schedule".to_owned()
                    text="Add schedule"
                    on_click=Callback::new(move |()| {
                        saved_note.set(None);
                        editing.set(Some(Editing::New));
                    })
                />
            </div>
            <p class="hostup-panel__hint">"Times are in UTC."</p>
            {list}
            {move || ctx.schedules.error.get().map(|m| view! { <ErrorView message=m/> })}
            {reasons.view()}
            {move || action_error.get().map(|m| view! { <ErrorView message=m alert=true/> })}
            {move || saved_note.get().map(|t| view! { <p class="hostup-panel__saved">{t}</p> })}
            {move || editing.get().map(|e| view! { <ScheduleEditor ctx=ctx editing=e on_close=on_close/> })}
        </section>
    }
}

#[component]
fn ScheduleRow(
    ctx: VpsCtx,
    /// The schedule's id: the row stays (and keeps focus) while its content follows the list.
    id: String,
    reasons: Reasons,
    on_edit: Callback<Schedule>,
    on_toggle: Callback<Schedule>,
    on_delete: Callback<Schedule>,
) -> impl IntoView {
    let shared = ctx.shared;
    let key = id.clone();
    let schedule = Memo::new(move |_| {
        ctx.schedules.data.with(|d| d.as_ref().and_then(|l| l.data.iter().find(|s| s.id == key).cloned()))
    });
    let name = Signal::derive(move || schedule.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default()));
    let enabled = move || schedule.with(|s| s.as_ref().is_some_and(|s| s.enabled));
    let info = move || {
        schedule.get().map(|s| {
            let state = if s.enabled { "enabled" } else { "disabled" };
            let last_status = s.status.as_ref().map(|st| st.as_str().to_owned()).filter(|t| !t.is_empty());
            let next = s.next_run.clone().filter(|_| s.enabled);
            let until = {
                let next = next.clone();
                move || next.as_deref().and_then(|t| format_until(shared.now.get(), t))
            };
            view! {
                <div class="hostup-panel__item-main">
                    <span class="hostup-panel__strong">{s.name.clone()}</span>
                    " "
                    <span class=format!("hostup-panel__badge hostup-panel__badge--{state}")>{state}</span>
                </div>
                <p class="hostup-panel__item-meta">
                    <span>{schedule_summary(&s)}</span>
                    " "
                    <span>{format!("keeps {} backup{}", s.retention_count, if s.retention_count == 1 { "" } else { "s" })}</span>
                </p>
                <dl class="hostup-panel__facts">
                    <dt>"Last run"</dt>
                    <dd>
                        {match s.last_run.clone() {
                            Some(t) => view! { <TimeView shared=shared rfc3339=t/> }.into_any(),
                            None => view! { "not run yet" }.into_any(),
                        }}
                        {last_status.map(|st| view! { " " <span class=format!("hostup-panel__badge hostup-panel__badge--{st}")>{st.clone()}</span> })}
                    </dd>
                    <dt>"Next run"</dt>
                    <dd>
                        {match next {
                            Some(t) => view! { <TimeView shared=shared rfc3339=t/> " " <span class="hostup-panel__muted">{until}</span> }.into_any(),
                            None => view! { {if s.enabled { "not planned" } else { "none while disabled" }} }.into_any(),
                        }}
                    </dd>
                </dl>
            }
        })
    };
    let current = move || schedule.get_untracked();
    view! {
        <li class="hostup-panel__item">
            {info}
            <div class="hostup-panel__row-actions">
                <GatedButton
                    ctx=ctx
                    action=Action::ChangeSchedule
                    reasons=reasons
                    id=ctx.row_id("edit-schedule", &id)
                    name=Signal::derive(move || format!("Edit schedule {}", name.get()))
                    text="Edit"
                    on_click=Callback::new(move |()| { if let Some(s) = current() { on_edit.run(s) } })
                />
                <GatedButton
                    ctx=ctx
                    action=Action::ChangeSchedule
                    reasons=reasons
                    id=ctx.row_id("toggle-schedule", &id)
                    name=Signal::derive(move || format!("{} schedule {}", if enabled() { "Disable" } else { "Enable" }, name.get()))
                    text=Signal::derive(move || if enabled() { "Disable" } else { "Enable" })
                    on_click=Callback::new(move |()| { if let Some(s) = current() { on_toggle.run(s) } })
                />
                <DeleteButton
                    ctx=ctx
                    noun="schedule"
                    label=name
                    button_id=ctx.row_id("delete-schedule", &id)
                    action=Action::ChangeSchedule
                    reasons=reasons
                    on_confirm=Callback::new(move |()| { if let Some(s) = current() { on_delete.run(s) } })
                />
            </div>
        </li>
    }
}
