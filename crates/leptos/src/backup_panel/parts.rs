//! Small views every section uses: an error message with its technical detail behind a disclosure, a time in the
//! viewer's zone with UTC on hover, loading placeholders, and a gate's reason.

use super::controls::Reasons;
use super::shared::Shared;
use crate::format::{format_instant, format_utc, parse_rfc3339_ms};
use crate::messages::Message;
use leptos::prelude::*;

/// An error for people: the sentence, then "Details" with the technical text and a copyable request id.
/// `alert` makes it a live alert (for errors that answer an action); load errors are plain text.
#[component]
pub(crate) fn ErrorView(message: Message, #[prop(optional)] alert: bool) -> impl IntoView {
    let copied = RwSignal::new(false);
    let request_id = message.request_id.clone();
    let copy = move |_| {
        let (Some(id), Some(window)) = (request_id.clone(), web_sys::window()) else { return };
        let _ = window.navigator().clipboard().write_text(&id);
        copied.set(true);
    };
    let status = message.status.map(|s| format!("HTTP {s} · "));
    view! {
        <div class="hostup-panel__error" role=alert.then_some("alert")>
            <p class="hostup-panel__error-text">{message.text}</p>
            <details class="hostup-panel__details">
                <summary>"Details"</summary>
                <p>{status} <code>{message.code}</code></p>
                <p class="hostup-panel__technical">{message.technical}</p>
                {message
                    .request_id
                    .map(|id| {
                        view! {
                            <p>
                                "Request id: " <code class="hostup-panel__request-id">{id}</code> " "
                                <button type="button" class="hostup-panel__button hostup-panel__button--quiet" on:click=copy>
                                    {move || if copied.get() { "Copied" } else { "Copy request id" }}
                                </button>
                            </p>
                        }
                    })}
            </details>
        </div>
    }
}

/// A time from the API: in the viewer's zone (or UTC when the panel is told so), the exact UTC time on hover.
#[component]
pub(crate) fn TimeView(shared: Shared, rfc3339: String) -> impl IntoView {
    match parse_rfc3339_ms(&rfc3339) {
        Some(ms) => view! {
            <time datetime=rfc3339 title=format_utc(ms)>
                {move || format_instant(ms, shared.zone())}
            </time>
        }
        .into_any(),
        None => view! { <span>{rfc3339}</span> }.into_any(),
    }
}

/// Placeholder rows while a list loads; the text says so to screen readers.
#[component]
pub(crate) fn Placeholder(what: &'static str) -> impl IntoView {
    view! {
        <div class="hostup-panel__placeholder">
            <span class="hostup-panel__sr-only">{format!("Loading {what}…")}</span>
            <div class="hostup-panel__skeleton" aria-hidden="true"></div>
            <div class="hostup-panel__skeleton" aria-hidden="true"></div>
            <div class="hostup-panel__skeleton" aria-hidden="true"></div>
        </div>
    }
}

/// A meter of used against total, coloured by how full it is: `low`/`high`/`optimum` make the browser draw it
/// green, amber from two thirds, red when full (the same levels as [`crate::format::usage_level`], also a class).
#[component]
pub(crate) fn UsageMeter(used: u64, limit: u64, label: &'static str) -> impl IntoView {
    let level = crate::format::usage_level(used, limit);
    view! {
        <meter
            class=format!("hostup-panel__meter hostup-panel__meter--{level}")
            min="0"
            max=limit.to_string()
            value=used.to_string()
            optimum="0"
            low=format!("{}", limit as f64 * 2.0 / 3.0)
            high=format!("{}", limit as f64 - 0.5)
            aria-label=label
        ></meter>
    }
}

/// A section of the panel: a region named by its heading, which takes focus when the control that had it goes.
#[component]
pub(crate) fn Section(
    shared: Shared,
    /// The id stem: the heading is `{prefix}-{name}-title`.
    name: &'static str,
    title: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    /// Controls beside the heading.
    #[prop(optional)]
    aside: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let heading = shared.id(&format!("{name}-title"));
    let labelled_by = heading.clone();
    view! {
        <section class=format!("hostup-panel__section hostup-panel__{name}") aria-labelledby=labelled_by>
            <div class="hostup-panel__section-head">
                <h3 class="hostup-panel__heading" id=heading tabindex="-1">{title}</h3>
                {aside}
            </div>
            {hint.map(|h| view! { <p class="hostup-panel__hint">{h}</p> })}
            {children()}
        </section>
    }
}

/// What a list says: what it holds (for "Loading …"), the sentence when it is empty, its accessible name.
#[derive(Clone, Copy)]
pub(crate) struct ListText {
    pub(crate) what: &'static str,
    pub(crate) empty: &'static str,
    pub(crate) label: &'static str,
}

impl ListText {
    pub(crate) const fn new(what: &'static str, empty: &'static str, label: &'static str) -> Self {
        Self { what, empty, label }
    }
}

/// A list in one of three states — loading (placeholders), empty (a sentence that says what to do), or its rows —
/// then its load error and the reasons of its section's closed gates. Only a change of state re-renders the list;
/// rows are kept by key, so they keep their elements (and focus) across refreshes.
#[component]
pub(crate) fn RowList<T, K, KF, RF, IV>(
    /// `None` while loading.
    rows: Signal<Option<Vec<T>>>,
    text: ListText,
    error: RwSignal<Option<Message>>,
    reasons: Reasons,
    key: KF,
    row: RF,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Eq + std::hash::Hash + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    RF: Fn(T) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let ListText { what, empty, label } = text;
    let shape = Memo::new(move |_| rows.with(|r| r.as_ref().map(Vec::is_empty)));
    let list = move || match shape.get() {
        None => view! { <Placeholder what=what/> }.into_any(),
        Some(true) => view! { <p class="hostup-panel__empty">{empty}</p> }.into_any(),
        Some(false) => {
            let (key, row) = (key.clone(), row.clone());
            view! {
                <ul class="hostup-panel__list" aria-label=label>
                    <For each=move || rows.get().unwrap_or_default() key=key children=row/>
                </ul>
            }
            .into_any()
        }
    };
    view! {
        {list}
        {move || error.get().map(|m| view! { <ErrorView message=m/> })}
        {reasons.view()}
    }
}

/// A form's submit handler: no navigation, then `f` (Enter in any field submits).
pub(crate) fn on_submit(f: impl Fn() + 'static) -> impl FnMut(leptos::ev::SubmitEvent) + 'static {
    move |ev| {
        ev.prevent_default();
        f();
    }
}
