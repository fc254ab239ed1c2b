//! `<BackupPanel/>`: backups, snapshots, restores, schedules and the job history of one VPS at a time, over one
//! [`hostup_client::Client`]. This file holds only the component; each part lives in its own file:
//! `shared` (panel-wide state), `body` (VPS picker, key and empty states), `vps` (one VPS and its gates), the
//! sections (`backup_list`, `snapshot_list`, `schedules`, `schedule_form`, `jobs`), `restore_dialog`, `controls`
//! and `parts` (small shared views).

mod backup_list;
mod body;
mod controls;
mod jobs;
mod parts;
mod restore_dialog;
mod schedule_form;
mod schedules;
mod shared;
mod snapshot_list;
mod vps;

use hostup_client::Error;
use hostup_core::{Drift, Job, DEFAULT_BASE_URL};
use leptos::prelude::*;
use std::rc::Rc;

pub use shared::PanelClient;
pub(crate) use shared::{adopt_stylesheet, build_client};

/// A VPS management panel for HostUp backups and snapshots.
///
/// Give it either `client`, or `base_url` (+ `api_key`, `credentials`) to let it build its own client. Without
/// `vps_id` it shows a "VPS" picker fed by `GET /api/v2/vps`. The API key is only ever held by the client (it becomes
/// the `Authorization` header); the panel writes job ids and labels, never the key, to `localStorage`.
#[component]
pub fn BackupPanel(
    /// A client to use (shared with the rest of the page). Takes precedence over `base_url`/`api_key`.
    #[prop(optional)]
    client: Option<Rc<PanelClient>>,
    /// Base URL of the API when the panel builds its own client: `https://cloud.hostup.se` (the default), or `""`
    /// for the page's own origin.
    #[prop(optional, into)]
    base_url: Option<String>,
    /// API key for the panel's own client. Leave it out inside the provider's dashboard, where the session cookie
    /// authenticates (then set `credentials`). A new key builds a new client.
    #[prop(optional, into)]
    api_key: MaybeProp<String>,
    /// Send cookies with every request (`credentials: "include"`), for cookie sessions. Reactive.
    #[prop(optional, into)]
    credentials: Signal<bool>,
    /// The VPS to manage (`vps_…`). Without it the panel shows a VPS picker. Reactive: a new id switches the VPS.
    #[prop(optional, into)]
    vps_id: MaybeProp<String>,
    /// Extra CSS classes on the panel's root element (e.g. `hostup-dark`). Reactive.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Show every time in UTC instead of the viewer's time zone (the UTC time is always on hover). Reactive.
    #[prop(optional, into)]
    utc: Signal<bool>,
    /// Called when a job the panel follows ends, completed or failed, with the job as last seen.
    #[prop(optional, into)]
    on_job_finished: Option<Callback<Job>>,
    /// Called with every error the panel shows (load failures, refused actions, failed jobs).
    #[prop(optional, into)]
    on_error: Option<Callback<Error>>,
    /// Called when the API refuses the key (401): the page should offer a way to give one. The panel shows the
    /// problem and, when this is set, an "Enter an API key" button that calls it again.
    #[prop(optional, into)]
    on_auth_required: Option<Callback<()>>,
    /// Called once per (endpoint, JSON pointer, kind) when HostUp answers with a field or an enum value this version
    /// does not know (contract drift). The panel also warns in the console, and keeps working.
    #[prop(optional, into)]
    on_drift: Option<Callback<Drift>>,
) -> impl IntoView {
    shared::mount_style();
    let prefix = shared::next_prefix();
    let callbacks = shared::Callbacks { on_job_finished, on_error, on_auth_required, on_drift };
    let root_class = move || match class.get() {
        Some(c) if !c.trim().is_empty() => format!("hostup-panel {c}"),
        _ => "hostup-panel".to_owned(),
    };
    let heading = format!("{prefix}-title");
    let labelled_by = heading.clone();
    let base_url = base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    // The panel's own client follows the key and `credentials`; a given client is used as it is.
    let given = StoredValue::new_local(client);
    let body = move || {
        let client = match given.get_value() {
            Some(c) => Ok(c),
            None => shared::build_client(&base_url, api_key.get(), credentials.get()).map(Rc::new),
        };
        match client {
            Err(message) => view! { <p class="hostup-panel__error" role="alert">{message}</p> }.into_any(),
            Ok(client) => {
                let shared = shared::Shared::new(client, callbacks, utc, prefix.clone());
                view! { <body::PanelBody shared=shared vps_id=vps_id/> }.into_any()
            }
        }
    };
    view! {
        <section class=root_class aria-labelledby=labelled_by>
            <h2 class="hostup-panel__title" id=heading>"Backups & snapshots"</h2>
            {body}
        </section>
    }
}
