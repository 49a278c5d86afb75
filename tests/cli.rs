//! The command line as users and their tools see it: exit codes, standard input, formats,
//! selection, subcommands and bad input.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn pmlint() -> Command {
    let mut c = Command::cargo_bin("pmlint").unwrap();
    c.current_dir(common::root()).env("NO_COLOR", "1");
    c
}

const CLEAN: &str = "fixtures/examples/clean-postmortem.md";
const BROKEN: &str = "fixtures/examples/broken-postmortem.md";

#[test]
fn clean_file_exits_0_and_says_so() {
    pmlint()
        .arg(CLEAN)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings in 1 file"));
}

#[test]
fn error_finding_exits_1_with_human_report() {
    pmlint()
        .arg(BROKEN)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PM301 timeline-out-of-order"))
        .stdout(predicate::str::contains(
            "help: put the entries in chronological order",
        ))
        .stdout(predicate::str::contains("broken-postmortem.md:15:3"));
}

#[test]
fn warnings_only_exit_0() {
    pmlint()
        .arg(BROKEN)
        .args(["--select", "PM102,PM601"])
        .assert()
        .code(0);
}

#[test]
fn fail_on_warning_makes_warnings_exit_1() {
    pmlint()
        .arg(BROKEN)
        .args(["--select", "PM102,PM601", "--fail-on", "warning"])
        .args(["--format", "short"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("broken-postmortem.md:11:3: PM102"));
}

#[test]
fn fail_on_warning_ignores_info_notes() {
    pmlint()
        .arg(BROKEN)
        .args(["--select", "PM405", "--fail-on", "warning"])
        .args(["--format", "short"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("broken-postmortem.md:9:1: PM405"));
}

#[test]
fn fail_on_error_is_the_default() {
    pmlint()
        .arg(BROKEN)
        .args(["--select", "PM102,PM601", "--fail-on", "error"])
        .assert()
        .code(0);
    pmlint()
        .arg(CLEAN)
        .args(["--fail-on", "warning"])
        .assert()
        .code(0);
}

#[test]
fn fail_on_rejects_other_values() {
    pmlint()
        .arg(BROKEN)
        .args(["--fail-on", "info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fail-on"));
}

#[test]
fn missing_path_exits_2_and_other_files_are_still_reported() {
    pmlint()
        .args(["does/not/exist.md", BROKEN])
        .args(["--format", "short"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does/not/exist.md: no such file or directory",
        ))
        .stdout(predicate::str::contains("broken-postmortem.md:15:3: PM301"));
}

#[test]
fn short_format_is_one_errorformat_line_per_finding() {
    let out = pmlint()
        .arg(BROKEN)
        .args(["--format", "short"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let re = regex::Regex::new(r"^[^:]+:\d+:\d+: PM\d{3} \S.*$").unwrap();
    assert!(text.lines().count() >= 5);
    for line in text.lines() {
        assert!(re.is_match(line), "not path:line:col: CODE message: {line}");
    }
}

#[test]
fn json_format_follows_the_contract() {
    let out = pmlint()
        .arg(BROKEN)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    let f = arr
        .iter()
        .find(|f| f["code"] == "PM301")
        .expect("PM301 finding");
    assert_eq!(f["rule"], "timeline-out-of-order");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], BROKEN);
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(15), Some(3))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(15), Some(8))
    );
    assert!(f["message"]
        .as_str()
        .unwrap()
        .starts_with("timeline entry at 14:12"));
    assert!(f["help"].is_string());
    assert!(f["fix"].is_null());
    let fixable = arr
        .iter()
        .find(|f| f["code"] == "PM403")
        .expect("PM403 finding");
    assert_eq!(fixable["fix"]["applicability"], "safe");
    assert!(fixable["fix"]["edits"][0]["replacement"]
        .as_str()
        .unwrap()
        .ends_with("?raw=true"));
    let lines: Vec<u64> = arr.iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert!(
        lines.windows(2).all(|w| w[0] <= w[1]),
        "sorted by line: {lines:?}"
    );
}

