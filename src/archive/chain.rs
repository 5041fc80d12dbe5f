//! The root-hash chain: log entries -> one SHA-256 that commits to the
//! whole history of the archive, and the rules the history must obey
//! (an approved version's record of approval never changes).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::records::{Entry, Event, VersionRecord};
use crate::model::PlanStatus;

/// The hash of an entry: over a fixed label, the previous root, the
/// sequence number, the event, the version and the SHA-256 of the record's
/// compact JSON, each length-prefixed.
pub fn entry_hash(
    previous_root: Option<&str>,
    seq: u64,
    event: Event,
    version: &str,
    record: &serde_json::Value,
) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(b"migplan archive log v1");
    field(previous_root.unwrap_or("").as_bytes());
    field(seq.to_string().as_bytes());
    field(serde_json::to_string(&event).unwrap_or_default().as_bytes());
    field(version.as_bytes());
    let record_json = serde_json::to_vec(record).unwrap_or_default();
    field(crate::hash::sha256_hex(&record_json).as_bytes());
    crate::hash::sha256_hex(&h.finalize())
}

/// A new entry for `record` after `previous` (the last entry of the log
/// so far; none for the first).
pub fn entry(previous: Option<&Entry>, event: Event, record: &VersionRecord) -> Entry {
    let previous_root = previous.map(|e| e.hash.clone());
    let seq = previous.map_or(0, |e| e.seq) + 1;
    let value = serde_json::to_value(record).unwrap_or_default();
    Entry {
        seq,
        event,
        version: record.version.clone(),
        hash: entry_hash(
            previous_root.as_deref(),
            seq,
            event,
            &record.version,
            &value,
        ),
        previous_root,
        record: value,
    }
}

/// Checks `entries` as the continuation of a log whose root is
/// `base_root` after `base_seq` entries, and whose versions stood as
/// `current` (updated in place). Returns every broken link and broken rule.
pub fn check(
    entries: &[Entry],
    base_root: Option<&str>,
    base_seq: u64,
    current: &mut BTreeMap<String, VersionRecord>,
    approved: &mut BTreeMap<String, VersionRecord>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut root = base_root.map(str::to_string);
    let mut seq = base_seq;
    for e in entries {
        seq += 1;
        let at = format!("log entry {} ({} {})", e.seq, e.event.word(), e.version);
        if e.seq != seq {
            problems.push(format!("{at}: numbered {} where {seq} belongs", e.seq));
        }
        if e.previous_root != root {
            problems.push(format!(
                "{at}: does not follow the entry before it (previous root {}, expected {})",
                short(e.previous_root.as_deref()),
                short(root.as_deref())
            ));
        }
        let recomputed = entry_hash(
            e.previous_root.as_deref(),
            e.seq,
            e.event,
            &e.version,
            &e.record,
        );
        if recomputed != e.hash {
            problems.push(format!(
                "{at}: its hash does not match its content (the entry was edited)"
            ));
        }
        root = Some(e.hash.clone());
        let record = match e.record() {
            Ok(r) => r,
            Err(msg) => {
                problems.push(msg);
                continue;
            }
        };
        if record.version != e.version {
            problems.push(format!("{at}: its record is of version {}", record.version));
        }
        if let Some(was) = approved.get(&e.version) {
            problems.extend(approval_kept(&at, was, &record));
        }
        if let Some(before) = current.get(&e.version) {
            problems.extend(reports_kept(&at, before, &record));
        }
        if record.status == PlanStatus::Approved && !approved.contains_key(&e.version) {
            approved.insert(e.version.clone(), record.clone());
        }
        current.insert(e.version.clone(), record);
    }
    problems
}

