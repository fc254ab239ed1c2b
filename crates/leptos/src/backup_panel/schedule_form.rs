//! The backup schedule: frequency decides which day field exists; core validates before sending, and the server's
//! `errors[]` land on the same fields by JSON pointer.

use super::VpsCtx;
use crate::state::{format_time, FormErrors, ScheduleField, ScheduleForm as Form, WEEKDAYS};
use hostup_core::{validate_backup_schedule, BackupSchedule, Schedule};
use leptos::prelude::*;

#[component]
pub(crate) fn ScheduleForm(ctx: VpsCtx) -> impl IntoView {
    let heading = ctx.shared.id("schedule-title");
    let labelled_by = heading.clone();
    let form = RwSignal::new(Form::default());
    let errors = RwSignal::new(FormErrors::default());
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<Schedule>);
    let general_error = RwSignal::new(None::<String>);
    let touched = RwSignal::new(false);

    // Fill the form from the saved schedule until the user starts editing.
    Effect::new(move |_| {
        let first = ctx.schedules.data.with(|d| d.as_ref().and_then(|l| l.data.first().cloned()));
        if let Some(s) = first {
            if !touched.get_untracked() {
                form.set(Form::from_schedule(&s));
            }
            saved.set(Some(s));
        }
    });

    let edit = move |change: &dyn Fn(&mut Form)| {
        touched.set(true);
        form.update(|f| change(f));
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        general_error.set(None);
        let json = form.with_untracked(Form::to_json);
        let found = FormErrors::from_field_errors(&validate_backup_schedule(&json));
        let valid = found.is_empty();
        errors.set(found);
        if !valid {
            return;
        }
        let Ok(schedule) = BackupSchedule::from_json(&json) else { return };
        saving.set(true);
        let vps = ctx.vps_id();
        ctx.act(
            move |c| async move { c.set_backup_schedule(&vps, schedule).await },
            move |result| {
                match result {
                    Ok(s) => {
                        let _ = saved.try_set(Some(s));
                        let _ = touched.try_set(false);
                        ctx.refresh_schedules();
                    }
                    Err(e) => {
                        let fields = match (e.as_api(), e.validation()) {
                            (Some(api), _) => FormErrors::from_field_errors(api.errors()),
                            (_, Some(v)) => FormErrors::from_field_errors(v.errors()),
                            _ => FormErrors::default(),
                        };
                        let _ = errors.try_set(fields);
                        let _ = general_error.try_set(Some(ctx.shared.report(e)));
                    }
                }
                let _ = saving.try_set(false);
            },
        );
    };

    let field_error = move |field: ScheduleField| errors.with(|e| e.get(field));
    // One labelled field with its error text linked by `aria-describedby`.
    let error_view = move |field: ScheduleField, id: String| {
        move || field_error(field).map(|e| view! { <p class="hostup-panel__field-error" id=id.clone()>{e}</p> })
    };
    let described = move |field: ScheduleField, id: String| move || field_error(field).map(|_| id.clone());
    let invalid = move |field: ScheduleField| move || field_error(field).map(|_| "true");

    let id = |n: &str| ctx.shared.id(n);
    let (freq_id, hour_id, dow_id, dom_id, ret_id, en_id, name_id) = (
        id("schedule-frequency"),
        id("schedule-hour"),
        id("schedule-dow"),
        id("schedule-dom"),
        id("schedule-retention"),
        id("schedule-enabled"),
        id("schedule-name"),
    );
    let err_id = move |n: &str| ctx.shared.id(&format!("{n}-error"));

    let next_run = move || {
        saved.with(|s| {
            s.as_ref().map(|s| {
                let next = s.next_run.as_deref().map(format_time).unwrap_or_else(|| "not planned".to_owned());
                let state = if s.enabled { "enabled" } else { "disabled" };
                view! {
                    <p class="hostup-panel__saved">
                        "Saved schedule (" {state} "). Next run: " <strong>{next}</strong>
                    </p>
                }
            })
        })
    };

    let frequency_options = ["daily", "weekly", "monthly"].map(|f| {
        view! {
            <option value=f selected=move || form.with(|v| v.frequency == f)>
                {f}
            </option>
        }
    });

    view! {
        <section class="hostup-panel__section" aria-labelledby=labelled_by>
            <h3 class="hostup-panel__heading" id=heading>"Backup schedule"</h3>
            {next_run}
            {move || ctx.schedules.error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
            <form class="hostup-panel__schedule" novalidate=true on:submit=save>
                <div class="hostup-panel__field">
                    <label for=freq_id.clone()>"Frequency"</label>
                    <select
                        id=freq_id
                        aria-invalid=invalid(ScheduleField::Frequency)
                        aria-describedby=described(ScheduleField::Frequency, err_id("frequency"))
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|f| f.frequency = v.clone());
                        }
                    >
                        {frequency_options}
                    </select>
                    {error_view(ScheduleField::Frequency, err_id("frequency"))}
                </div>
                <Show when=move || form.with(Form::has_day_of_week)>
                    <div class="hostup-panel__field">
                        <label for=dow_id.clone()>"Day of week"</label>
                        <select
                            id=dow_id.clone()
                            aria-invalid=invalid(ScheduleField::DayOfWeek)
                            aria-describedby=described(ScheduleField::DayOfWeek, err_id("dow"))
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                edit(&|f| f.day_of_week = v.clone());
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
                        {error_view(ScheduleField::DayOfWeek, err_id("dow"))}
                    </div>
                </Show>
                <Show when=move || form.with(Form::has_day_of_month)>
                    <div class="hostup-panel__field">
                        <label for=dom_id.clone()>"Day of month"</label>
                        <input
                            id=dom_id.clone()
                            type="number"
                            min="1"
                            max="31"
                            inputmode="numeric"
                            aria-invalid=invalid(ScheduleField::DayOfMonth)
                            aria-describedby=described(ScheduleField::DayOfMonth, err_id("dom"))
                            prop:value=move || form.with(|f| f.day_of_month.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                edit(&|f| f.day_of_month = v.clone());
                            }
                        />
                        <p class="hostup-panel__hint">"Days the month lacks run on its last day."</p>
                        {error_view(ScheduleField::DayOfMonth, err_id("dom"))}
                    </div>
                </Show>
                <div class="hostup-panel__field">
                    <label for=hour_id.clone()>"Hour"</label>
                    <input
                        id=hour_id
                        type="number"
                        min="0"
                        max="23"
                        inputmode="numeric"
                        aria-invalid=invalid(ScheduleField::Hour)
                        aria-describedby=described(ScheduleField::Hour, err_id("hour"))
                        prop:value=move || form.with(|f| f.hour.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|f| f.hour = v.clone());
                        }
                    />
                    <p class="hostup-panel__hint">"0–23, UTC"</p>
                    {error_view(ScheduleField::Hour, err_id("hour"))}
                </div>
                <div class="hostup-panel__field">
                    <label for=ret_id.clone()>"Retention"</label>
                    <input
                        id=ret_id
                        type="number"
                        min="1"
                        inputmode="numeric"
                        aria-invalid=invalid(ScheduleField::Retention)
                        aria-describedby=described(ScheduleField::Retention, err_id("retention"))
                        prop:value=move || form.with(|f| f.retention.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|f| f.retention = v.clone());
                        }
                    />
                    <p class="hostup-panel__hint">"Backups to keep"</p>
                    {error_view(ScheduleField::Retention, err_id("retention"))}
                </div>
                <div class="hostup-panel__field">
                    <label for=name_id.clone()>"Schedule name"</label>
                    <input
                        id=name_id
                        type="text"
                        maxlength="100"
                        placeholder="Nightly"
                        aria-invalid=invalid(ScheduleField::Name)
                        aria-describedby=described(ScheduleField::Name, err_id("name"))
                        prop:value=move || form.with(|f| f.name.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|f| f.name = v.clone());
                        }
                    />
                    {error_view(ScheduleField::Name, err_id("name"))}
                </div>
                <div class="hostup-panel__field hostup-panel__field--check">
                    <input
                        id=en_id.clone()
                        type="checkbox"
                        prop:checked=move || form.with(|f| f.enabled)
                        on:change=move |ev| {
                            let v = event_target_checked(&ev);
                            edit(&|f| f.enabled = v);
                        }
                    />
                    <label for=en_id>"Enabled"</label>
                    {error_view(ScheduleField::Enabled, err_id("enabled"))}
                </div>
                {move || {
                    errors
                        .with(|e| e.other.clone())
                        .into_iter()
                        .map(|m| view! { <p class="hostup-panel__error">{m}</p> })
                        .collect_view()
                }}
                {move || general_error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
                <div class="hostup-panel__actions">
                    <button type="submit" class="hostup-panel__button" disabled=move || saving.get()>
                        "Save schedule"
                    </button>
                </div>
            </form>
        </section>
    }
}
