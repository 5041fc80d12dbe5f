//! The project's `content/` and `themes/` folders -> a message on a
//! channel for each change of a file (not for reads: inotify also reports
//! every open, and the rebuild itself opens every file). The caller
//! debounces: an editor's write-rename-chmod on save is one rebuild.

use std::path::Path;
use std::sync::mpsc::Sender;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// Watches `root/content` and, if present, `root/themes`; sends `msg()`
/// for each change. Keep the returned watcher alive: dropping it stops
/// the watching.
pub fn watch<M: Send + 'static>(
    root: &Path,
    tx: Sender<M>,
    msg: fn() -> M,
) -> Result<RecommendedWatcher, String> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| {
        // An error of the watcher (e.g. a folder removed) counts as a
        // change: the rebuild reports what is missing.
        if res.as_ref().map_or(true, |e| is_change(&e.kind)) {
            let _ = tx.send(msg());
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if dir == "themes" && !path.is_dir() {
            continue;
        }
        watcher
            .watch(&path, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
    }
    Ok(watcher)
}

/// Whether an event can change what is built: anything but reading
/// (opening, reading, closing a file not written).
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }
}
