//! The job history of one VPS: what the panel started or resumed, with times, status and outcome. It is kept in
//! `localStorage` (ids, kinds, labels, times and outcome text — never the API key), so it survives switching VPS and
//! reloading; running entries are followed again after a reload.

use hostup_core::{Job, JobKind, OperationStatus};
use serde_json::{Map, Value};

/// How many entries a VPS keeps; the oldest finished ones go first.
pub const HISTORY_MAX: usize = 20;

/// One job as the history shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobEntry {
    /// `job_…`.
    pub id: String,
    /// The job's kind (wire text), when known.
    pub kind: Option<String>,
    /// What it acts on (a snapshot name, a backup's date or note), for the label.
    pub subject: String,
    /// The last status seen (wire text: `queued`, `in_progress`, `completed`, `failed`), or `unknown` when the job
    /// could not be followed.
    pub status: String,
    /// When the panel started or first saw it (Unix ms).
    pub started_ms: i64,
    /// When it was seen ending (Unix ms).
    pub ended_ms: Option<i64>,
    /// The failure's sentence, for a failed job.
    pub failure: Option<String>,
    /// The request id of the failure, to quote to support.
    pub request_id: Option<String>,
}

impl JobEntry {
    /// A job just accepted (or found in storage without more detail).
    pub fn new(id: &str, kind: Option<&JobKind>, subject: &str, status: &str, now_ms: i64) -> Self {
        Self {
            id: id.to_owned(),
            kind: kind.map(|k| k.as_str().to_owned()),
            subject: subject.to_owned(),
            status: status.to_owned(),
            started_ms: now_ms,
            ended_ms: None,
            failure: None,
            request_id: None,
        }
    }

    /// The kind, parsed.
    pub fn job_kind(&self) -> Option<JobKind> {
        self.kind.as_deref().map(JobKind::from_wire)
    }

    /// Whether the job may still change.
    pub fn is_running(&self) -> bool {
        self.ended_ms.is_none()
    }

    /// What it does, for people.
    pub fn title(&self) -> String {
        job_title(self.job_kind().as_ref(), &self.subject)
    }

    /// Takes in what a poll saw.
    pub fn observe(&mut self, job: &Job, now_ms: i64) {
        self.status = job.status.as_str().to_owned();
        if self.kind.is_none() {
            self.kind = job.kind.as_ref().map(|k| k.as_str().to_owned());
        }
        if job.status.is_terminal() && self.ended_ms.is_none() {
            self.ended_ms = Some(now_ms);
        }
    }

    /// Marks the entry ended with a failure.
    pub fn fail(&mut self, status: &str, sentence: String, request_id: Option<String>, now_ms: i64) {
        self.status = status.to_owned();
        self.failure = Some(sentence);
        self.request_id = request_id;
        self.ended_ms.get_or_insert(now_ms);
    }

    /// The status for people: `queued`, `running`, `completed`, `failed`, `unknown`.
    pub fn status_text(&self) -> String {
        status_text(&OperationStatus::from_wire(&self.status))
    }
}

/// What a job does, for people: `Backup`, `Snapshot before-upgrade`, `Restore of snapshot before-upgrade`.
pub fn job_title(kind: Option<&JobKind>, subject: &str) -> String {
    let what = match kind {
        Some(JobKind::Backup) => "Backup",
        Some(JobKind::Snapshot) => "Snapshot",
        Some(JobKind::SnapshotRestore) => "Restore of snapshot",
        Some(JobKind::BackupRestore) => "Restore of backup",
        Some(JobKind::SnapshotDelete) => "Deleting snapshot",
        Some(JobKind::BackupDelete) => "Deleting backup",
        Some(JobKind::Unknown(_)) | None => "Job",
    };
    if subject.is_empty() {
        what.to_owned()
    } else {
        format!("{what} {subject}")
    }
}

/// A job status for people: `in_progress` reads `running`; other words as sent.
pub fn status_text(status: &OperationStatus) -> String {
    match status {
        OperationStatus::InProgress => "running".to_owned(),
        other => other.as_str().replace('_', " "),
    }
}

/// The `localStorage` key of a VPS's job history.
pub fn history_storage_key(vps_id: &str) -> String {
    format!("hostup-backups:jobs:{vps_id}")
}

/// Adds or replaces an entry (newest first) and drops the oldest finished entries beyond [`HISTORY_MAX`].
pub fn upsert(entries: &mut Vec<JobEntry>, entry: JobEntry) {
    match entries.iter_mut().find(|e| e.id == entry.id) {
        Some(existing) => *existing = entry,
        None => entries.insert(0, entry),
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.started_ms));
    while entries.len() > HISTORY_MAX {
        match entries.iter().rposition(|e| !e.is_running()) {
            Some(oldest_finished) => {
                entries.remove(oldest_finished);
            }
            None => break,
        }
    }
}

