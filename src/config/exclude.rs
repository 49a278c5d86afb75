//! `exclude` patterns of a configuration file: paths skipped when a directory is walked.
//!
//! Patterns are globs (the `globset` crate: `*`, `?`, `[abc]`, `{a,b}`, `**`), relative to the
//! folder of the configuration file, with gitignore's split: a pattern without `/` matches a file
//! or folder name at any depth (`drafts`, `*.draft.md`); a pattern with `/` matches the path from
//! that folder (`docs/old/**`, `templates/*.md`; a leading `/` or `./` is allowed). `*` does not
//! cross `/`; `**` does. A trailing `/` is ignored. A folder that matches is not entered, so
//! nothing under it is linted unless that folder is named on the command line.

use globset::{GlobBuilder, GlobMatcher};
use std::path::{Component, Path, PathBuf};

/// Compiled `exclude` patterns and the folder they are relative to.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    base: PathBuf,
    /// The pattern as written, whether it matches names (else paths), and its matcher.
    patterns: Vec<(String, bool, GlobMatcher)>,
}

impl Exclude {
    /// Compiles `patterns`, relative to the absolute folder `base`.
    ///
    /// # Errors
    /// The first invalid pattern, with globset's reason.
    pub fn new(base: &Path, patterns: &[String]) -> Result<Exclude, String> {
        let mut out = Exclude {
            base: base.to_path_buf(),
            patterns: Vec::new(),
        };
        for p in patterns {
            let (glob, by_name) = compile(p)?;
            out.patterns.push((p.clone(), by_name, glob));
        }
        Ok(out)
    }

    /// Checks one pattern.
    ///
    /// # Errors
    /// `invalid pattern "…": reason`.
    pub fn check_pattern(pattern: &str) -> Result<(), String> {
        compile(pattern).map(|_| ())
    }

    /// Whether there is no pattern (then [`Exclude::matching`] matches nothing).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The pattern that matches the absolute `path` (a file or a folder), if any. Folders above
    /// `path` are not looked at: the walk does not enter a folder that matches.
    pub fn matching(&self, path: &Path) -> Option<&str> {
        let rel = path.strip_prefix(&self.base).ok()?;
        let parts: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        let name = *parts.last()?;
        let joined = parts.join("/");
        self.patterns
            .iter()
            .find(|(_, by_name, glob)| glob.is_match(if *by_name { name } else { &joined }))
            .map(|(text, _, _)| text.as_str())
    }
}

/// The matcher of `pattern` and whether it matches names (no `/` in it).
fn compile(pattern: &str) -> Result<(GlobMatcher, bool), String> {
    let trimmed = pattern.trim_end_matches('/');
    let trimmed = trimmed
        .strip_prefix("./")
        .or_else(|| trimmed.strip_prefix('/'))
        .unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Err(format!(
            "invalid pattern \"{pattern}\": expected a file or folder name or a path glob"
        ));
    }
    let glob = GlobBuilder::new(trimmed)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("invalid pattern \"{pattern}\": {}", e.kind()))?;
    Ok((glob.compile_matcher(), !trimmed.contains('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(patterns: &[&str]) -> Exclude {
        let p: Vec<String> = patterns.iter().map(|s| s.to_string()).collect();
        Exclude::new(Path::new("/repo"), &p).unwrap()
    }

    #[test]
    fn names_match_at_any_depth_and_paths_from_the_base() {
        let e = ex(&["drafts", "*.draft.md", "docs/old/**", "/templates/*.md"]);
        assert_eq!(e.matching(Path::new("/repo/drafts")), Some("drafts"));
        assert_eq!(e.matching(Path::new("/repo/a/drafts")), Some("drafts"));
        assert_eq!(
            e.matching(Path::new("/repo/a/drafts/x.md")),
            None,
            "the folder is pruned"
        );
        assert_eq!(
            e.matching(Path::new("/repo/a/b.draft.md")),
            Some("*.draft.md")
        );
        assert_eq!(
            e.matching(Path::new("/repo/docs/old/2019/a.md")),
            Some("docs/old/**")
        );
        assert_eq!(
            e.matching(Path::new("/repo/templates/t.md")),
            Some("/templates/*.md")
        );
        assert_eq!(
            e.matching(Path::new("/repo/templates/sub/t.md")),
            None,
            "* stays in one folder"
        );
        assert_eq!(e.matching(Path::new("/repo/docs/new/a.md")), None);
        assert_eq!(e.matching(Path::new("/elsewhere/drafts/a.md")), None);
    }

    #[test]
    fn a_trailing_slash_is_ignored() {
        let e = ex(&["docs/archive/"]);
        assert!(e.matching(Path::new("/repo/docs/archive")).is_some());
        assert!(e.matching(Path::new("/repo/docs/archived.md")).is_none());
        assert!(e.matching(Path::new("/repo")).is_none());
    }

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(Exclude::check_pattern("a[")
            .unwrap_err()
            .contains("invalid pattern \"a[\""));
        assert!(Exclude::check_pattern("/").is_err());
        assert!(Exclude::check_pattern("{a,b}/*.md").is_ok());
    }
}
