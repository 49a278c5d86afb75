//! Profiles from the command line: `--profile NAME|PATH`, a team's own profile file that extends
//! a built-in one, its errors, and `pmlint new`.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn pmlint() -> Command {
    let mut c = Command::cargo_bin("pmlint").unwrap();
    c.current_dir(common::root()).env("NO_COLOR", "1");
    c
}

/// An ALX postmortem with its Timeline after Root Cause and Resolution.
const OUT_OF_ORDER: &str = "fixtures/pm104-section-order/timeline-after-root-cause.md";

#[test]
fn new_prints_the_skeleton_of_the_default_profile() {
    let out = pmlint().arg("new").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Summary",
            "## Timeline",
            "## Root Cause",
            "## Resolution",
            "## Action Items"
        ]
    );
    assert!(text.contains("XX:XX") && text.contains("YYYY-MM-DD"));
}

#[test]
fn new_follows_each_built_in_profile() {
    let cases = [
        ("alx", "## Root Cause and Resolution", 4),
        ("google-sre", "## Lessons Learned", 9),
        ("pagerduty", "## How'd We Do?", 9),
        ("atlassian", "## Five whys", 12),
    ];
    for (name, heading, count) in cases {
        let out = pmlint().args(["new", "--profile", name]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(heading), "{name}:\n{text}");
        let n = text.lines().filter(|l| l.starts_with("## ")).count();
        assert_eq!(n, count, "{name}:\n{text}");
    }
}

#[test]
fn new_with_an_unknown_profile_is_a_usage_error() {
    pmlint()
        .args(["new", "--profile", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown profile `nope`"))
        .stderr(predicate::str::contains(
            "alx, google-sre, pagerduty, atlassian",
        ));
}

#[test]
fn order_is_checked_only_by_profiles_that_set_it() {
    pmlint()
        .args([OUT_OF_ORDER, "--format", "short", "--profile", "alx"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "PM104 section `Timeline` comes after",
        ));
    pmlint()
        .args([OUT_OF_ORDER, "--format", "short"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PM104").not());
}

#[test]
fn a_team_profile_file_extends_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    fs::write(
        &path,
        r#"name = "team"
extends = "alx"
description = "ALX, plus a Customer Communication section"

[[sections]]
id = "customer-comms"
title = "Customer Communication"
required = true
aliases = ["status page updates"]
template = "[Insert the status page updates]"

[rules.PM104]
severity = "error"

[rules.PM601]
severity = "off"
"#,
    )
    .unwrap();
    let out = pmlint()
        .args([OUT_OF_ORDER, "--format", "short", "--profile"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("PM101 missing section `Customer Communication` (profile `team`)"),
        "{text}"
    );
    assert!(text.contains("PM104"), "{text}");
    // Inherited from alx: its 400–600 word range (PM701); turned off by the team: PM601.
    assert!(text.contains("PM701"), "{text}");
    assert!(!text.contains("PM601"), "{text}");
    // `pmlint new` writes the inherited order, then the team's section.
    let out = pmlint()
        .args(["new", "--profile"])
        .arg(&path)
        .output()
        .unwrap();
    let skeleton = String::from_utf8(out.stdout).unwrap();
    let headings: Vec<&str> = skeleton.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Issue Summary",
            "## Timeline",
            "## Root Cause and Resolution",
            "## Corrective and Preventative Measures",
            "## Customer Communication"
        ]
    );
    assert!(skeleton.contains("[Insert the status page updates]"));
}

#[test]
fn a_bad_profile_file_is_an_error_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "name = \"t\"\nextends = \"default\"\n\n[[sections]]\nid = \"timeline\"\nrequird = true\n",
            "line 6",
        ),
        (
            "name = \"t\"\nextends = \"default\"\n\n[rules.PM301]\nmidnight-hours = 6\n",
            "line 4",
        ),
        ("name = \"t\"\nextends = \"defualt\"\n", "line 2"),
    ];
    for (text, line) in cases {
        let path = dir.path().join("bad.toml");
        fs::write(&path, text).unwrap();
        pmlint()
            .args(["fixtures/examples/clean-postmortem.md", "--profile"])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("bad.toml: invalid profile"))
            .stderr(predicate::str::contains(line));
    }
}
