//! Configuration files: `.pmlint.toml` (or `pmlint.toml`), found by walking up from each linted
//! file's folder and stopping at the repository root (the folder holding `.git`), or named with
//! `--config`. [`mod@file`] reads and checks one file, [`resolve`] combines it with the profile and
//! the command line, [`exclude`] matches `exclude` patterns, and [`Configs`] finds and caches
//! them per folder.

pub mod exclude;
pub mod file;
pub mod init;
pub mod resolve;
pub mod show;

pub use file::ConfigFile;
pub use resolve::{Effective, Origin, Overrides};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The names looked for in each folder, in order of preference.
pub const FILE_NAMES: &[&str] = &[".pmlint.toml", "pmlint.toml"];

/// Finds, reads and resolves configuration files, each folder and file once.
pub struct Configs {
    overrides: Overrides,
    /// The resolved `--config` file, which replaces discovery.
    explicit: Option<Arc<Effective>>,
    /// The current directory (absolute), for showing paths relative to it.
    cwd: PathBuf,
    /// Folder (canonical) → the configuration file that governs it.
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// Folder as given → canonical folder.
    canonical: HashMap<PathBuf, PathBuf>,
    /// Configuration file (None: no file) → its effective configuration, or the error reported.
    resolved: HashMap<Option<PathBuf>, Option<Arc<Effective>>>,
    /// Errors not yet taken by [`Configs::take_errors`].
    errors: Vec<String>,
    /// The folder (as given, compared byte for byte) last asked about and its answer: the walk
    /// and the documents in path order ask about the same folder many times in a row.
    last: Option<(PathBuf, Option<Arc<Effective>>)>,
}

impl Configs {
    /// Checks the command-line values and reads `--config` when given.
    ///
    /// # Errors
    /// A bad command-line value (`--select`, `--profile`) or an unreadable or invalid `--config`
    /// file: nothing can be linted.
    pub fn new(overrides: Overrides, config: Option<&Path>) -> Result<Configs, String> {
        let cwd = std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?;
        let mut configs = Configs {
            overrides,
            explicit: None,
            cwd,
            found: HashMap::new(),
            canonical: HashMap::new(),
            resolved: HashMap::new(),
            errors: Vec::new(),
            last: None,
        };
        // The command line alone, so that a bad flag is a usage error before anything is read;
        // kept as the configuration of folders that no configuration file governs.
        let alone = resolve::resolve(None, &configs.overrides)?;
        configs.resolved.insert(None, Some(Arc::new(alone)));
        if let Some(path) = config {
            let file = configs.read(path)?;
            configs.explicit = Some(Arc::new(resolve::resolve(Some(&file), &configs.overrides)?));
        }
        Ok(configs)
    }

    /// The effective configuration for documents in folder `dir` (`""` is the current
    /// directory). `None` when their configuration file is invalid: its error is queued once
    /// (see [`Configs::take_errors`]) and those documents are not linted.
    pub fn for_dir(&mut self, dir: &Path) -> Option<Arc<Effective>> {
        if let Some(e) = &self.explicit {
            return Some(e.clone());
        }
        // Bytes, not `Path ==` (which compares component by component): a folder spelled
        // differently only misses this memo and is looked up below.
        if let Some((last, effective)) = &self.last {
            if last.as_os_str() == dir.as_os_str() {
                return effective.clone();
            }
        }
        let effective = self.for_dir_uncached(dir);
        self.last = Some((dir.to_path_buf(), effective.clone()));
        effective
    }

    /// [`Configs::for_dir`] without the memo of the last folder.
    fn for_dir_uncached(&mut self, dir: &Path) -> Option<Arc<Effective>> {
        let dir = self.canonical_dir(dir);
        let file = self.discover(&dir);
        if let Some(r) = self.resolved.get(&file) {
            return r.clone();
        }
        let result = match &file {
            None => resolve::resolve(None, &self.overrides),
            Some(path) => self
                .read(path)
                .and_then(|f| resolve::resolve(Some(&f), &self.overrides)),
        };
        let effective = match result {
            Ok(e) => Some(Arc::new(e)),
            Err(e) => {
                self.errors.push(e);
                None
            }
        };
        self.resolved.insert(file, effective.clone());
        effective
    }

    /// The `exclude` pattern (and its origin) that excludes `path` when walking a directory:
    /// the patterns of the configuration governing `path`'s folder.
    pub fn excluded(&mut self, path: &Path) -> Option<(String, Origin)> {
        let parent = path.parent().unwrap_or(Path::new(""));
        let effective = self.for_dir(parent)?;
        // No pattern (most configurations): nothing to match.
        if effective.exclude.is_empty() {
            return None;
        }
        let absolute = self
            .canonical_dir(parent)
            .join(path.file_name().unwrap_or_default());
        let pattern = effective.exclude.matching(&absolute)?;
        effective
            .exclude_patterns
            .iter()
            .find(|p| p.value == pattern)
            .map(|p| (p.value.clone(), p.origin.clone()))
    }

    /// The `exclude` pattern (and its origin) that keeps `path` from being linted when a folder
    /// above it is walked: `path` itself or one of its folders matches, up to the repository root.
    pub fn excluded_in_walk(&mut self, path: &Path) -> Option<(String, Origin)> {
        let absolute = self.cwd.join(path);
        let absolute = absolute.canonicalize().unwrap_or(absolute);
        let mut at = absolute.as_path();
        loop {
            if let Some(found) = self.excluded(at) {
                return Some(found);
            }
            let parent = at.parent()?;
            if parent.join(".git").exists() {
                return None;
            }
            at = parent;
        }
    }

    /// The errors queued since the last call, each once.
    pub fn take_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.errors)
    }

    fn canonical_dir(&mut self, dir: &Path) -> PathBuf {
        if let Some(c) = self.canonical.get(dir) {
            return c.clone();
        }
        let absolute = self.cwd.join(dir);
        let c = absolute.canonicalize().unwrap_or(absolute);
        self.canonical.insert(dir.to_path_buf(), c.clone());
        c
    }

    /// The configuration file governing canonical folder `dir`: its own, else (unless it is a
    /// repository root) its parent's.
    fn discover(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(f) = self.found.get(dir) {
            return f.clone();
        }
        let own = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file());
        let result = match own {
            Some(p) => Some(p),
            None if dir.join(".git").exists() => None,
            None => dir.parent().and_then(|p| self.discover(p)),
        };
        self.found.insert(dir.to_path_buf(), result.clone());
        result
    }

    /// Reads and parses the configuration file at `path`.
    fn read(&self, path: &Path) -> Result<ConfigFile, String> {
        let absolute = self.cwd.join(path);
        let display = absolute
            .strip_prefix(&self.cwd)
            .map_or_else(|_| path.display().to_string(), |r| r.display().to_string());
        let text = std::fs::read_to_string(&absolute)
            .map_err(|e| format!("{display}: cannot read configuration: {e}"))?;
        let dir = absolute
            .parent()
            .map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf()))
            .unwrap_or_default();
        ConfigFile::parse(&display, &dir, &text)
    }
}
