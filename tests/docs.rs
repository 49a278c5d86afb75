//! Each rule doc's `## Example` block makes its rule fire, and its `Use instead:` block does not
//! (markdownlint and ruff keep their docs honest the same way). Both are linted with the default
//! profile, or with the one named as "`--profile NAME`" between `## Example` and its block.

mod common;

use pmlint::profile::Profile;
use pmlint::registry::RULES;
use pmlint::{lint, Settings, SourceFile};

/// The contents of the first ```markdown fence after `marker` in `doc`.
fn block_after<'a>(doc: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &doc[doc.find(marker)? + marker.len()..];
    let start = rest.find("```markdown\n")? + "```markdown\n".len();
    let end = rest[start..].find("\n```")?;
    Some(&rest[start..start + end + 1])
}

/// The default profile with the `[rules.*]` settings of the doc's `## Options` TOML block applied,
/// so that rules that only run when configured (PM204, PM701) are shown configured.
/// The profile a doc's example runs under: the built-in one named "`--profile NAME`" between
/// `## Example` and its block (default otherwise), plus the rule settings of the doc's
/// `## Options` TOML block.
fn profile_with_doc_options(doc: &str) -> Profile {
    let name = doc
        .split("## Example")
        .nth(1)
        .and_then(|rest| rest.split("```markdown").next())
        .and_then(|intro| intro.split("`--profile ").nth(1))
        .and_then(|rest| rest.split('`').next())
        .unwrap_or("default");
    let mut profile = Profile::built_in(name).unwrap();
    let Some(rest) = doc.find("## Options").map(|i| &doc[i..]) else {
        return profile;
    };
    let Some(start) = rest.find("```toml\n").map(|i| i + "```toml\n".len()) else {
        return profile;
    };
    let end = rest[start..]
        .find("\n```")
        .map_or(rest.len(), |e| start + e);
    #[derive(serde::Deserialize)]
    struct Options {
        rules: std::collections::BTreeMap<String, pmlint::profile::RuleSettings>,
    }
    let options: Options = toml::from_str(&rest[start..end]).expect("the doc's options parse");
    profile.rules.extend(options.rules);
    profile
}

#[test]
fn doc_examples_fire_and_use_instead_blocks_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for r in RULES {
        let code = r.meta.code;
        if code == "PM001" {
            continue; // its example is about bytes that a UTF-8 doc cannot hold
        }
        if code == "PM406" {
            continue; // its example needs a network answer; tests/remote.rs serves them locally
        }
        let mut settings = Settings::new(profile_with_doc_options(r.meta.doc));
        settings.enabled = vec![code];
        for (marker, should_fire) in [("## Example", true), ("Use instead:", false)] {
            let Some(md) = block_after(r.meta.doc, marker) else {
                failures.push(format!("{code}: no ```markdown block after `{marker}`"));
                continue;
            };
            // Linted as a file on disk, so that relative image paths resolve (PM402).
            let path = dir.path().join(format!("{code}.md"));
            std::fs::write(&path, md).unwrap();
            let found = lint(
                &SourceFile::new(path.display().to_string(), md),
                Some(&path),
                &settings,
            );
            if found.is_empty() == should_fire {
                failures.push(format!(
                    "{code}: `{marker}` block gives {} finding(s), expected {}",
                    found.len(),
                    if should_fire { "some" } else { "none" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