#[test]
fn json_of_a_clean_file_is_an_empty_array() {
    pmlint()
        .arg(CLEAN)
        .args(["--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::diff("[]\n"));
}

#[test]
fn standard_input_is_linted_under_its_name() {
    let text = fs::read_to_string(common::root().join(BROKEN)).unwrap();
    pmlint()
        .args(["-", "--format", "short"])
        .write_stdin(text.clone())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:15:3: PM301"));
    pmlint()
        .args(["-", "--format", "short", "--stdin-filename", "docs/pm.md"])
        .write_stdin(text)
        .assert()
        .stdout(predicate::str::contains("docs/pm.md:15:3: PM301"));
}

#[test]
fn select_and_ignore_take_codes_names_and_families() {
    let out = pmlint()
        .arg(BROKEN)
        .args(["--format", "short", "--select", "PM3,image-not-direct"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("PM301") && text.contains("PM403"));
    assert!(!text.contains("PM102") && !text.contains("PM601") && !text.contains("PM405"));
    let out = pmlint()
        .arg(BROKEN)
        .args(["--format", "short", "--ignore", "PM4,PM301"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("PM4") && !text.contains("PM301") && text.contains("PM102"));
}

#[test]
fn unknown_rule_selector_is_a_usage_error() {
    pmlint()
        .args([CLEAN, "--select", "PM999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `PM999`"));
}

#[test]
fn unknown_format_is_a_usage_error() {
    pmlint().args([CLEAN, "--format", "xml"]).assert().code(2);
}

#[test]
fn rules_lists_every_rule() {
    let out = pmlint().arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for r in pmlint::registry::RULES {
        assert!(
            text.contains(r.meta.code) && text.contains(r.meta.name),
            "{} missing",
            r.meta.code
        );
    }
}

#[test]
fn explain_prints_the_doc_by_code_or_name() {
    pmlint()
        .args(["explain", "PM301"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# timeline-out-of-order (PM301)"))
        .stdout(predicate::str::contains("## What it does"));
    pmlint()
        .args(["explain", "timeline-out-of-order"])
        .assert()
        .code(0);
    pmlint()
        .args(["explain", "PM999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `PM999`"));
}

#[test]
fn directories_are_walked_for_markdown_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let broken = fs::read_to_string(common::root().join(BROKEN)).unwrap();
    fs::write(dir.path().join("a.md"), &broken).unwrap();
    fs::write(dir.path().join("b.markdown"), &broken).unwrap();
    fs::write(dir.path().join("notes.txt"), &broken).unwrap();
    fs::create_dir(dir.path().join("drafts")).unwrap();
    fs::write(dir.path().join("drafts/c.md"), &broken).unwrap();
    fs::write(dir.path().join(".gitignore"), "drafts/\n").unwrap();
    let out = pmlint()
        .arg(dir.path())
        .args(["--format", "short"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a.md:") && text.contains("b.markdown:"));
    assert!(
        !text.contains("notes.txt") && !text.contains("c.md"),
        "{text}"
    );
}

#[test]
fn a_named_file_of_any_extension_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("postmortem.txt");
    fs::copy(common::root().join(BROKEN), &p).unwrap();
    pmlint()
        .arg(&p)
        .args(["--format", "short"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PM301"));
}

#[test]
fn binary_files_are_skipped_when_walked_and_errors_when_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("blob.md"), b"# T\0\x01\x02").unwrap();
    fs::copy(common::root().join(CLEAN), dir.path().join("ok.md")).unwrap();
    pmlint()
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("blob.md: skipped: binary file"));
    pmlint()
        .arg(dir.path().join("blob.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("blob.md: binary file"));
}

#[test]
fn invalid_utf8_is_reported_and_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = fs::read(common::root().join(CLEAN)).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Postmor").unwrap();
    bytes.insert(at, 0xff);
    let p = dir.path().join("latin1.md");
    fs::write(&p, bytes).unwrap();
    pmlint()
        .arg(&p)
        .args(["--format", "short"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "latin1.md:2:3: PM001 file is not valid UTF-8",
        ));
}

#[test]
fn version_is_printed() {
    pmlint()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("pmlint "));
}

/// Many documents linted on several threads come out in path order, each with its own findings,
/// the same whatever the number of threads: batches finish out of order and wait for the ones
/// before them (the first file is large, so the batches after it finish first), and more than
/// one chunk (256 documents, `LINT_CHUNK` in `src/cli/mod.rs`) is linted.
#[test]
fn many_files_are_reported_in_path_order_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let count = 300;
    // File i's out-of-order entry, at a time unique to it.
    let entry_time = |i: usize| format!("{:02}:{:02}", 10 + i / 60, i % 60);
    for i in 0..count {
        // Sub-directories and names whose walk order is not their path order; file i has an
        // out-of-order timeline at `entry_time(i)`.
        let sub = dir.path().join(format!("d{}", (i * 7) % 5));
        fs::create_dir_all(&sub).unwrap();
        let mut text = format!(
            "# Postmortem {i}\n\n## Timeline\n\n- 09:00 - alert fired\n- {} - rollback \
             started\n- 08:00 - paged on-call\n\n## Root cause\n\nA bad deploy.\n",
            entry_time(i)
        );
        if i == 0 {
            // The first file in path order (`d0/0-0.md`) takes far longer than the rest, so
            // that batches after it finish first.
            text.push_str(
                &"The deploy changed the pool size of the primary database.\n\n".repeat(40_000),
            );
        }
        fs::write(sub.join(format!("{}-{i}.md", (i * 31) % 97)), text).unwrap();
    }
    let run = |threads: &str| {
        let out = pmlint()
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(["--format", "short", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{threads} threads");
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    let mut names: Vec<&str> = Vec::new();
    for line in one.lines().filter(|l| l.contains("PM301")) {
        let name = line.split(':').next().unwrap();
        // Each file's finding names its own out-of-order entry (`d2/31-1.md` is file 1).
        let i: usize = name.rsplit(['-', '.']).nth(1).unwrap().parse().unwrap();
        assert!(line.contains(&entry_time(i)), "{line}");
        names.push(name);
    }
    assert_eq!(names.len(), count, "one PM301 per file:\n{one}");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "reports not in path order");
    for threads in ["2", "3", "8"] {
        assert_eq!(run(threads), one, "{threads} threads");
    }
}
