//! Paths as CI tools want them: relative to the working directory, with forward slashes.

use std::path::{Component, Path};

/// `name` relative to the current directory, with `/` separators: `./docs\pm.md` → `docs/pm.md`;
/// an absolute path under the current directory becomes relative; any other absolute path, and
/// names that are not paths (`<stdin>`), are kept (with `/` separators).
pub fn relative(name: &str) -> String {
    let path = Path::new(name);
    let rel = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let parts: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    if parts.is_empty() {
        return ".".to_string();
    }
    let joined = parts.join("/");
    // Windows: the `C:` prefix and the root directory give `C://`.
    joined.replacen("//", "/", 1)
}

/// Percent-encodes a `/`-separated path for a URI reference (RFC 3986 §2.1): every byte except
/// unreserved characters and `/`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A SARIF `artifactLocation` for the document `name` (SARIF 2.1.0 §3.4): a relative URI
/// reference against the base id `%SRCROOT%` (the directory pmlint ran in) when the path is
/// relative (or under the current directory), else an absolute `file:` URI with no base id.
/// Returns the URI and whether it is relative.
pub fn artifact_uri(name: &str) -> (String, bool) {
    let rel = relative(name);
    let is_absolute = Path::new(&rel).is_absolute() || rel.starts_with('/');
    if is_absolute {
        let p = if rel.starts_with('/') {
            rel
        } else {
            format!("/{rel}") // Windows `C:/…`
        };
        (format!("file://{}", encode_path(&p)), false)
    } else {
        (encode_path(&rel), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_lose_dot_and_use_slashes() {
        assert_eq!(relative("./docs/pm.md"), "docs/pm.md");
        assert_eq!(relative("../shared/seeds/a.txt"), "../shared/seeds/a.txt");
        assert_eq!(relative("<stdin>"), "<stdin>");
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("docs").join("pm.md");
        assert_eq!(relative(&inside.display().to_string()), "docs/pm.md");
    }

    #[cfg(unix)]
    #[test]
    fn uris_are_relative_or_file_uris_and_percent_encoded() {
        assert_eq!(
            artifact_uri("docs/post mortem#1.md"),
            ("docs/post%20mortem%231.md".to_string(), true)
        );
        assert_eq!(artifact_uri("<stdin>"), ("%3Cstdin%3E".to_string(), true));
        assert_eq!(
            artifact_uri("/nonexistent-root/é.md"),
            ("file:///nonexistent-root/%C3%A9.md".to_string(), false)
        );
    }
}
