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
        // "Under `--profile alx`:" between `## Example` and its block picks the profile.
        let profile = r
            .meta
            .doc
            .split("## Example")
            .nth(1)
            .and_then(|rest| rest.split("```markdown").next())
            .and_then(|intro| intro.split("`--profile ").nth(1))
            .and_then(|rest| rest.split('`').next())
            .unwrap_or("default");
        let mut settings = Settings::new(Profile::built_in(profile).unwrap());
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
