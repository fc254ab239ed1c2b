//! The schedule editor: frequency decides which day field exists; core validates before sending, and the server's
//! `errors[]` land on the same fields by JSON pointer, in words. A refused submit focuses the first broken field and
//! says how many need attention; Escape cancels, Enter saves.

use super::parts::ErrorView;
use super::schedules::Editing;
use super::shared::focus_soon;
use super::vps::VpsCtx;
use crate::messages::{field_errors, Message};
use crate::schedule_model::{
    retention_warning, schedule_summary, FormErrors, ScheduleField, ScheduleForm as Form, WEEKDAYS,
};
use hostup_core::{validate_backup_schedule, BackupSchedule};
use leptos::prelude::*;

#[component]
pub(crate) fn ScheduleEditor(
    ctx: VpsCtx,
    editing: Editing,
    /// Called with `(schedule id, confirmation)` after a save, `None` on cancel.
    on_close: Callback<Option<(String, String)>>,
) -> impl IntoView {
    let shared = ctx.shared;
    let (initial, existing_id, title) = match &editing {
        Editing::New => (Form::default(), None, "New backup schedule".to_owned()),
        Editing::Existing(s) => (Form::from_schedule(s), Some(s.id.clone()), format!("Edit schedule {}", s.name)),
    };
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(FormErrors::default());
    let saving = RwSignal::new(false);
    let general_error = RwSignal::new(None::<Message>);
    let summary = RwSignal::new(None::<String>);
    let existing = StoredValue::new(existing_id);
    let id = move |n: &str| shared.id(&format!("schedule-{n}"));
    let field_id = move |f: ScheduleField| {
        id(match f {
            ScheduleField::Frequency => "frequency",
            ScheduleField::Hour => "hour",
            ScheduleField::DayOfWeek => "dow",
            ScheduleField::DayOfMonth => "dom",
            ScheduleField::Retention => "retention",
            ScheduleField::Enabled => "enabled",
            ScheduleField::Name => "name",
        })
    };
    let refuse = move |found: FormErrors| {
        let count = found.fields.len() + found.other.len();
        summary.set(Some(if count == 1 {
            "1 field needs attention.".to_owned()
        } else {
            format!("{count} fields need attention.")
        }));
        if let Some(first) = found.first_field() {
            focus_soon(vec![field_id(first)]);
        }
        errors.set(found);
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        general_error.set(None);
        summary.set(None);
        let json = form.with_untracked(Form::to_json);
        let found = FormErrors::from_field_errors(&validate_backup_schedule(&json));
        if !found.is_empty() {
            refuse(found);
            return;
        }
        errors.set(FormErrors::default());
        let vps = ctx.vps_id();
        let existing = existing.get_value();
        let patch = existing.as_deref().map(|sid| form.with_untracked(|f| f.to_patch(sid)));
        let Ok(schedule) = BackupSchedule::from_json(&json) else { return };
        saving.set(true);
        ctx.act(
            move |c| async move {
                match patch {
                    Some(patch) => c.update_backup_schedules(&vps, &patch).await,
                    None => c.set_backup_schedule(&vps, schedule).await,
                }
            },
            move |result| {
                let _ = saving.try_set(false);
                match result {
                    Ok(s) => on_close
                        .run(Some((s.id.clone(), format!("Schedule {} saved: {}.", s.name, schedule_summary(&s))))),
                    Err(e) => {
                        let found = FormErrors::from_field_errors(&field_errors(&e));
                        let _ = general_error.try_set(Some(shared.report(e)));
                        if !found.is_empty() {
                            refuse(found);
                        }
                    }
                }
            },
        );
    };

    let field_error = move |field: ScheduleField| errors.with(|e| e.get(field));
    let err_id = move |f: ScheduleField| format!("{}-error", field_id(f));
    let error_view = move |field: ScheduleField| {
        move || field_error(field).map(|e| view! { <p class="hostup-panel__field-error" id=err_id(field)>{e}</p> })
    };
    let described = move |field: ScheduleField, hint: Option<String>| {
        move || {
            let parts: Vec<String> =
                hint.clone().into_iter().chain(field_error(field).map(|_| err_id(field))).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    let invalid = move |field: ScheduleField| move || field_error(field).map(|_| "true");
    let quota = move || ctx.backups.data.with(|d| d.as_ref().and_then(|l| l.quota_info.limit));
    let warning = move || form.with(|f| retention_warning(&f.retention, quota()));
    let (hour_hint, ret_hint, dom_hint) = (id("hour-hint"), id("retention-hint"), id("dom-hint"));

    let frequency_options = ["daily", "weekly", "monthly"].map(|f| {
        view! {
            <option value=f selected=move || form.with(|v| v.frequency == f)>
                {f}
            </option>
        }
    });
    let heading = id("form-title");
    let labelled_by = heading.clone();

    view! {
        <form
            class="hostup-panel__schedule"
            novalidate=true
            aria-labelledby=labelled_by
            on:submit=save
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_close.run(None);
                }
            }
        >
            <h4 class="hostup-panel__subheading" id=heading>{title}</h4>
            <p class="hostup-panel__error-text" role="alert">{move || summary.get()}</p>
            <div class="hostup-panel__field">
                <label for=field_id(ScheduleField::Frequency)>"Frequency"</label>
                <select
                    id=field_id(ScheduleField::Frequency)
                    aria-invalid=invalid(ScheduleField::Frequency)
                    aria-describedby=described(ScheduleField::Frequency, None)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.frequency = v);
                    }
                >
                    {frequency_options}
                </select>
                {error_view(ScheduleField::Frequency)}
            </div>
            <Show when=move || form.with(Form::has_day_of_week)>
                <div class="hostup-panel__field">
                    <label for=field_id(ScheduleField::DayOfWeek)>"Day of week"</label>
                    <select
                        id=field_id(ScheduleField::DayOfWeek)
                        aria-invalid=invalid(ScheduleField::DayOfWeek)
                        aria-describedby=described(ScheduleField::DayOfWeek, None)
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| f.day_of_week = v);
                        }
                    >
                        {WEEKDAYS
                            .iter()
                            .enumerate()
                            .map(|(i, day)| {
                                let value = i.to_string();
                                let is = value.clone();
                                view! {
                                    <option value=value selected=move || form.with(|f| f.day_of_week == is)>
                                        {*day}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {error_view(ScheduleField::DayOfWeek)}
                </div>
            </Show>
            <Show when=move || form.with(Form::has_day_of_month)>
                <div class="hostup-panel__field">
                    <label for=field_id(ScheduleField::DayOfMonth)>"Day of month"</label>
                    <input
                        id=field_id(ScheduleField::DayOfMonth)
                        type="number"
                        min="1"
                        max="31"
                        inputmode="numeric"
                        aria-invalid=invalid(ScheduleField::DayOfMonth)
                        aria-describedby=described(ScheduleField::DayOfMonth, Some(dom_hint.clone()))
                        prop:value=move || form.with(|f| f.day_of_month.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| f.day_of_month = v);
                        }
                    />
                    <p class="hostup-panel__hint" id=dom_hint.clone()>"Days a month lacks run on its last day."</p>
                    {error_view(ScheduleField::DayOfMonth)}
                </div>
            </Show>
            <div class="hostup-panel__field">
                <label for=field_id(ScheduleField::Hour)>"Hour"</label>
                <input
                    id=field_id(ScheduleField::Hour)
                    type="number"
                    min="0"
                    max="23"
                    inputmode="numeric"
                    aria-invalid=invalid(ScheduleField::Hour)
                    aria-describedby=described(ScheduleField::Hour, Some(hour_hint.clone()))
                    prop:value=move || form.with(|f| f.hour.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.hour = v);
                    }
                />
                <p class="hostup-panel__hint" id=hour_hint>"0–23, UTC"</p>
                {error_view(ScheduleField::Hour)}
            </div>
            <div class="hostup-panel__field">
                <label for=field_id(ScheduleField::Retention)>"Retention"</label>
                <input
                    id=field_id(ScheduleField::Retention)
                    type="number"
                    min="1"
                    inputmode="numeric"
                    aria-invalid=invalid(ScheduleField::Retention)
                    aria-describedby=described(ScheduleField::Retention, Some(ret_hint.clone()))
                    prop:value=move || form.with(|f| f.retention.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.retention = v);
                    }
                />
                <p class="hostup-panel__hint" id=ret_hint>
                    "Backups to keep" {move || warning().map(|w| view! { <span class="hostup-panel__warning-text">" — " {w}</span> })}
                </p>
                {error_view(ScheduleField::Retention)}
            </div>
            <div class="hostup-panel__field">
                <label for=field_id(ScheduleField::Name)>"Schedule name"</label>
                <input
                    id=field_id(ScheduleField::Name)
                    type="text"
                    placeholder="Nightly"
                    aria-invalid=invalid(ScheduleField::Name)
                    aria-describedby=described(ScheduleField::Name, None)
                    prop:value=move || form.with(|f| f.name.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.name = v);
                    }
                />
                {error_view(ScheduleField::Name)}
            </div>
            <div class="hostup-panel__field hostup-panel__field--check">
                <input
                    id=field_id(ScheduleField::Enabled)
                    type="checkbox"
                    prop:checked=move || form.with(|f| f.enabled)
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        form.update(|f| f.enabled = v);
                    }
                />
                <label for=field_id(ScheduleField::Enabled)>"Enabled"</label>
                {error_view(ScheduleField::Enabled)}
            </div>
            {move || {
                errors
                    .with(|e| e.other.clone())
                    .into_iter()
                    .map(|m| view! { <p class="hostup-panel__error-text">{m}</p> })
                    .collect_view()
            }}
            {move || general_error.get().map(|m| view! { <ErrorView message=m/> })}
            <div class="hostup-panel__actions">
                <button type="submit" class="hostup-panel__button" aria-busy=move || saving.get().then_some("true")>
                    "Save schedule"
                </button>
                <button
                    type="button"
                    class="hostup-panel__button hostup-panel__button--quiet"
                    on:click=move |_| on_close.run(None)
                >
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
