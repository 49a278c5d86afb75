//! Which documents to lint, and reading them.

use crate::fix::file::Snapshot;
use crate::source::SourceFile;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a path found while walking a directory is excluded by the configuration (the
/// directories named by the user are never asked about).
pub type Excluded = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// One document to lint.
pub enum Document {
    /// Standard input, reported under `name` (`<stdin>` or `--stdin-filename`).
    Stdin { name: Option<PathBuf> },
    /// A file; `named` when the user named it (then any extension is linted, and a binary file
    /// is an error rather than skipped).
    File { path: PathBuf, named: bool },
}

/// Extensions linted when walking a directory.
const EXTENSIONS: &[&str] = &["md", "markdown"];

/// Expands paths into documents, in the order given (directories walked in sorted order, without
/// the files and folders `excluded` names). Returns the documents and one message per path that
/// does not exist or cannot be walked.
pub fn collect(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
    excluded: &Excluded,
) -> (Vec<Document>, Vec<String>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            docs.push(Document::Stdin {
                name: stdin_name.map(Path::to_path_buf),
            });
        } else if p.is_dir() {
            let excluded = excluded.clone();
            let walker = ignore::WalkBuilder::new(p)
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .filter_entry(move |e| e.depth() == 0 || !excluded(e.path()))
                .build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let is_md = path
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| EXTENSIONS.iter().any(|m| x.eq_ignore_ascii_case(m)));
                        if e.file_type().is_some_and(|t| t.is_file()) && is_md {
                            docs.push(Document::File {
                                path: path.to_path_buf(),
                                named: false,
                            });
                        }
                    }
                    Err(err) => errors.push(format!("{}: {err}", p.display())),
                }
            }
        } else if p.exists() {
            docs.push(Document::File {
                path: p.clone(),
                named: true,
            });
        } else {
            errors.push(format!("{}: no such file or directory", p.display()));
        }
    }
    (docs, errors)
}

impl Document {
    /// The path to resolve relative images against.
    pub fn disk_path(&self) -> Option<&Path> {
        match self {
            Document::Stdin { name } => name.as_deref(),
            Document::File { path, .. } => Some(path),
        }
    }

    /// The name the document is reported under: its path, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Document::Stdin { name } => name
                .as_ref()
                .map_or("<stdin>".to_string(), |n| n.display().to_string()),
            Document::File { path, .. } => path.display().to_string(),
        }
    }

    /// The folder whose configuration applies: the file's, or for standard input the folder of
    /// `--stdin-filename`, else the current directory (`""`).
    pub fn config_dir(&self) -> &Path {
        self.disk_path()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""))
    }

    /// Reads the document, returning it and the bytes read with the file's modification time
    /// (which `--fix` checks before writing the file back). `Ok(None)`: a binary file found by
    /// walking, skipped with a note.
    ///
    /// # Errors
    /// A one-line message naming the path: unreadable, or binary when named by the user.
    pub fn read_snapshot(&self) -> Result<Option<(SourceFile, Snapshot)>, String> {
        let (name, snapshot) = match self {
            Document::Stdin { name } => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
                (
                    name.as_ref()
                        .map_or("<stdin>".to_string(), |n| n.display().to_string()),
                    Snapshot::of_bytes(buf),
                )
            }
            Document::File { path, .. } => {
                let snapshot = Snapshot::read(path)
                    .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
                (path.display().to_string(), snapshot)
            }
        };
        let bytes = &snapshot.bytes;
        if bytes.contains(&0) {
            return match self {
                Document::File { named: false, .. } => Ok(None),
                _ => Err(format!(
                    "{name}: binary file (contains NUL bytes), not Markdown"
                )),
            };
        }
        Ok(Some((SourceFile::from_bytes(name, bytes), snapshot)))
    }
}