/// What an approved version keeps for ever: its status, content hash,
/// Solution Document (name and bytes) and the hash of its sources.
fn approval_kept(at: &str, was: &VersionRecord, now: &VersionRecord) -> Vec<String> {
    let mut p = Vec::new();
    if now.status != PlanStatus::Approved {
        p.push(format!(
            "{at}: turns approved version {} back into {}",
            was.version, now.status
        ));
    }
    if now.content_hash != was.content_hash {
        p.push(format!(
            "{at}: changes the content hash of approved version {}",
            was.version
        ));
    }
    let doc = |r: &VersionRecord| {
        r.document()
            .map(|d| (d.to_string(), r.files.get(d).cloned()))
    };
    if doc(now) != doc(was) {
        p.push(format!(
            "{at}: changes the Solution Document of approved version {}",
            was.version
        ));
    }
    if now.sources_sha256.is_some() && now.sources_sha256 != was.sources_sha256 {
        p.push(format!(
            "{at}: changes the sources hash of approved version {}",
            was.version
        ));
    }
    p
}

/// The date of a dated status report (`status/2026-12-07.html` ->
/// `2026-12-07`).
pub fn report_date(path: &str) -> Option<&str> {
    let name = path.strip_prefix("status/")?;
    let (date, ext) = name.split_once('.')?;
    (date.len() == 10 && !ext.contains('/') && crate::model::Date::parse(date).is_some())
        .then_some(date)
}

/// Dated status reports never change once a later one exists: every report
/// of `before` dated earlier than the newest report of `now` is in `now`,
/// byte for byte.
fn reports_kept(at: &str, before: &VersionRecord, now: &VersionRecord) -> Vec<String> {
    let newest = now.files.keys().filter_map(|p| report_date(p)).max();
    let Some(newest) = newest else {
        return before
            .files
            .keys()
            .filter(|p| report_date(p).is_some())
            .map(|p| format!("{at}: drops the status report {p}"))
            .collect();
    };
    before
        .files
        .iter()
        .filter(|(p, _)| report_date(p).is_some_and(|d| d < newest))
        .filter(|(p, rec)| now.files.get(*p) != Some(rec))
        .map(|(p, _)| {
            format!("{at}: changes or drops the status report {p}, though a later report exists")
        })
        .collect()
}

/// The first 12 hex digits, for messages.
pub fn short(h: Option<&str>) -> String {
    match h {
        Some(h) => h[..12.min(h.len())].to_string(),
        None => "(none)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::records::record;

    fn rec(files: &[(&str, &str)]) -> VersionRecord {
        VersionRecord {
            version: "1.0.0".into(),
            status: PlanStatus::Review,
            build_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            content_hash: "0".repeat(64),
            document: None,
            sources_sha256: None,
            files: files
                .iter()
                .map(|(p, b)| (p.to_string(), record(b.as_bytes())))
                .collect(),
        }
    }

    fn log(records: &[VersionRecord]) -> Vec<String> {
        let mut entries: Vec<Entry> = Vec::new();
        for r in records {
            entries.push(entry(entries.last(), Event::Rebuild, r));
        }
        check(
            &entries,
            None,
            0,
            &mut BTreeMap::new(),
            &mut BTreeMap::new(),
        )
    }

    #[test]
    fn a_report_is_replaced_while_latest_and_frozen_once_a_later_exists() {
        let first = rec(&[("status/2026-12-01.html", "a")]);
        let same_day = rec(&[("status/2026-12-01.html", "b")]);
        let next_week = rec(&[
            ("status/2026-12-01.html", "b"),
            ("status/2026-12-08.html", "c"),
        ]);
        assert!(log(&[first.clone(), same_day.clone(), next_week.clone()]).is_empty());
        let rewritten = rec(&[
            ("status/2026-12-01.html", "x"),
            ("status/2026-12-08.html", "c"),
        ]);
        let p = log(&[same_day, next_week.clone(), rewritten]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("status/2026-12-01.html"), "{p:?}");
        let dropped = rec(&[("status/2026-12-08.html", "c")]);
        assert!(!log(&[next_week, dropped]).is_empty());
    }

    #[test]
    fn report_dates_come_from_their_names() {
        assert_eq!(report_date("status/2026-12-01.html"), Some("2026-12-01"));
        assert_eq!(report_date("status/2026-12-01.pdf"), Some("2026-12-01"));
        assert_eq!(report_date("status/index.html"), None);
        assert_eq!(report_date("schedule.html"), None);
    }
}
