//! The on-disk cache of reachable images (`--remote-cache DIR`).
//!
//! One JSON file, `DIR/pmlint-remote-images.json`:
//! `{"version": 1, "entries": {"https://…": {"checked": 1709900000, "content_type": "image/png"}}}`,
//! where `checked` is when the URL last served an image (Unix time, seconds). Only images are
//! cached: a failing URL is checked again on every run, so that a corrected one passes at once and
//! a passing outage never sticks. An entry older than the maximum age is checked again (and dropped
//! when it no longer serves an image). The file is replaced atomically (written beside, then
//! renamed), so concurrent runs never see half a file; the last one to finish wins.
//!
//! The cache is an optimisation: a missing file is an empty cache, and an unreadable or corrupt
//! one, or a directory that cannot be written, gives a warning, never an error.

use super::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The cache file's name inside the directory.
pub const FILE_NAME: &str = "pmlint-remote-images.json";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Unix time, seconds.
    checked: u64,
    content_type: String,
}

/// The cache of one run: loaded at the start, saved at the end.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    entries: BTreeMap<String, Entry>,
    max_age: Duration,
    now: u64,
    changed: bool,
    warnings: Vec<String>,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads `dir/pmlint-remote-images.json`; entries older than `max_age` count as absent.
    pub fn load(dir: &Path, max_age: Duration) -> Cache {
        let mut cache = Cache {
            dir: dir.to_path_buf(),
            entries: BTreeMap::new(),
            max_age,
            now: unix_now(),
            changed: false,
            warnings: Vec::new(),
        };
        let path = cache.path();
        match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str::<CacheFile>(&text) {
                Ok(f) if f.version == VERSION => cache.entries = f.entries,
                Ok(_) => cache.changed = true, // another version's format: start afresh
                Err(e) => {
                    cache.changed = true;
                    cache.warnings.push(format!(
                        "{}: ignoring the remote cache, which is not valid: {e}",
                        path.display()
                    ));
                }
            },
            // No cache yet; or `dir` is not a directory, which saving will tell.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => cache.warnings.push(format!(
                "{}: ignoring the remote cache, which cannot be read: {e}",
                path.display()
            )),
        }
        cache
    }

    fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn fresh(&self, e: &Entry) -> bool {
        // An entry from the future (a clock set back) is not trusted either.
        e.checked <= self.now.saturating_add(60)
            && self.now.saturating_sub(e.checked) < self.max_age.as_secs()
    }

    /// The cached outcome for `url` (normalised), when it served an image within the max age.
    pub fn get(&self, url: &str) -> Option<Outcome> {
        let e = self.entries.get(url).filter(|e| self.fresh(e))?;
        Some(Outcome::Image {
            content_type: e.content_type.clone(),
        })
    }

    /// Records what a fetch of `url` found: an image is (re)cached, any other answer removes it.
    pub fn record(&mut self, url: &str, outcome: &Outcome) {
        match outcome {
            Outcome::Image { content_type } => {
                self.entries.insert(
                    url.to_string(),
                    Entry {
                        checked: self.now,
                        content_type: content_type.clone(),
                    },
                );
                self.changed = true;
            }
            Outcome::NotChecked => {}
            _ => self.changed |= self.entries.remove(url).is_some(),
        }
    }

    /// Writes the cache back (without stale entries) when it changed; returns the warnings of the
    /// whole run, one line each.
    pub fn save(mut self) -> Vec<String> {
        let before = self.entries.len();
        let stale: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, e)| !self.fresh(e))
            .map(|(u, _)| u.clone())
            .collect();
        for u in stale {
            self.entries.remove(&u);
        }
        if !self.changed && self.entries.len() == before {
            return self.warnings;
        }
        let path = self.path();
        let file = CacheFile {
            version: VERSION,
            entries: std::mem::take(&mut self.entries),
        };
        let text = serde_json::to_string_pretty(&file).expect("plain strings and numbers");
        let tmp = self
            .dir
            .join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&tmp, text + "\n"))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            self.warnings.push(format!(
                "{}: cannot write the remote cache: {e}",
                path.display()
            ));
        }
        self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> Outcome {
        Outcome::Image {
            content_type: "image/png".into(),
        }
    }

    #[test]
    fn images_are_kept_failures_are_not_and_old_entries_expire() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(24 * 3600);
        let mut c = Cache::load(dir.path(), day);
        assert!(c.warnings.is_empty());
        c.record("https://a.io/x.png", &image());
        c.record(
            "https://a.io/gone.png",
            &Outcome::Status {
                status: 404,
                redirected_to: None,
            },
        );
        assert!(c.save().is_empty());

        let c = Cache::load(dir.path(), day);
        assert_eq!(c.get("https://a.io/x.png"), Some(image()));
        assert_eq!(c.get("https://a.io/gone.png"), None);

        let c = Cache::load(dir.path(), Duration::ZERO);
        assert_eq!(c.get("https://a.io/x.png"), None, "older than the max age");
        assert!(c.save().is_empty());
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(!text.contains("x.png"), "stale entry dropped: {text}");
    }

    #[test]
    fn a_failure_removes_a_stale_success() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::load(dir.path(), Duration::from_secs(3600));
        c.record("https://a.io/x.png", &image());
        c.save();
        let mut c = Cache::load(dir.path(), Duration::from_secs(3600));
        c.record("https://a.io/x.png", &Outcome::Timeout { seconds: 10 });
        c.save();
        let c = Cache::load(dir.path(), Duration::from_secs(3600));
        assert_eq!(c.get("https://a.io/x.png"), None);
    }

    #[test]
    fn a_corrupt_file_is_a_warning_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "{not json").unwrap();
        let mut c = Cache::load(dir.path(), Duration::from_secs(3600));
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("not valid"), "{:?}", c.warnings);
        c.record("https://a.io/x.png", &image());
        assert_eq!(c.save().len(), 1, "the load warning is returned once");
        let c = Cache::load(dir.path(), Duration::from_secs(3600));
        assert!(c.warnings.is_empty());
        assert_eq!(c.get("https://a.io/x.png"), Some(image()));
    }

    #[test]
    fn an_unwritable_directory_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let mut c = Cache::load(&file, Duration::from_secs(3600));
        c.record("https://a.io/x.png", &image());
        let w = c.save();
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("cannot write the remote cache"), "{w:?}");
    }
}
