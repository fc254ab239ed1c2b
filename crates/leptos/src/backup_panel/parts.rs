//! Small views every section uses: an error message with its technical detail behind a disclosure, a time in the
//! viewer's zone with UTC on hover, loading placeholders, and a gate's reason.

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
