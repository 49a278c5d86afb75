//! The conventions that keep the rule set coherent: one declaration per rule, a doc per rule,
//! message style, and fixes only from fixable rules.

mod common;

use pmlint::profile::Profile;
use pmlint::registry::RULES;
use pmlint::rule::FixAvailability;
use pmlint::{lint, Settings, SourceFile};
use regex::Regex;

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let code = Regex::new(r"^PM\d{3}$").unwrap();
    let name = Regex::new(r"^[a-z]+(?:-[a-z0-9]+)*$").unwrap();
    let mut seen = std::collections::HashSet::new();
    for r in RULES {
        let m = r.meta;
        assert!(code.is_match(m.code), "{}", m.code);
        assert!(name.is_match(m.name), "{}", m.name);
        assert!(
            seen.insert(m.code) && seen.insert(m.name),
            "duplicate {} / {}",
            m.code,
            m.name
        );
        assert!(
            m.summary.chars().next().is_some_and(char::is_lowercase),
            "{}: summary starts lowercase",
            m.code
        );
    }
    let codes: Vec<_> = RULES.iter().map(|r| r.meta.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "registry in code order");
}

#[test]
fn every_rule_has_its_doc_and_every_doc_a_rule() {
    let dir = common::root().join("rules");
    for r in RULES {
        let path = dir.join(format!("{}.md", r.meta.code));
        let on_disk =
            std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} missing", path.display()));
        assert_eq!(
            on_disk, r.meta.doc,
            "{}: embedded doc differs from the file",
            r.meta.code
        );
        assert!(
            r.meta.doc.starts_with("## What it does"),
            "{}: doc must start with `## What it does`",
            r.meta.code
        );
        for heading in [
            "## Why is this bad?",
            "## Example",
            "Use instead:",
            "## Options",
        ] {
            assert!(
                r.meta.doc.contains(heading),
                "{}: doc lacks `{heading}`",
                r.meta.code
            );
        }
        assert_eq!(
            r.meta.doc.contains("## Fix safety"),
            r.meta.fix == FixAvailability::Sometimes,
            "{}: `## Fix safety` only for fixable rules",
            r.meta.code
        );
    }
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            assert!(
                RULES.iter().any(|r| r.meta.code == stem),
                "{} has no rule",
                p.display()
            );
        }
    }
}

/// Every finding over the fixtures and seeds: messages start lowercase and do not end with a
/// full stop (clippy's convention), help is present, and only fixable rules carry fixes.
#[test]
fn messages_follow_the_convention_and_fixes_come_from_fixable_rules() {
    let mut files = Vec::new();
    let mut stack = vec![common::root().join("fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    let settings = Settings::new(Profile::built_in("default").unwrap());
    let mut count = 0;
    for p in files {
        let src = SourceFile::from_bytes(p.display().to_string(), &std::fs::read(&p).unwrap());
        for d in lint(&src, Some(&p), &settings) {
            count += 1;
            let first = d.message.chars().next().unwrap();
            assert!(
                !first.is_uppercase() || d.message.starts_with("Markdown"),
                "{}: message starts uppercase: {}",
                d.rule.code,
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{}: message ends with a full stop: {}",
                d.rule.code,
                d.message
            );
            assert!(d.help.is_some(), "{}: no help", d.rule.code);
            assert!(
                d.fix.is_none() || d.rule.fix == FixAvailability::Sometimes,
                "{} emitted a fix but is not fixable",
                d.rule.code
            );
            assert!(
                d.span.start <= d.span.end && d.span.end <= src.text.len(),
                "{}: span out of range",
                d.rule.code
            );
        }
    }
    assert!(count > 100, "only {count} findings over the fixtures");
}
