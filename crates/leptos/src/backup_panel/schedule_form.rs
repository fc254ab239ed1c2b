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
    let editor = Editor { form, errors, ids: StoredValue::new(shared.id("schedule")) };
    let field_id = move |f: ScheduleField| editor.field_id(f);
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

    let enabled_error = move || errors.with(|e| e.get(ScheduleField::Enabled));
    let quota = move || ctx.backups.data.with(|d| d.as_ref().and_then(|l| l.quota_info.limit));
    let warning = move || form.with(|f| retention_warning(&f.retention, quota()));

    let heading = shared.id("schedule-form-title");
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
            <SelectField editor=editor field=ScheduleField::Frequency options=FREQUENCIES.iter().map(|f| (*f).to_owned()).zip(FREQUENCIES).collect()/>
            <Show when=move || form.with(Form::has_day_of_week)>
                <SelectField editor=editor field=ScheduleField::DayOfWeek options=(0..7).map(|i| i.to_string()).zip(WEEKDAYS).collect()/>
            </Show>
            <Show when=move || form.with(Form::has_day_of_month)>
                <InputField editor=editor field=ScheduleField::DayOfMonth min="1" max="31" hint="Days a month lacks run on its last day."/>
            </Show>
            <InputField editor=editor field=ScheduleField::Hour min="0" max="23" hint="0–23, UTC"/>
            <InputField editor=editor field=ScheduleField::Retention min="1" hint="Backups to keep"/>
            {move || warning().map(|w| view! { <p class="hostup-panel__warning-text">{w}</p> })}
            <InputField editor=editor field=ScheduleField::Name text=true placeholder="Nightly"/>
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
                {move || enabled_error().map(|e| view! { <p class="hostup-panel__field-error">{e}</p> })}
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

const FREQUENCIES: [&str; 3] = ["daily", "weekly", "monthly"];

/// What the editor's fields share.
#[derive(Clone, Copy)]
struct Editor {
    form: RwSignal<Form>,
    errors: RwSignal<FormErrors>,
    ids: StoredValue<String>,
}

impl Editor {
    fn field_id(&self, field: ScheduleField) -> String {
        format!("{}-{}", self.ids.get_value(), field.label().to_lowercase().replace(' ', "-"))
    }
}

/// One input of the editor: its label, the input, a hint, and its error in words, linked by `aria-describedby`.
#[component]
fn InputField(
    editor: Editor,
    field: ScheduleField,
    /// A text field (default: a whole number).
    #[prop(optional)]
    text: bool,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional)] max: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let Editor { form, errors, .. } = editor;
    let id = editor.field_id(field);
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let error = move || errors.with(|e| e.get(field));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let parts: Vec<&str> =
                hint.map(|_| hint_id.as_str()).into_iter().chain(error().map(|_| error_id.as_str())).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    view! {
        <div class="hostup-panel__field">
            <label for=id.clone()>{field.label()}</label>
            <input
                id=id
                type=if text { "text" } else { "number" }
                min=min
                max=max
                inputmode=(!text).then_some("numeric")
                placeholder=placeholder
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=described
                prop:value=move || form.with(|f| f.get(field))
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.set(field, v));
                }
            />
            {hint.map(|h| view! { <p class="hostup-panel__hint" id=hint_id>{h}</p> })}
            {move || error().map(|e| view! { <p class="hostup-panel__field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

/// A choice of the editor, with its error in words linked by `aria-describedby`.
#[component]
fn SelectField(editor: Editor, field: ScheduleField, options: Vec<(String, &'static str)>) -> impl IntoView {
    let Editor { form, errors, .. } = editor;
    let id = editor.field_id(field);
    let error_id = format!("{id}-error");
    let error = move || errors.with(|e| e.get(field));
    let described = {
        let error_id = error_id.clone();
        move || error().map(|_| error_id.clone())
    };
    let options = options
        .into_iter()
        .map(|(value, label)| {
            let is = value.clone();
            view! { <option value=value selected=move || form.with(|f| f.get(field) == is)>{label}</option> }
        })
        .collect_view();
    view! {
        <div class="hostup-panel__field">
            <label for=id.clone()>{field.label()}</label>
            <select
                id=id
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=described
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.set(field, v));
                }
            >
                {options}
            </select>
            {move || error().map(|e| view! { <p class="hostup-panel__field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}
