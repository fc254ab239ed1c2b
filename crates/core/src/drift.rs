//! **Contract drift**: a response that carries a member this version does not declare, or an enum value outside the
//! documented set. Such a response stays readable (unknown members are kept or ignored, unknown values are kept as
//! `Unknown(raw)`); the drift is reported beside the value, so an operator learns that the API moved under them
//! before it matters.
//!
//! The walker ([`crate::shape::read_wire_reporting`]) finds drift; [`crate::Endpoint::parse_reporting`] returns it
//! with the endpoint's name, once per (pointer, kind) within one response; a client keeps a [`DriftLog`] to report it
//! once per (endpoint, pointer, kind) over its life. Array indices are not part of that identity: the same unknown
//! member on 1,000 backups is one report, naming the first (`/backups/0/region`).

/// What drifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DriftKind {
    /// A member the shape does not declare (the object is closed: open objects expect unknown members).
    UnknownField,
    /// An enum value outside the documented set.
    UnknownValue,
}

impl DriftKind {
    /// The wire text: `unknown_field`, `unknown_value`.
    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::UnknownField => "unknown_field",
            DriftKind::UnknownValue => "unknown_value",
        }
    }
}

/// One drift report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The endpoint, by its method name (`listBackups`, `getJob`, …).
    pub endpoint: &'static str,
    /// A JSON pointer to the first place it was seen (`/backups/0/region`, `/status`).
    pub pointer: String,
    /// What drifted.
    pub kind: DriftKind,
    /// The undocumented value, for [`DriftKind::UnknownValue`] only (never a member's value: it could hold anything).
    pub value: Option<String>,
}

impl Drift {
    /// The identity a report is deduplicated by: endpoint, pointer with array indices folded to `-`, kind.
    pub fn key(&self) -> (&'static str, String, DriftKind) {
        (self.endpoint, fold_indices(&self.pointer), self.kind)
    }
}

/// `/backups/12/region` → `/backups/-/region`.
fn fold_indices(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for segment in pointer.split('/').skip(1) {
        out.push('/');
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('-');
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// Remembers which drift was reported, so each is reported once.
#[derive(Debug, Default, Clone)]
pub struct DriftLog {
    seen: Vec<(&'static str, String, DriftKind)>,
}

impl DriftLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// `true` the first time this drift's [`Drift::key`] is seen, `false` after.
    pub fn first(&mut self, drift: &Drift) -> bool {
        let key = drift.key();
        if self.seen.contains(&key) {
            return false;
        }
        self.seen.push(key);
        true
    }
}

/// Collects the walker's drift for one response, once per folded pointer and kind.
pub(crate) fn collector<'a>(
    endpoint: &'static str,
    out: &'a mut Vec<Drift>,
) -> impl FnMut(&str, DriftKind, Option<&str>) + 'a {
    let mut log = DriftLog::new();
    move |pointer, kind, value| {
        let drift = Drift { endpoint, pointer: pointer.to_owned(), kind, value: value.map(str::to_owned) };
        if log.first(&drift) {
            out.push(drift);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_fold_and_other_segments_stay() {
        assert_eq!(fold_indices("/backups/12/region"), "/backups/-/region");
        assert_eq!(fold_indices("/status"), "/status");
        assert_eq!(fold_indices(""), "");
        assert_eq!(fold_indices("/a1/0"), "/a1/-");
    }

    #[test]
    fn the_log_reports_each_key_once() {
        let mut log = DriftLog::new();
        let at =
            |p: &str| Drift { endpoint: "listBackups", pointer: p.into(), kind: DriftKind::UnknownField, value: None };
        assert!(log.first(&at("/backups/0/x")));
        assert!(!log.first(&at("/backups/7/x")));
        assert!(log.first(&at("/backups/0/y")));
        let other = Drift { endpoint: "getJob", ..at("/backups/0/x") };
        assert!(log.first(&other));
    }
}