/// Encodes a history as a JSON array.
pub fn encode_history(entries: &[JobEntry]) -> String {
    let items: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("id".into(), e.id.clone().into());
            if let Some(k) = &e.kind {
                m.insert("kind".into(), k.clone().into());
            }
            m.insert("subject".into(), e.subject.clone().into());
            m.insert("status".into(), e.status.clone().into());
            m.insert("startedMs".into(), e.started_ms.into());
            if let Some(t) = e.ended_ms {
                m.insert("endedMs".into(), t.into());
            }
            if let Some(f) = &e.failure {
                m.insert("failure".into(), f.clone().into());
            }
            if let Some(r) = &e.request_id {
                m.insert("requestId".into(), r.clone().into());
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(items).to_string()
}

/// Decodes what [`encode_history`] wrote. Tolerant: storage is user-editable, so anything unreadable is skipped,
/// and only ids that could be job ids are kept (they go into a URL path). Entries of an older version (`{id, kind,
/// subject}` only) read as running jobs started at `now_ms`.
pub fn decode_history(text: &str, now_ms: i64) -> Vec<JobEntry> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let mut entries: Vec<JobEntry> = Vec::new();
    let text_of = |item: &Value, k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
    for item in items {
        let Some(id) = item.get("id").and_then(Value::as_str) else { continue };
        if hostup_core::ResourceId::parse_at(id, "/jobId").is_err() || entries.iter().any(|e| e.id == id) {
            continue;
        }
        entries.push(JobEntry {
            id: id.to_owned(),
            kind: text_of(&item, "kind"),
            subject: text_of(&item, "subject").unwrap_or_default(),
            status: text_of(&item, "status").unwrap_or_else(|| "queued".to_owned()),
            started_ms: item.get("startedMs").and_then(Value::as_i64).unwrap_or(now_ms),
            ended_ms: item.get("endedMs").and_then(Value::as_i64),
            failure: text_of(&item, "failure"),
            request_id: text_of(&item, "requestId"),
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(status: &str) -> Job {
        serde_json::from_value(serde_json::json!({
            "status": status, "jobId": "job_1", "pollUrl": "/api/jobs/job_1", "result": null, "kind": "snapshot"
        }))
        .unwrap()
    }

    #[test]
    fn titles_name_the_subject_and_statuses_read_as_words() {
        assert_eq!(job_title(Some(&JobKind::Snapshot), "pre-upgrade"), "Snapshot pre-upgrade");
        assert_eq!(job_title(Some(&JobKind::SnapshotRestore), "s1"), "Restore of snapshot s1");
        assert_eq!(job_title(Some(&JobKind::Backup), ""), "Backup");
        assert_eq!(job_title(None, ""), "Job");
        assert_eq!(status_text(&OperationStatus::InProgress), "running");
        assert_eq!(status_text(&OperationStatus::Queued), "queued");
    }

    #[test]
    fn an_entry_follows_its_job_to_the_end() {
        let mut e = JobEntry::new("job_1", None, "s1", "queued", 1_000);
        assert!(e.is_running());
        e.observe(&job("in_progress"), 2_000);
        assert_eq!((e.status_text().as_str(), e.ended_ms), ("running", None));
        assert_eq!(e.title(), "Snapshot s1", "the kind comes from the job when it was not known");
        e.observe(&job("completed"), 3_000);
        assert_eq!(e.ended_ms, Some(3_000));
        assert!(!e.is_running());
        e.observe(&job("completed"), 9_000);
        assert_eq!(e.ended_ms, Some(3_000), "the end is the first time it was seen");
    }

    #[test]
    fn history_round_trips_and_bad_storage_is_skipped() {
        let mut failed = JobEntry::new("job_2", Some(&JobKind::Backup), "", "queued", 5);
        failed.fail("failed", "The disk is busy.".into(), Some("req_4".into()), 9);
        let entries = vec![JobEntry::new("job_1", Some(&JobKind::Snapshot), "s1", "queued", 7), failed];
        let text = encode_history(&entries);
        assert_eq!(decode_history(&text, 0), entries);
        assert!(decode_history("not json", 0).is_empty());
        assert!(decode_history("{\"id\":\"job_1\"}", 0).is_empty());
        let messy = r#"[{"id":"../x"},{"id":7},{"nope":1},{"id":"job_3"},{"id":"job_3"}]"#;
        let read = decode_history(messy, 42);
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].id.as_str(), read[0].started_ms, read[0].is_running()), ("job_3", 42, true));
        assert_eq!(history_storage_key("vps_1"), "hostup-backups:jobs:vps_1");
        assert!(!text.contains("Bearer") && !text.contains("hsk_"));
    }

    #[test]
    fn upsert_keeps_newest_first_and_drops_old_finished_entries() {
        let mut entries = Vec::new();
        for i in 0..(HISTORY_MAX as i64 + 3) {
            let mut e = JobEntry::new(&format!("job_{i}"), None, "", "queued", i);
            if i > 0 {
                e.ended_ms = Some(i);
            }
            upsert(&mut entries, e);
        }
        assert_eq!(entries.len(), HISTORY_MAX);
        assert_eq!(entries[0].id, format!("job_{}", HISTORY_MAX + 2));
        assert!(entries.iter().any(|e| e.id == "job_0"), "a running job is never dropped");
        let mut again = entries[0].clone();
        again.status = "completed".into();
        upsert(&mut entries, again);
        assert_eq!(entries.len(), HISTORY_MAX);
        assert_eq!(entries[0].status, "completed");
    }
}
