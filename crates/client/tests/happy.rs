//! Every client method against the real simulator process, happy path.

mod common;

use common::Sim;
use hostup_client::core::{
    BackupSchedule, Cadence, Description, Frequency, Job, JobKind, OperationStatus, ScheduleStatus,
};
use hostup_client::{Client, JobTarget, NativeTransport, WaitOptions};
use serde_json::json;
use std::cell::RefCell;

const JOB_MS: &str = "300";

/// Waits for `target`, recording every status `on_progress` reports.
async fn wait_recording(client: &Client<NativeTransport>, target: JobTarget) -> (Job, Vec<OperationStatus>) {
    let seen = RefCell::new(Vec::new());
    let progress = |j: &Job| seen.borrow_mut().push(j.status.clone());
    let job = client
        .wait_for_job(
            target,
            WaitOptions { timeout_ms: Some(20_000), on_progress: Some(&progress), ..Default::default() },
        )
        .await
        .expect("job completes");
    (job, seen.into_inner())
}

fn assert_progress(seen: &[OperationStatus]) {
    assert_eq!(seen.last(), Some(&OperationStatus::Completed), "progress ends with completed: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] != w[1]), "progress reports changes only: {seen:?}");
}

#[tokio::test]
async fn reads_vps_list_details_status_backups_snapshots_schedules() {
    let sim = Sim::start(&["--job-ms", JOB_MS, "--vps-count", "3"]);
    let c = sim.client();
    let list = c.list_vps().await.unwrap();
    assert_eq!(list.data.len(), 3);
    assert!(list.data.iter().all(|v| v.id.starts_with("vps_")));
    assert!(!list.data.iter().any(|v| v.id == sim.other_vps), "another account's VPS is not listed");
    let id = &list.data[0].id;

    let vps = c.get_vps(id).await.unwrap();
    assert_eq!(&vps.id, id);
    assert_eq!(vps.name, list.data[0].name);
    assert!(vps.hostname.as_deref().unwrap_or_default().ends_with(".vps.hostup.se"));

    let status = c.get_vps_status(id).await.unwrap();
    assert_eq!(status.status.as_deref(), Some("running"));

    let backups = c.list_backups(id).await.unwrap();
    assert!(!backups.backups.is_empty());
    assert!(backups.backups.iter().all(|b| b.id.starts_with("bkp_") && b.size_gb > 0.0));
    assert_eq!(backups.quota_info.used, backups.backups.len() as u64);
    assert!(backups.actions.can_create_backup.allowed);

    let snaps = c.list_snapshots(id).await.unwrap();
    assert!(snaps.available);
    assert!(!snaps.data.is_empty());
    assert_eq!(snaps.limits.used_snapshots, Some(snaps.data.len() as u64));
    assert!(snaps.actions.can_restore.allowed);

    let schedules = c.list_backup_schedules(id).await.unwrap();
    assert_eq!(schedules.data.len(), 1);
    assert_eq!(schedules.data[0].frequency, Frequency::Daily);
    assert_eq!(schedules.data[0].status, Some(ScheduleStatus::Completed));
    assert_eq!(schedules.limits.max_schedules, Some(1));

    // Another account's VPS is a 404, not a leak.
    let err = c.get_vps(&sim.other_vps).await.unwrap_err();
    assert!(
        matches!(&err, hostup_client::Error::Core(hostup_client::core::Error::Api(a)) if a.status == 404),
        "{err:?}"
    );
}

#[tokio::test]
async fn creates_backups_with_and_without_note_and_waits_for_them() {
    let sim = Sim::start(&["--job-ms", JOB_MS]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let before = c.list_backups(&id).await.unwrap().backups.len();

    let op = c.create_backup(&id, None).await.unwrap();
    assert!(op.job_id.starts_with("job_"));
    assert_eq!(op.poll_url, format!("/api/jobs/{}", op.job_id));
    assert!(matches!(op.status, OperationStatus::Queued | OperationStatus::Pending), "{:?}", op.status);
    let (job, seen) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_progress(&seen);
    assert_eq!(job.kind, Some(JobKind::Backup));
    let new_id = job.result.as_ref().and_then(|r| r["backupId"].as_str()).expect("result.backupId").to_owned();

    let op = c.create_backup(&id, Some("before upgrade".into())).await.unwrap();
    let (job, seen) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_progress(&seen);
    let noted_id = job.result.as_ref().and_then(|r| r["backupId"].as_str()).expect("result.backupId").to_owned();

    let after = c.list_backups(&id).await.unwrap();
    assert_eq!(after.backups.len(), before + 2);
    let plain = after.backups.iter().find(|b| b.id == new_id).expect("first backup listed");
    assert_eq!(plain.note, None);
    assert_eq!(plain.backup_type, "manual");
    let noted = after.backups.iter().find(|b| b.id == noted_id).expect("second backup listed");
    assert_eq!(noted.note.as_deref(), Some("before upgrade"));
    let stats = sim.stats();
    assert_eq!(stats["createsAccepted"]["backups"], 2);
}

#[tokio::test]
async fn snapshot_create_restore_delete_round_trip() {
    let sim = Sim::start(&["--job-ms", JOB_MS]);
    let c = sim.client();
    let ids = common::vps_ids(&sim).await;
    let id = &ids[1];
    let before = c.list_snapshots(id).await.unwrap();
    assert!(before.actions.can_create.allowed, "{:?}", before.actions.can_create);

    let op = c.create_snapshot(id, "it-before-upgrade", Description::Text("Before the upgrade".into())).await.unwrap();
    assert_eq!(op.result.as_ref().and_then(|r| r["name"].as_str()), Some("it-before-upgrade"));
    // While the job runs, the server closes the gate.
    let busy = c.list_snapshots(id).await.unwrap();
    assert!(!busy.actions.can_create.allowed);
    assert_eq!(busy.actions.can_create.code.as_deref(), Some("job_in_progress"));
    let (job, seen) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_progress(&seen);
    assert_eq!(job.kind, Some(JobKind::Snapshot));

    let list = c.list_snapshots(id).await.unwrap();
    let snap = list.data.iter().find(|s| s.name == "it-before-upgrade").expect("snapshot listed");
    assert_eq!(snap.description.as_deref(), Some("Before the upgrade"));
    assert!(snap.expires_at.is_some());

    let op = c.restore_snapshot(id, "it-before-upgrade", "it-before-upgrade").await.unwrap();
    let (job, _) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_eq!(job.kind, Some(JobKind::SnapshotRestore));
    let vps = c.get_vps(id).await.unwrap();
    assert_eq!(vps.extra.get("restoredFrom"), Some(&json!("snapshot:it-before-upgrade")));

    let op = c.delete_snapshot(id, "it-before-upgrade").await.unwrap().expect("202 operation");
    let (job, _) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_eq!(job.kind, Some(JobKind::SnapshotDelete));
    let list = c.list_snapshots(id).await.unwrap();
    assert!(list.data.iter().all(|s| s.name != "it-before-upgrade"));
    assert_eq!(list.data.len(), before.data.len());

    // Without a description, and with an explicit null one, on other VPS.
    let op = c.create_snapshot(&ids[0], "it-no-description", Description::Omitted).await.unwrap();
    c.wait_for_job(JobTarget::Operation(op), WaitOptions { timeout_ms: Some(10_000), ..Default::default() })
        .await
        .unwrap();
    let op = c.create_snapshot(&ids[2], "it-null-description", Description::Null).await.unwrap();
    c.wait_for_job(JobTarget::Operation(op), WaitOptions { timeout_ms: Some(10_000), ..Default::default() })
        .await
        .unwrap();
    for (vps, name) in [(&ids[0], "it-no-description"), (&ids[2], "it-null-description")] {
        let list = c.list_snapshots(vps).await.unwrap();
        let s = list.data.iter().find(|s| s.name == name).expect("listed");
        assert_eq!(s.description, None);
    }
    let stats = sim.stats();
    assert_eq!(stats["createsAccepted"]["snapshots"], 3);
    assert_eq!(stats["restoresAcceptedByKind"]["snapshots"], 1);
    assert_eq!(stats["deletesAccepted"], 1);
}

#[tokio::test]
async fn schedules_set_daily_weekly_monthly_update_and_delete() {
    let sim = Sim::start(&["--job-ms", JOB_MS]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);

    let daily = BackupSchedule::new(Cadence::Daily, 3, 5, true, Some("Nightly backup".into())).unwrap();
    let s = c.set_backup_schedule(&id, daily).await.unwrap();
    assert!(s.id.starts_with("bks_"));
    assert_eq!((s.frequency, s.time.as_deref(), s.day_specifier), (Frequency::Daily, Some("03:00"), None));
    assert_eq!(s.retention_count, 5);
    assert!(s.enabled);
    assert!(s.next_run.as_deref().unwrap_or_default().contains("T03:00:00"), "{:?}", s.next_run);

    let weekly = BackupSchedule::new(Cadence::Weekly { day_of_week: 1 }, 4, 6, true, None).unwrap();
    let s = c.set_backup_schedule(&id, weekly).await.unwrap();
    assert_eq!(s.frequency, Frequency::Weekly);
    assert_eq!(s.time.as_deref(), Some("04:00"));
    assert_eq!(s.day_specifier.as_deref(), Some("monday"));

    let monthly = BackupSchedule::new(Cadence::Monthly { day_of_month: 15 }, 23, 2, false, None).unwrap();
    let s = c.set_backup_schedule(&id, monthly).await.unwrap();
    assert_eq!(s.frequency, Frequency::Monthly);
    assert_eq!(s.day_specifier.as_deref(), Some("15"));
    assert!(!s.enabled);
    // The VPS has one schedule slot: each set replaced the previous one.
    let list = c.list_backup_schedules(&id).await.unwrap();
    assert_eq!(list.data.len(), 1);
    assert_eq!(list.data[0].id, s.id);

    let updated = c.update_backup_schedules(&id, &json!({ "retentionCount": 9, "enabled": true })).await.unwrap();
    assert_eq!(updated.id, s.id);
    assert_eq!(updated.retention_count, 9);
    assert!(updated.enabled);
    assert_eq!(updated.frequency, Frequency::Monthly);
    // Back to daily: the day field is removed with null.
    let updated =
        c.update_backup_schedules(&id, &json!({ "id": s.id, "frequency": "daily", "dayOfMonth": null })).await.unwrap();
    assert_eq!((updated.frequency, updated.day_specifier), (Frequency::Daily, None));

    c.delete_backup_schedule(&id, &s.id).await.unwrap();
    assert!(c.list_backup_schedules(&id).await.unwrap().data.is_empty());
    let err = c.delete_backup_schedule(&id, &s.id).await.unwrap_err();
    assert!(
        matches!(&err, hostup_client::Error::Core(hostup_client::core::Error::Api(a)) if a.status == 404),
        "{err:?}"
    );
}

#[tokio::test]
async fn backup_restore_and_delete() {
    let sim = Sim::start(&["--job-ms", "150"]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let backups = c.list_backups(&id).await.unwrap().backups;
    let (first, second) = (backups[0].id.clone(), backups[1].id.clone());

    let op = c.restore_backup(&id, &first, &first).await.unwrap();
    let (job, seen) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_progress(&seen);
    assert_eq!(job.kind, Some(JobKind::BackupRestore));
    let vps = c.get_vps(&id).await.unwrap();
    assert_eq!(vps.extra.get("restoredFrom"), Some(&json!(format!("backup:{first}"))));

    let op = c.delete_backup(&id, &second).await.unwrap().expect("202 operation");
    let (job, _) = wait_recording(&c, JobTarget::Operation(op)).await;
    assert_eq!(job.kind, Some(JobKind::BackupDelete));
    let after = c.list_backups(&id).await.unwrap().backups;
    assert_eq!(after.len(), backups.len() - 1);
    assert!(after.iter().all(|b| b.id != second));
    let stats = sim.stats();
    assert_eq!(stats["restoresAcceptedByKind"]["backups"], 1);
    assert_eq!(stats["deletesAccepted"], 1);
}

#[tokio::test]
async fn jobs_by_id_and_by_poll_url() {
    let sim = Sim::start(&["--job-ms", "1000"]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let op = c.create_snapshot(&id, "it-job-lookup", Description::Omitted).await.unwrap();

    let by_id = c.get_job(&op.job_id).await.unwrap();
    let by_url = c.get_job(&op.poll_url).await.unwrap();
    let by_abs = c.get_job(&format!("{}{}", sim.base, op.poll_url)).await.unwrap();
    for job in [&by_id, &by_url, &by_abs] {
        assert_eq!(job.job_id, op.job_id);
        assert_eq!(job.kind, Some(JobKind::Snapshot));
        assert!(!job.status.is_terminal(), "{:?}", job.status);
        assert_eq!(job.poll_url.as_deref(), Some(op.poll_url.as_str()));
    }

    // A restarted script resumes by poll URL; progress shows every change, the final job carries the result.
    let (job, seen) = wait_recording(&c, JobTarget::Id(op.poll_url.clone())).await;
    assert_progress(&seen);
    assert!(seen.len() >= 2, "a 1 s job is seen running, then completed: {seen:?}");
    assert_eq!(job.result.as_ref().and_then(|r| r["name"].as_str()), Some("it-job-lookup"));
    assert!(job.error.is_none());

    // By job id, once done: answers at once.
    let started = std::time::Instant::now();
    let done = c
        .wait_for_job(JobTarget::Id(op.job_id.clone()), WaitOptions { timeout_ms: Some(5_000), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(done.status, OperationStatus::Completed);
    assert!(started.elapsed().as_millis() < 1_000, "a finished job is noticed on the first poll");

    // An unknown job is a 404 API error.
    let err = c.get_job("job_doesnotexist").await.unwrap_err();
    assert!(
        matches!(&err, hostup_client::Error::Core(hostup_client::core::Error::Api(a)) if a.status == 404),
        "{err:?}"
    );
}
