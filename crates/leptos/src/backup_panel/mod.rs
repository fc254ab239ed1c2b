//! `<BackupPanel/>`: backups, snapshots, restore, schedule and running jobs of one VPS, over one
//! [`hostup_client::Client`]. Each part lives in its own file; this one holds the component, the per-VPS context the
//! parts share, and the small loader that keeps the last good list on screen while a refresh fails.

mod backup_list;
mod jobs;
mod restore_dialog;
mod schedule_form;
mod snapshot_list;

use crate::state::{error_text, notice_for, Notice};
use hostup_client::{Client, Error, FetchTransport};
use hostup_core::{ApiKey, Config, Job, Snapshot, DEFAULT_BASE_URL};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use backup_list::BackupList;
use jobs::{JobList, JobRow};
use restore_dialog::RestoreDialog;
use schedule_form::ScheduleForm;
use snapshot_list::SnapshotList;

/// The client the panel talks through: the one async client over the browser's `fetch`.
pub type PanelClient = Client<FetchTransport>;

/// The panel's stylesheet, mounted once per document as a constructable stylesheet (allowed under a
/// `style-src 'self'` CSP, unlike an injected `<style>`). The same file can be `<link>`ed instead.
const PANEL_CSS: &str = include_str!("panel.css");

/// A VPS management panel for HostUp backups and snapshots.
///
/// Give it either `client`, or `base_url` (+ `api_key`, `credentials`) to let it build its own client. Without
/// `vps_id` it shows a "VPS" picker fed by `GET /api/v2/vps`. The API key is only ever held by the client (it becomes
/// the `Authorization` header); the panel writes job ids, never the key, to `localStorage`.
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
    /// authenticates (then set `credentials`).
    #[prop(optional, into)]
    api_key: Option<String>,
    /// Send cookies with every request (`credentials: "include"`), for cookie sessions.
    #[prop(optional)]
    credentials: bool,
    /// The VPS to manage (`vps_…`). Without it the panel shows a VPS picker.
    #[prop(optional, into)]
    vps_id: Option<String>,
    /// Extra CSS classes on the panel's root element (e.g. `hostup-dark`).
    #[prop(optional, into)]
    class: Option<String>,
    /// Called when a job the panel follows ends, completed or failed, with the job as last seen.
    #[prop(optional, into)]
    on_job_finished: Option<Callback<Job>>,
    /// Called with every error the panel shows (load failures, refused actions, failed jobs).
    #[prop(optional, into)]
    on_error: Option<Callback<Error>>,
) -> impl IntoView {
    mount_style();
    let prefix = next_prefix();
    let client = client.map(Ok).unwrap_or_else(|| {
        build_client(base_url.as_deref().unwrap_or(DEFAULT_BASE_URL), api_key, credentials).map(Rc::new)
    });
    let root_class = match class {
        Some(c) if !c.trim().is_empty() => format!("hostup-panel {c}"),
        _ => "hostup-panel".to_owned(),
    };
    let body = match client {
        Err(message) => view! { <p class="hostup-panel__error" role="alert">{message}</p> }.into_any(),
        Ok(client) => {
            let shared = Shared::new(client, on_job_finished, on_error, prefix.clone());
            view! { <PanelBody shared=shared fixed_vps=vps_id/> }.into_any()
        }
    };
    let heading = format!("{prefix}-title");
    let labelled_by = heading.clone();
    view! {
        <section class=root_class aria-labelledby=labelled_by>
            <h2 class="hostup-panel__title" id=heading>"Backups & snapshots"</h2>
            {body}
        </section>
    }
}

fn build_client(base_url: &str, api_key: Option<String>, credentials: bool) -> Result<PanelClient, String> {
    let key = match api_key.filter(|k| !k.trim().is_empty()) {
        Some(k) => Some(ApiKey::new(k).map_err(|e| e.detail)?),
        None => None,
    };
    let config = Config::new(base_url, key).map_err(|e| e.detail)?;
    Ok(Client::new(config, FetchTransport::new(credentials)))
}

/// What every part of one panel shares, whatever the VPS: the client, the status notice, the callbacks.
#[derive(Clone, Copy)]
pub(crate) struct Shared {
    client: StoredValue<Rc<PanelClient>, LocalStorage>,
    /// The calm "rate limited — retrying" notice.
    notice: RwSignal<Option<String>>,
    on_job_finished: Option<Callback<Job>>,
    on_error: Option<Callback<Error>>,
    /// Unique prefix of this panel's element ids.
    prefix: StoredValue<String>,
}

