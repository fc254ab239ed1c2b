//! One VPS: its lists, its one model of what is possible (`crate::vps_state`), and the sections. While the server
//! reports a job this panel did not start, the panel polls at the client's pace until it ends, then refreshes
//! every list; when a job it follows ends, it refreshes every list too.

use super::backup_list::BackupList;
use super::jobs::{self, JobList};
use super::restore_dialog::{RestoreDialog, RestoreTarget};
use super::schedules::Schedules;
use super::shared::{id_part, Loader, PanelClient, Shared};
use super::snapshot_list::SnapshotList;
use crate::vps_state::{Action, VpsFacts};
use hostup_client::{Error, Transport};
use hostup_core::{JobPoller, OperationStatus, PollDecision, PollProfile};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::rc::Rc;

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
    /// The title of an action on its way to the server (every job action waits for its answer).
    sending: RwSignal<Option<String>>,
    /// What the open restore dialog restores.
    pub(crate) restore_target: RwSignal<Option<RestoreTarget>>,
}

impl VpsCtx {
    pub(crate) fn vps_id(&self) -> String {
        self.vps_id.get_value()
    }

    pub(crate) fn vps_label(&self) -> String {
        self.vps_label.get_value()
    }

    /// An element id for a per-row control (`restore-snapshot` + `pre-deploy`).
    pub(crate) fn row_id(&self, what: &str, key: &str) -> String {
        self.shared.id(&format!("{what}-{}", id_part(key)))
    }

    /// The title of a job of this VPS the panel follows that has not ended (tracked).
    fn running(&self) -> Option<String> {
        let id = self.vps_id();
        self.shared.histories.with(|h| h.get(&id).and_then(|l| l.iter().find(|e| e.is_running())).map(|e| e.title()))
    }

    /// Reads the one model of this VPS (tracked).
    pub(crate) fn with_facts<R>(&self, f: impl FnOnce(&VpsFacts) -> R) -> R {
        let running = self.running();
        let sending = self.sending.get();
        self.backups.data.with(|b| {
            self.snapshots.data.with(|s| {
                self.schedules.data.with(|c| {
                    f(&VpsFacts {
                        sending: sending.as_deref(),
                        running: running.as_deref(),
                        backups: b.as_ref(),
                        snapshots: s.as_ref(),
                        schedules: c.as_ref(),
                    })
                })
            })
        })
    }

    /// Whether `action` is possible now, or why not (tracked).
    pub(crate) fn gate(&self, action: Action) -> Result<(), String> {
        self.with_facts(|f| f.gate(action))
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

    pub(crate) fn refresh_all(&self) {
        self.refresh_backups();
        self.refresh_snapshots();
        self.refresh_schedules();
    }

    /// Sends an action that starts a job: while it is on its way every other job action waits (no click can reach a
    /// 409 `job_in_progress`); its result comes back through `done` (if the panel is still there).
    pub(crate) fn start<T, Fut>(
        &self,
        title: String,
        action: impl FnOnce(Rc<PanelClient>) -> Fut + 'static,
        done: impl FnOnce(Result<T, Error>) + 'static,
    ) where
        Fut: Future<Output = Result<T, Error>> + 'static,
        T: 'static,
    {
        let sending = self.sending;
        sending.set(Some(title));
        let ctx = *self;
        self.act(action, move |result| {
            let _ = sending.try_set(None);
            if let Err(e) = &result {
                // A refusal may mean the lists are stale (a job started elsewhere, an item gone).
                if matches!(crate::messages::message_for(e).status, Some(404 | 409)) {
                    ctx.refresh_all();
                }
            }
            done(result);
        });
    }

    /// Runs a request that starts no job; its result comes back through `done` (if the panel is still there).
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

/// Polls a job the server reports but this panel did not start, at the client's pace (core's poller, as for the
/// panel's own jobs), until the gates reopen; then refreshes every list.
fn watch_outside_job(ctx: VpsCtx, watching: StoredValue<bool>) {
    if watching.try_get_value() != Some(false) {
        return;
    }
    watching.set_value(true);
    let Some(client) = ctx.shared.client() else { return };
    spawn_local(async move {
        let now = || js_sys::Date::now() as u64;
        let mut poller = JobPoller::new(PollProfile::SNAPSHOT, now(), None);
        let mut decision = poller.start(now(), &OperationStatus::InProgress);
        while let PollDecision::PollAfter(ms) = decision {
            client.transport().sleep(ms).await;
            let id = ctx.vps_id.try_get_value();
            let Some(id) = id else { return };
            let (b, s) = (id.clone(), id);
            ctx.backups.reload(ctx.shared, move |c| async move { c.list_backups(&b).await }).await;
            ctx.snapshots.reload(ctx.shared, move |c| async move { c.list_snapshots(&s).await }).await;
            let still = ctx.backups.data.try_with_untracked(|b| {
                ctx.snapshots.data.with_untracked(|s| {
                    VpsFacts { backups: b.as_ref(), snapshots: s.as_ref(), ..Default::default() }
                        .outside_job()
                        .is_some()
                })
            });
            match still {
                Some(true) => decision = poller.observe(now(), &OperationStatus::InProgress, None),
                Some(false) => {
                    let _ = watching.try_set_value(false);
                    ctx.refresh_schedules();
                    ctx.shared.announce("The job running on this VPS has ended. The lists are up to date.".to_owned());
                    return;
                }
                None => return,
            }
        }
        let _ = watching.try_set_value(false);
    });
}

#[component]
pub(crate) fn VpsSections(
    shared: Shared,
    vps_id: String,
    vps_name: Option<String>,
    refresh_all: RwSignal<u32>,
) -> impl IntoView {
    let label = match vps_name {
        Some(n) if n != vps_id => format!("{n} ({vps_id})"),
        _ => vps_id.clone(),
    };
    let ctx = VpsCtx {
        shared,
        vps_id: StoredValue::new(vps_id.clone()),
        vps_label: StoredValue::new(label),
        backups: Loader::new(),
        snapshots: Loader::new(),
        schedules: Loader::new(),
        sending: RwSignal::new(None),
        restore_target: RwSignal::new(None),
    };
    Effect::new(move |_| {
        refresh_all.track();
        ctx.refresh_all();
    });
    jobs::resume(shared, &vps_id);
    // When a job this panel follows ends, every list is refreshed (each section's gates depend on all of them).
    let ended = Memo::new(move |_| {
        let id = ctx.vps_id();
        shared.histories.with(|h| h.get(&id).map_or(0, |l| l.iter().filter(|e| !e.is_running()).count()))
    });
    Effect::new(move |previous: Option<usize>| {
        let now = ended.get();
        if previous.is_some_and(|p| p != now) {
            ctx.refresh_all();
        }
        now
    });
    let watching = StoredValue::new(false);
    let outside = Memo::new(move |_| ctx.with_facts(|f| f.outside_job()));
    Effect::new(move |_| {
        if outside.get().is_some() {
            watch_outside_job(ctx, watching);
        }
    });
    view! {
        {move || outside.get().map(|reason| view! { <p class="hostup-panel__busy" role="status">{reason}</p> })}
        <div class="hostup-panel__grid">
            <BackupList ctx=ctx/>
            <SnapshotList ctx=ctx/>
        </div>
        <JobList shared=shared vps_id=vps_id/>
        <Schedules ctx=ctx/>
        {move || ctx.restore_target.get().map(|target| view! { <RestoreDialog ctx=ctx target=target/> })}
    }
}
