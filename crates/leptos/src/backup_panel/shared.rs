//! What every part of one panel shares, whatever the VPS: the client, the clock, the status notice, the polite
//! announcer, the job histories, the callbacks; plus the list loader and the stylesheet mount.

use crate::format::Zone;
use crate::job_history::JobEntry;
use crate::messages::{message_for, notice_for, notice_text, Message, Notice};
use hostup_client::{Client, ClientEvent, Error, FetchTransport};
use hostup_core::{ApiKey, Config, Drift, Job};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// The client the panel talks through: the one async client over the browser's `fetch`.
pub type PanelClient = Client<FetchTransport>;

/// The panel's stylesheet, mounted once per document as a constructable stylesheet (allowed under a
/// `style-src 'self'` CSP, unlike an injected `<style>`). The same file can be `<link>`ed instead.
const PANEL_CSS: &str = include_str!("panel.css");

/// The callbacks a page gave the panel.
#[derive(Clone, Copy, Default)]
pub(crate) struct Callbacks {
    pub(crate) on_job_finished: Option<Callback<Job>>,
    pub(crate) on_error: Option<Callback<Error>>,
    pub(crate) on_auth_required: Option<Callback<()>>,
    pub(crate) on_drift: Option<Callback<Drift>>,
}

/// The state of one panel that outlives a change of VPS.
#[derive(Clone, Copy)]
pub(crate) struct Shared {
    client: StoredValue<Rc<PanelClient>, LocalStorage>,
    /// The calm "rate limited — retrying" notice.
    notice: RwSignal<Notice>,
    /// "Now" in Unix ms, ticking every second (ages, elapsed times and countdowns read it).
    pub(crate) now: RwSignal<i64>,
    /// The text of the polite live region: job changes and outcomes, said once.
    pub(crate) announcement: RwSignal<String>,
    /// Job history per VPS id (newest first), kept in `localStorage` too.
    pub(crate) histories: RwSignal<BTreeMap<String, Vec<JobEntry>>>,
    /// Jobs a task of this panel is waiting for (so a VPS shown again does not follow them twice).
    pub(crate) following: StoredValue<BTreeSet<String>>,
    /// Set when the API refused the key (401): the panel then offers a way to give one.
    pub(crate) auth: RwSignal<Option<Message>>,
    pub(crate) callbacks: Callbacks,
    utc: Signal<bool>,
    prefix: StoredValue<String>,
}

impl Shared {
    pub(crate) fn new(client: Rc<PanelClient>, callbacks: Callbacks, utc: Signal<bool>, prefix: String) -> Self {
        let notice = RwSignal::new(Notice::Clear);
        let now = RwSignal::new(js_sys::Date::now() as i64);
        let on_drift = callbacks.on_drift;
        let observer = client.add_observer(move |event| {
            if let ClientEvent::Drift(drift) = event {
                warn_drift(drift);
                if let Some(cb) = on_drift {
                    cb.run(drift.clone());
                }
                return;
            }
            match notice_for(event, js_sys::Date::now() as i64) {
                Notice::Keep => {}
                other => drop(notice.try_set(other)),
            }
        });
        let client = StoredValue::new_local(client);
        // A page's shared client outlives the panel: take the observer off when the panel goes.
        on_cleanup(move || {
            let _ = client.try_with_value(|c| c.remove_observer(observer));
        });
        if let Ok(handle) =
            set_interval_with_handle(move || now.set(js_sys::Date::now() as i64), std::time::Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
        Self {
            client,
            notice,
            now,
            announcement: RwSignal::new(String::new()),
            histories: RwSignal::new(BTreeMap::new()),
            following: StoredValue::new(BTreeSet::new()),
            auth: RwSignal::new(None),
            callbacks,
            utc,
            prefix: StoredValue::new(prefix),
        }
    }

    /// The client (an `Rc` clone, to move into a future).
    pub(crate) fn client(&self) -> Option<Rc<PanelClient>> {
        self.client.try_get_value()
    }

    /// An element id unique to this panel.
    pub(crate) fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix.get_value())
    }

    /// Where times are shown (tracked).
    pub(crate) fn zone(&self) -> Zone {
        if self.utc.get() {
            Zone::Utc
        } else {
            Zone::Local(local_offset_minutes)
        }
    }

    /// The notice now, as (what happens, countdown) (tracked: it counts down).
    pub(crate) fn notice_text(&self) -> Option<(String, String)> {
        let now = self.now.get();
        self.notice.with(|n| notice_text(n, now))
    }

    pub(crate) fn clear_notice(&self) {
        let _ = self.notice.try_set(Notice::Clear);
    }

    /// Says `text` through the polite live region.
    pub(crate) fn announce(&self, text: String) {
        let _ = self.announcement.try_set(text);
    }

    /// Reports an error to `on_error` (and a refused key to `on_auth_required`) and returns its message.
    pub(crate) fn report(&self, error: Error) -> Message {
        let message = message_for(&error);
        if message.needs_key() && self.auth.try_get_untracked().flatten().is_none() {
            let _ = self.auth.try_set(Some(message.clone()));
            if let Some(cb) = self.callbacks.on_auth_required {
                cb.run(());
            }
        }
        if let Some(cb) = self.callbacks.on_error {
            cb.run(error);
        }
        message
    }
}