impl Shared {
    fn new(
        client: Rc<PanelClient>,
        on_job_finished: Option<Callback<Job>>,
        on_error: Option<Callback<Error>>,
        prefix: String,
    ) -> Self {
        let notice = RwSignal::new(None);
        let observer = client.add_observer(move |event| match notice_for(event) {
            Notice::Show(text) => drop(notice.try_set(Some(text))),
            Notice::Clear => drop(notice.try_set(None)),
            Notice::Keep => {}
        });
        let client = StoredValue::new_local(client);
        // A page's shared client outlives the panel: take the observer off when the panel goes.
        on_cleanup(move || {
            let _ = client.try_with_value(|c| c.remove_observer(observer));
        });
        Self { client, notice, on_job_finished, on_error, prefix: StoredValue::new(prefix) }
    }

    /// The client (an `Rc` clone, to move into a future).
    pub(crate) fn client(&self) -> Option<Rc<PanelClient>> {
        self.client.try_get_value()
    }

    /// An element id unique to this panel.
    pub(crate) fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix.get_value())
    }

    /// Reports an error to `on_error` and returns its text for the panel.
    pub(crate) fn report(&self, error: Error) -> String {
        let text = error_text(&error);
        if let Some(cb) = self.on_error {
            cb.run(error);
        }
        text
    }
}

