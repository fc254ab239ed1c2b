//! Controls behind gates. A closed gate (a running job, a full quota, a missing scope) keeps a button inert — not
//! disabled, so focus stays where it was — and links the reason, shown once per section, by `aria-describedby`.
//! "Delete" asks again in place: an explicit second click on "Yes, delete"; Escape or "Cancel" goes back, with focus
//! on "Delete" again.

use super::shared::focus_soon;
use super::vps::VpsCtx;
use crate::vps_state::Action;
use leptos::prelude::*;

#[component]
pub(crate) fn DeleteButton(
    ctx: VpsCtx,
    /// What is deleted, for the names: `snapshot`, `backup`, `schedule`.
    noun: &'static str,
    /// Which one, for people (a name, a date).
    #[prop(into)]
    label: Signal<String>,
    /// The element id of the "Delete" button (focus comes back to it).
    button_id: String,
    /// The gate of the action.
    action: Action,
    /// The section's reasons.
    reasons: Reasons,
    /// Runs on "Yes, delete".
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let cancel_id = StoredValue::new(format!("{button_id}-cancel"));
    let button_id = StoredValue::new(button_id);
    let gate = move || ctx.gate(action);
    // Focus follows the swap: to "Cancel" when asked, back to "Delete" when cancelled (ids: the elements are new).
    let back = move || {
        confirming.set(false);
        focus_soon(vec![button_id.get_value()]);
    };
    let ask = move || {
        confirming.set(true);
        focus_soon(vec![cancel_id.get_value()]);
    };
    let name = move || format!("Delete {noun} {}", label.get());
    view! {
        <Show
            when=move || confirming.get()
            fallback={
                move || {
                    view! {
                        <button
                            type="button"
                            id=button_id.get_value()
                            class="hostup-panel__button hostup-panel__button--quiet"
                            aria-label=name
                            aria-disabled=move || gate().is_err().then_some("true")
                            aria-describedby=move || reasons.id_for(action)
                            on:click=move |_| {
                                if gate().is_ok() {
                                    ask();
                                }
                            }
                        >
                            "Delete"
                        </button>
                    }
                }
            }
        >
            <span
                class="hostup-panel__confirm"
                role="group"
                aria-label=move || format!("Delete {noun} {}?", label.get())
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        back();
                    }
                }
            >
                <span class="hostup-panel__confirm-text">{move || format!("Delete {noun} {}?", label.get())}</span>
                <button
                    type="button"
                    class="hostup-panel__button hostup-panel__button--danger"
                    aria-label=move || format!("Yes, delete {noun} {}", label.get())
                    on:click=move |_| {
                        if gate().is_ok() {
                            // The row goes once the job ends: `on_confirm` moves focus to a neighbour that stays.
                            confirming.set(false);
                            on_confirm.run(());
                        }
                    }
                >
                    "Yes, delete"
                </button>
                <button
                    type="button"
                    id=cancel_id.get_value()
                    class="hostup-panel__button hostup-panel__button--quiet"
                    aria-label=move || format!("Cancel deleting {noun} {}", label.get())
                    on:click=move |_| back()
                >
                    "Cancel"
                </button>
            </span>
        </Show>
    }
}

/// A button for a job action: inert (not disabled, so focus stays put) while its gate is closed, with the reason
/// linked by `aria-describedby`.
#[component]
pub(crate) fn GatedButton(
    ctx: VpsCtx,
    action: Action,
    /// The section's reasons.
    reasons: Reasons,
    /// Element id (focus returns here after a dialog).
    id: String,
    /// The accessible name, unique on the page.
    #[prop(into)]
    name: Signal<String>,
    /// The visible text.
    #[prop(into)]
    text: Signal<&'static str>,
    #[prop(optional)] danger: bool,
    /// Runs on a click when the gate is open.
    on_click: Callback<()>,
) -> impl IntoView {
    let gate = move || ctx.gate(action);
    let class = if danger {
        "hostup-panel__button hostup-panel__button--danger"
    } else {
        "hostup-panel__button hostup-panel__button--quiet"
    };
    view! {
        <button
            type="button"
            id=id
            class=class
            aria-label=name
            aria-disabled=move || gate().is_err().then_some("true")
            aria-describedby=move || reasons.id_for(action)
            on:click=move |_| {
                if gate().is_ok() {
                    on_click.run(());
                }
            }
        >
            {move || text.get()}
        </button>
    }
}

/// The reasons of a section's closed gates, each shown once (a running job closes several actions for one reason).
#[derive(Clone, Copy)]
pub(crate) struct Reasons {
    ctx: VpsCtx,
    section: &'static str,
    actions: &'static [Action],
}

impl Reasons {
    pub(crate) fn new(ctx: VpsCtx, section: &'static str, actions: &'static [Action]) -> Self {
        Self { ctx, section, actions }
    }

    /// The distinct reasons, in the order of the section's actions (tracked).
    fn list(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for a in self.actions {
            if let Err(r) = self.ctx.gate(*a) {
                if r != "Loading…" && !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }

    fn line_id(&self, i: usize) -> String {
        self.ctx.shared.id(&format!("{}-reason-{i}", self.section))
    }

    /// The id of the line that holds `action`'s reason, when its gate is closed (tracked).
    pub(crate) fn id_for(&self, action: Action) -> Option<String> {
        let reason = self.ctx.gate(action).err()?;
        self.list().iter().position(|r| *r == reason).map(|i| self.line_id(i))
    }

    /// The lines.
    pub(crate) fn view(self) -> impl IntoView {
        move || {
            self.list()
                .into_iter()
                .enumerate()
                .map(|(i, r)| view! { <p class="hostup-panel__reason" id=self.line_id(i)>{r}</p> })
                .collect_view()
        }
    }
}