/// Contract drift (a field or value this version does not know) goes to the console as a warning, once per
/// (endpoint, pointer, kind): the client deduplicates. The panel keeps working with what it knows.
fn warn_drift(drift: &Drift) {
    let value = drift.value.as_deref().map(|v| format!(" (value {v:?})")).unwrap_or_default();
    let text = format!(
        "hostup-backups: HostUp's {} answer has an undocumented {} at {}{value}; the panel ignores it. \
         A newer version of the package may know it.",
        drift.endpoint,
        if drift.kind.as_str() == "unknown_field" { "field" } else { "value" },
        drift.pointer,
    );
    web_sys::console::warn_1(&text.into());
}

/// The viewer's offset from UTC at instant `ms`, in minutes east (the browser knows the zone's rules).
fn local_offset_minutes(ms: i64) -> i32 {
    -(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).get_timezone_offset() as i32)
}

/// Builds the panel's own client.
pub(crate) fn build_client(base_url: &str, api_key: Option<String>, credentials: bool) -> Result<PanelClient, String> {
    let key = match api_key.filter(|k| !k.trim().is_empty()) {
        Some(k) => Some(ApiKey::new(k).map_err(|e| e.detail)?),
        None => None,
    };
    let config = Config::new(base_url, key).map_err(|e| e.detail)?;
    Ok(Client::new(config, FetchTransport::new(credentials)))
}

/// A list loaded from the API. A failed refresh keeps the last good data on screen next to the error (a 429 storm
/// must not blank the panel); a newer load supersedes an older one still in flight.
pub(crate) struct Loader<T: Send + Sync + 'static> {
    pub(crate) data: RwSignal<Option<T>>,
    pub(crate) error: RwSignal<Option<Message>>,
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    pub(crate) fn new() -> Self {
        Self { data: RwSignal::new(None), error: RwSignal::new(None), generation: StoredValue::new(0) }
    }

    /// Starts a load in the background.
    pub(crate) fn load<Fut>(self, shared: Shared, fetch: impl FnOnce(Rc<PanelClient>) -> Fut + 'static)
    where
        Fut: Future<Output = Result<T, Error>> + 'static,
    {
        spawn_local(self.reload(shared, fetch));
    }

    /// Loads; when it resolves (and no newer load started), its data or error is shown.
    pub(crate) fn reload<Fut>(
        self,
        shared: Shared,
        fetch: impl FnOnce(Rc<PanelClient>) -> Fut + 'static,
    ) -> impl Future<Output = ()> + 'static
    where
        Fut: Future<Output = Result<T, Error>> + 'static,
    {
        let client = shared.client();
        let generation = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        });
        async move {
            let (Some(client), Some(generation)) = (client, generation) else { return };
            let result = fetch(client).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(data) => {
                    let _ = self.data.try_set(Some(data));
                    let _ = self.error.try_set(None);
                    shared.clear_notice();
                }
                Err(e) => {
                    let _ = self.error.try_set(Some(shared.report(e)));
                }
            }
        }
    }
}

thread_local! {
    static ADOPTED: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_PANEL: Cell<u32> = const { Cell::new(0) };
}

/// A prefix for the element ids of a new panel.
pub(crate) fn next_prefix() -> String {
    NEXT_PANEL.with(|n| {
        n.set(n.get() + 1);
        format!("hostup-panel-{}", n.get())
    })
}

/// Adopts the panel's stylesheet into the document once (a constructable stylesheet, CSP-safe).
pub(crate) fn mount_style() {
    adopt_stylesheet(PANEL_CSS);
}

/// Adopts `css` into the document once per page (a constructable stylesheet: CSP-safe, no inline styles). Each
/// component's sheet is adopted the first time one of them mounts.
pub(crate) fn adopt_stylesheet(css: &'static str) {
    let first = ADOPTED.with(|a| {
        let mut a = a.borrow_mut();
        let new = !a.iter().any(|p| std::ptr::eq(*p, css));
        if new {
            a.push(css);
        }
        new
    });
    if !first {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(css).is_err() {
        return;
    }
    let sheets = doc.adopted_style_sheets();
    sheets.push(&sheet);
    doc.set_adopted_style_sheets(&sheets);
}

/// Moves focus to the first of `ids` that is in the document (a control that opened a dialog, then a sensible
/// neighbour such as the section's heading).
pub(crate) fn focus_first(ids: &[String]) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    for id in ids {
        if let Some(el) = doc.get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            if el.focus().is_ok() && doc.active_element().is_some_and(|a| a.is_same_node(Some(&el))) {
                return;
            }
        }
    }
}

/// [`focus_first`] once the pending DOM updates are done (after a list re-renders).
pub(crate) fn focus_soon(ids: Vec<String>) {
    request_animation_frame(move || focus_first(&ids));
}

/// An id safe to put in an element id: the API's ids are URL-unreserved text; anything else becomes `_`.
pub(crate) fn id_part(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}