/// The VPS picker (when no `vps_id` was given) and the sections of the chosen VPS.
#[component]
fn PanelBody(shared: Shared, fixed_vps: Option<String>) -> impl IntoView {
    let vps_list = Loader::<Vec<(String, String)>>::new();
    let selected = RwSignal::new(fixed_vps.clone());
    let picker = fixed_vps.is_none();
    if picker {
        vps_list.load(shared, move |c| async move {
            let list = c.list_vps().await?;
            Ok(list.data.into_iter().map(|v| (v.name.clone().unwrap_or_else(|| v.id.clone()), v.id)).collect())
        });
        // Choose the first VPS once the list is there, so the panel shows something without a click.
        Effect::new(move |_| {
            if let Some(first) = vps_list.data.with(|d| d.as_ref().and_then(|l| l.first().map(|(_, id)| id.clone()))) {
                if selected.get_untracked().is_none() {
                    selected.set(Some(first));
                }
            }
        });
    } else if let Some(id) = fixed_vps {
        // The name is for the restore warning; if it cannot be read the id stands in.
        vps_list.load(shared, move |c| async move {
            let vps = c.get_vps(&id).await?;
            Ok(vec![(vps.name.unwrap_or_else(|| vps.id.clone()), vps.id)])
        });
    }
    let picker_id = shared.id("vps");
    let picker_view = picker.then(|| {
        view! {
            <div class="hostup-panel__picker">
                <label for=picker_id.clone()>"VPS"</label>
                <select
                    id=picker_id.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        selected.set((!v.is_empty()).then_some(v));
                    }
                >
                    {move || {
                        vps_list
                            .data
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(name, id)| {
                                let is_selected = selected.get().as_deref() == Some(id.as_str());
                                let label = if name == id { id.clone() } else { format!("{name} ({id})") };
                                view! {
                                    <option value=id selected=is_selected>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    });
    let refresh_all = RwSignal::new(0u32);
    view! {
        <div class="hostup-panel__bar">
            {picker_view}
            <button
                type="button"
                class="hostup-panel__button hostup-panel__button--quiet"
                on:click=move |_| refresh_all.update(|n| *n += 1)
            >
                "Refresh"
            </button>
        </div>
        <p class="hostup-panel__notice" role="status" aria-live="polite">
            {move || shared.notice.get()}
        </p>
        {move || vps_list.error.get().map(|e| view! { <p class="hostup-panel__error" role="alert">{e}</p> })}
        {move || {
            selected
                .get()
                .map(|id| {
                    let name = vps_list
                        .data
                        .get_untracked()
                        .and_then(|l| l.into_iter().find(|(_, v)| *v == id).map(|(n, _)| n));
                    view! { <VpsSections shared=shared vps_id=id vps_name=name refresh_all=refresh_all/> }
                })
        }}
    }
}

/// Everything the sections of one VPS share.
#[derive(Clone, Copy)]
pub(crate) struct VpsCtx {
    pub(crate) shared: Shared,
    vps_id: StoredValue<String>,
    /// The VPS as people know it: `name (id)`, or the id.
    vps_label: StoredValue<String>,
    pub(crate) backups: Loader<hostup_core::BackupList>,
    pub(crate) snapshots: Loader<hostup_core::SnapshotList>,
    pub(crate) schedules: Loader<hostup_core::ScheduleList>,
    pub(crate) jobs: RwSignal<Vec<JobRow>>,
    /// The snapshot whose restore dialog is open.
    pub(crate) restore_target: RwSignal<Option<Snapshot>>,
    /// "Now" in Unix ms, ticking every 30 s so ages and expiries stay current.
    pub(crate) now: RwSignal<f64>,
}

impl VpsCtx {
    pub(crate) fn vps_id(&self) -> String {
        self.vps_id.get_value()
    }

    pub(crate) fn vps_label(&self) -> String {
        self.vps_label.get_value()
    }

    pub(crate) fn refresh_backups(&self) {
        let id = self.vps_id();
        self.backups.load(self.shared, move |c| async move { c.list_backups(&id).await });
    }

    pub(crate) fn refresh_snapshots(&self) {
        let id = self.vps_id();
        self.snapshots.load(self.shared, move |c| async move { c.list_snapshots(&id).await });
    }

    pub(crate) fn refresh_schedules(&self) {
        let id = self.vps_id();
        self.schedules.load(self.shared, move |c| async move { c.list_backup_schedules(&id).await });
    }

    /// Runs an action against the client; its result comes back through `done` (if the panel is still there).
    pub(crate) fn act<T, Fut>(
        &self,
        action: impl FnOnce(Rc<PanelClient>) -> Fut + 'static,
        done: impl FnOnce(Result<T, Error>) + 'static,
    ) where
        Fut: Future<Output = Result<T, Error>> + 'static,
        T: 'static,
    {
        let Some(client) = self.shared.client() else { return };
        spawn_local(async move { done(action(client).await) });
    }
}

#[component]
fn VpsSections(shared: Shared, vps_id: String, vps_name: Option<String>, refresh_all: RwSignal<u32>) -> impl IntoView {
    let label = match vps_name {
        Some(n) if n != vps_id => format!("{n} ({vps_id})"),
        _ => vps_id.clone(),
    };
    let ctx = VpsCtx {
        shared,
        vps_id: StoredValue::new(vps_id),
        vps_label: StoredValue::new(label),
        backups: Loader::new(),
        snapshots: Loader::new(),
        schedules: Loader::new(),
        jobs: RwSignal::new(Vec::new()),
        restore_target: RwSignal::new(None),
        now: RwSignal::new(js_sys::Date::now()),
    };
    let ticker = set_interval_with_handle(move || ctx.now.set(js_sys::Date::now()), std::time::Duration::from_secs(30));
    if let Ok(handle) = ticker {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move |_| {
        refresh_all.track();
        ctx.refresh_backups();
        ctx.refresh_snapshots();
        ctx.refresh_schedules();
    });
    jobs::resume(ctx);
    view! {
        <JobList ctx=ctx/>
        <div class="hostup-panel__grid">
            <BackupList ctx=ctx/>
            <SnapshotList ctx=ctx/>
        </div>
        <ScheduleForm ctx=ctx/>
        {move || ctx.restore_target.get().map(|snapshot| view! { <RestoreDialog ctx=ctx snapshot=snapshot/> })}
    }
}

/// A list loaded from the API. A failed refresh keeps the last good data on screen next to the error (a 429 storm
/// must not blank the panel); a newer load supersedes an older one still in flight.
pub(crate) struct Loader<T: Send + Sync + 'static> {
    pub(crate) data: RwSignal<Option<T>>,
    pub(crate) error: RwSignal<Option<String>>,
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    fn new() -> Self {
        Self { data: RwSignal::new(None), error: RwSignal::new(None), generation: StoredValue::new(0) }
    }

    /// Starts a load; when it resolves (and no newer load started), its data or error is shown.
    pub(crate) fn load<Fut>(self, shared: Shared, fetch: impl FnOnce(Rc<PanelClient>) -> Fut + 'static)
    where
        Fut: Future<Output = Result<T, Error>> + 'static,
    {
        let Some(client) = shared.client() else { return };
        let Some(generation) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        spawn_local(async move {
            let result = fetch(client).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(data) => {
                    let _ = self.data.try_set(Some(data));
                    let _ = self.error.try_set(None);
                    let _ = shared.notice.try_set(None);
                }
                Err(e) => {
                    let _ = self.error.try_set(Some(shared.report(e)));
                }
            }
        });
    }
}

thread_local! {
    static STYLE_MOUNTED: Cell<bool> = const { Cell::new(false) };
    static NEXT_PANEL: Cell<u32> = const { Cell::new(0) };
}

fn next_prefix() -> String {
    NEXT_PANEL.with(|n| {
        n.set(n.get() + 1);
        format!("hostup-panel-{}", n.get())
    })
}

/// Adopts the panel's stylesheet into the document once (a constructable stylesheet, CSP-safe).
fn mount_style() {
    if STYLE_MOUNTED.with(|m| m.replace(true)) {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(PANEL_CSS).is_err() {
        return;
    }
    let sheets = doc.adopted_style_sheets();
    sheets.push(&sheet);
    doc.set_adopted_style_sheets(&sheets);
}

/// "Now" for formatting, as the integer the state functions take.
pub(crate) fn now_ms(ctx: &VpsCtx) -> i64 {
    ctx.now.get() as i64
}

/// A gate's reason (when closed) under a control, referenced by the control's `aria-describedby`.
pub(crate) fn gate_reason(gate: Option<hostup_core::Gate>) -> Option<String> {
    gate.filter(|g| !g.allowed).map(|g| g.reason.unwrap_or_else(|| "Not possible right now.".to_owned()))
}
