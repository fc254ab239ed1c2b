//! The demo page's app: `<BackupPanel/>` against the page's own origin (the simulator serves both).
//!
//! Built for the browser by `node scripts/build-demo.mjs` (`--target wasm32-unknown-unknown --example demo`, then
//! wasm-bindgen and wasm-opt into `web/dist/leptos/`). The API key comes from the URL fragment `#key=TOKEN` (a
//! fragment never reaches a server) or from the "API key" field; it is kept in memory only. `#vps=ID` fixes the VPS and
//! `#utc=1` shows times in UTC.

#[cfg(target_arch = "wasm32")]
fn main() {
    app::main();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The demo runs in a browser: build it with `node scripts/build-demo.mjs` and serve web/dist.");
}

#[cfg(target_arch = "wasm32")]
mod app {
    use hostup_leptos::{BackupPanel, FleetOverview};
    use leptos::prelude::*;

    /// A parameter of the URL fragment (`#key=TOKEN&vps=ID&utc=1`); a fragment never reaches a server.
    fn fragment(name: &str) -> Option<String> {
        let hash = web_sys::window()?.location().hash().ok()?;
        let prefix = format!("{name}=");
        hash.trim_start_matches('#')
            .split('&')
            .find_map(|pair| pair.strip_prefix(prefix.as_str()))
            .map(|k| js_sys::decode_uri_component(k).ok().and_then(|s| s.as_string()).unwrap_or_else(|| k.to_owned()))
            .filter(|k| !k.is_empty())
    }

    #[component]
    fn Demo() -> impl IntoView {
        let key = RwSignal::new(fragment("key"));
        // `#vps=ID` fixes the VPS (no picker) and `#utc=1` shows times in UTC; both follow later changes of the
        // fragment, which exercises the panel's reactive props.
        let vps = RwSignal::new(fragment("vps"));
        let utc = RwSignal::new(fragment("utc").is_some());
        let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            vps.set(fragment("vps"));
            utc.set(fragment("utc").is_some());
        });
        if let Some(w) = web_sys::window() {
            w.set_onhashchange(Some(wasm_bindgen::JsCast::unchecked_ref(on_hash.as_ref())));
        }
        on_hash.forget();
        // The key form shows without a key, and again when the panel says the key was refused.
        let asking = RwSignal::new(key.get_untracked().is_none());
        let typed = RwSignal::new(String::new());
        let input = NodeRef::<leptos::html::Input>::new();
        input.on_load(|el| {
            let _ = el.focus();
        });
        let connect = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let k = typed.get_untracked().trim().to_owned();
            if !k.is_empty() {
                typed.set(String::new());
                asking.set(false);
                key.set(Some(k));
            }
        };
        let has_key = Memo::new(move |_| key.with(Option::is_some));
        // Contract drift the panel reported (it also warns in the console).
        let drift = RwSignal::new(0u32);
        let key_form = move || {
            asking.get().then(|| {
                view! {
                    <form class="demo__key" on:submit=connect aria-labelledby="demo-key-title">
                        <h2 id="demo-key-title" class="demo__key-title">"Connect with an API key"</h2>
                        <label for="demo-key">"API key"</label>
                        <input
                            id="demo-key"
                            node_ref=input
                            type="password"
                            autocomplete="off"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                        <button type="submit">"Connect"</button>
                        <p class="demo__hint">
                            "The simulator prints its key at startup (" <code>"key: TOKEN"</code>
                            "). It stays in this page's memory only."
                        </p>
                    </form>
                }
            })
        };
        view! {
            <header class="demo__header">
                <h1>"HostUp VPS backups"</h1>
                <p>
                    "A Leptos widget driving the HostUp simulator on this page's origin. "
                    <a href="./js/">"Plain-JS demo"</a>
                </p>
            </header>
            <main>
                {key_form}
                {move || {
                    (drift.get() > 0)
                        .then(|| {
                            view! {
                                <p class="demo__drift">
                                    {format!(
                                        "HostUp's API sent {} thing(s) this version does not know yet; details are in the console.",
                                        drift.get(),
                                    )}
                                </p>
                            }
                        })
                }}
                {move || {
                    // The fleet view checks every VPS; choosing one opens it in the panel below (and moves focus
                    // there). A new key builds a new view.
                    key.get().map(|k| {
                        let choose = move |id: String| {
                            vps.set(Some(id));
                            if let Some(el) = web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id("demo-panel"))
                            {
                                let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&el).focus();
                            }
                        };
                        view! { <FleetOverview base_url="" api_key=k on_select=choose/> }
                    })
                }}
                {move || {
                    has_key
                        .get()
                        .then(|| {
                            view! {
                                <div id="demo-panel" role="region" tabindex="-1" aria-label="Backups of the chosen VPS">
                                <BackupPanel
                                    base_url=""
                                    api_key=Signal::derive(move || key.get())
                                    vps_id=Signal::derive(move || vps.get())
                                    utc=utc
                                    on_auth_required=move |()| asking.set(true)
                                    on_drift=move |_| drift.update(|n| *n += 1)
                                />
                                </div>
                            }
                        })
                }}
            </main>
        }
    }

    pub fn main() {
        // A panic (a bug) says what happened in the console instead of a bare "unreachable".
        std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
        leptos::mount::mount_to_body(Demo);
    }
}
