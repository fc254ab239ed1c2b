//! The demo page's app: `<BackupPanel/>` against the page's own origin (the simulator serves both).
//!
//! Built for the browser by `node scripts/build-demo.mjs` (`--target wasm32-unknown-unknown --example demo`, then
//! wasm-bindgen and wasm-opt into `web/dist/leptos/`). The API key comes from the URL fragment `#key=TOKEN` (a
//! fragment never reaches a server) or from the "API key" field; it is kept in memory only.

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
    use hostup_leptos::BackupPanel;
    use leptos::prelude::*;

    /// The key from `#key=TOKEN`, if the page was opened with one.
    fn key_from_fragment() -> Option<String> {
        let hash = web_sys::window()?.location().hash().ok()?;
        hash.trim_start_matches('#')
            .split('&')
            .find_map(|pair| pair.strip_prefix("key="))
            .map(|k| js_sys::decode_uri_component(k).ok().and_then(|s| s.as_string()).unwrap_or_else(|| k.to_owned()))
            .filter(|k| !k.is_empty())
    }

    #[component]
    fn Demo() -> impl IntoView {
        let key = RwSignal::new(key_from_fragment());
        let typed = RwSignal::new(String::new());
        let connect = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let k = typed.get_untracked().trim().to_owned();
            if !k.is_empty() {
                key.set(Some(k));
            }
        };
        view! {
            <header class="demo__header">
                <h1>"HostUp VPS backups"</h1>
                <p>
                    "A Leptos widget driving the HostUp simulator on this page's origin. "
                    <a href="./js/">"Plain-JS demo"</a>
                </p>
            </header>
            {move || match key.get() {
                Some(k) => view! { <BackupPanel base_url="" api_key=k/> }.into_any(),
                None => view! {
                    <form class="demo__key" on:submit=connect>
                        <label for="demo-key">"API key"</label>
                        <input
                            id="demo-key"
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
                .into_any(),
            }}
        }
    }

    pub fn main() {
        leptos::mount::mount_to_body(Demo);
    }
}
