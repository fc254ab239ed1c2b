//! The panel's body: the VPS picker (when no `vps_id` is given), the states with a way forward — a refused key, an
//! account with no VPS, loading — the status notice and the polite announcer, then the chosen VPS.

use super::parts::{ErrorView, Placeholder};
use super::shared::{focus_soon, Loader, Shared};
use super::vps::VpsSections;
use leptos::prelude::*;

#[component]
pub(crate) fn PanelBody(shared: Shared, vps_id: MaybeProp<String>) -> impl IntoView {
    let vps_list = Loader::<Vec<(String, String)>>::new();
    let picked = RwSignal::new(None::<String>);
    let picker = move || vps_id.with(|v| v.is_none());
    let load = move || {
        if picker() {
            vps_list.load(shared, move |c| async move {
                let list = c.list_vps().await?;
                Ok(list.data.into_iter().map(|v| (v.name.clone().unwrap_or_else(|| v.id.clone()), v.id)).collect())
            });
        } else if let Some(id) = vps_id.get_untracked() {
            // The name is for the restore warning; if it cannot be read the id stands in.
            vps_list.load(shared, move |c| async move {
                let vps = c.get_vps(&id).await?;
                Ok(vec![(vps.name.unwrap_or_else(|| vps.id.clone()), vps.id)])
            });
        }
    };
    // (Re)load when the `vps_id` prop changes.
    Effect::new(move |_| {
        vps_id.track();
        load();
    });
    // Choose the first VPS once the list is there, so the panel shows something without a click.
    Effect::new(move |_| {
        if let Some(first) = vps_list.data.with(|d| d.as_ref().and_then(|l| l.first().map(|(_, id)| id.clone()))) {
            if picked.get_untracked().is_none() {
                picked.set(Some(first));
            }
        }
    });
    let selected = move || vps_id.get().or_else(|| picked.get());
    let refresh_all = RwSignal::new(0u32);
    let retry = move |_| {
        shared.auth.set(None);
        load();
        refresh_all.update(|n| *n += 1);
    };

    let picker_id = shared.id("vps");
    let fixed_view = move || {
        (!picker()).then(|| {
            let label = move || {
                vps_list.data.with(|d| match d.as_ref().and_then(|l| l.first()) {
                    Some((name, id)) if name != id => format!("{name} ({id})"),
                    Some((_, id)) => id.clone(),
                    None => vps_id.get().unwrap_or_default(),
                })
            };
            view! { <p class="hostup-panel__vps">"VPS: " <strong>{label}</strong></p> }
        })
    };
    let picker_view = move || {
        picker().then(|| {
            let picker_id = picker_id.clone();
            view! {
                <div class="hostup-panel__picker">
                    <label for=picker_id.clone()>"VPS"</label>
                    <select
                        id=picker_id
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            picked.set((!v.is_empty()).then_some(v));
                        }
                    >
                        {move || {
                            vps_list
                                .data
                                .get()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(name, id)| {
                                    let is_selected = selected().as_deref() == Some(id.as_str());
                                    let label = if name == id { id.clone() } else { format!("{name} ({id})") };
                                    view! { <option value=id selected=is_selected>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            }
        })
    };

    let auth_heading = shared.id("auth-title");
    let auth_state = move || {
        shared.auth.get().map(|message| {
            let ask = shared.callbacks.on_auth_required;
            let heading = auth_heading.clone();
            focus_soon(vec![heading.clone()]);
            view! {
                <div class="hostup-panel__state" role="region" aria-labelledby=heading.clone()>
                    <h3 class="hostup-panel__heading" id=heading.clone() tabindex="-1">"An API key is needed"</h3>
                    <ErrorView message=message/>
                    <p>"Use a key with the read:vm, backup:vm and write:vm scopes, from the HostUp dashboard under API keys."</p>
                    <div class="hostup-panel__actions">
                        {ask.map(|cb| view! {
                            <button type="button" class="hostup-panel__button" on:click=move |_| cb.run(())>"Enter an API key"</button>
                        })}
                        <button type="button" class="hostup-panel__button hostup-panel__button--quiet" on:click=retry>"Try again"</button>
                    </div>
                </div>
            }
        })
    };

    // Memos: a refresh of the VPS list re-renders nothing unless what is shown changes.
    let signed_in = Memo::new(move |_| shared.auth.with(Option::is_none));
    let no_vps = Memo::new(move |_| picker() && vps_list.data.with(|d| d.as_ref().is_some_and(Vec::is_empty)));
    let current = Memo::new(move |_| selected());
    let loading = Memo::new(move |_| vps_list.data.with(Option::is_none) && vps_list.error.with(Option::is_none));
    let content = move || {
        if !signed_in.get() {
            return ().into_any();
        }
        if no_vps.get() {
            return view! {
                <div class="hostup-panel__state">
                    <h3 class="hostup-panel__heading">"No VPS yet"</h3>
                    <p>"This account has no VPS. Once you order one in the HostUp dashboard, its backups, snapshots and schedules show up here."</p>
                    <button type="button" class="hostup-panel__button hostup-panel__button--quiet" on:click=retry>"Check again"</button>
                </div>
            }
            .into_any();
        }
        match current.get() {
            Some(id) => {
                let name =
                    vps_list.data.get_untracked().and_then(|l| l.into_iter().find(|(_, v)| *v == id).map(|(n, _)| n));
                view! { <VpsSections shared=shared vps_id=id vps_name=name refresh_all=refresh_all/> }.into_any()
            }
            None if loading.get() => view! { <Placeholder what="your VPS"/> }.into_any(),
            None => ().into_any(),
        }
    };

    view! {
        <div class="hostup-panel__bar">
            {picker_view}
            {fixed_view}
            <button
                type="button"
                class="hostup-panel__button hostup-panel__button--quiet"
                on:click=move |_| {
                    load();
                    refresh_all.update(|n| *n += 1);
                }
            >
                "Refresh"
            </button>
        </div>
        <p class="hostup-panel__notice" role="status">
            {move || shared.notice_text().map(|(what, _)| what)}
            <span aria-hidden="true">{move || shared.notice_text().map(|(_, when)| when)}</span>
        </p>
        <p class="hostup-panel__sr-only" role="status" aria-live="polite">{move || shared.announcement.get()}</p>
        {auth_state}
        {move || {
            (shared.auth.with(Option::is_none))
                .then(|| vps_list.error.get().map(|m| view! { <ErrorView message=m/> }))
                .flatten()
        }}
        {content}
    }
}
