//! `--fix`, `--diff`, `--unsafe-fixes` and `--output` on the command line: what is written,
//! where, and the exit status; and the fixes themselves on small documents.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn pmlint() -> Command {
    let mut c = Command::cargo_bin("pmlint").unwrap();
    c.current_dir(common::root()).env("NO_COLOR", "1");
    c
}

/// A postmortem whose only findings are fixable: a plain-line title (PM102, warning), paragraph
/// timeline lines (PM304, warning) and `!(url)` (PM401, error).
const FIXABLE: &str = "\
# Checkout outage

## Summary

Checkout failed for 20% of users from 14:00 to 14:40 UTC (40 minutes).

![](graph.png)
!(graph.png)

Timeline
14:00 UTC - Deploy of the payments service starts.
14:10 UTC - Error rate alert fires.
14:40 UTC - Rollback completes; checkout recovers.

## Root Cause

A configuration key was renamed in the deploy.

## Resolution

The deploy was rolled back.

## Action Items

- [ ] Validate configuration keys in CI (owner: @payments).
";

/// `FIXABLE` after `--fix`.
const FIXED: &str = "\
# Checkout outage

## Summary

Checkout failed for 20% of users from 14:00 to 14:40 UTC (40 minutes).

![](graph.png)
![](graph.png)

## Timeline
- 14:00 UTC - Deploy of the payments service starts.
- 14:10 UTC - Error rate alert fires.
- 14:40 UTC - Rollback completes; checkout recovers.

## Root Cause

A configuration key was renamed in the deploy.

## Resolution

The deploy was rolled back.

## Action Items

- [ ] Validate configuration keys in CI (owner: @payments).
";

/// A directory holding `pm.md` with `text` and the image `graph.png` it shows.
fn workspace(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pm.md"), text).unwrap();
    fs::write(dir.path().join("graph.png"), b"\x89PNG").unwrap();
    dir
}

/// `pmlint --fix -` on `text`; returns the fixed text printed on standard output.
fn fix_stdin(text: &str, extra: &[&str]) -> String {
    let dir = workspace("");
    let out = pmlint()
        .current_dir(dir.path())
        .args(["--fix", "-", "--stdin-filename", "pm.md"])
        .args(extra)
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn fix_writes_the_file_and_reports_what_is_left() {
    let dir = workspace(FIXABLE);
    let p = dir.path().join("pm.md");
    pmlint()
        .arg("--fix")
        .args(["--format", "short"])
        .arg(&p)
        .assert()
        .code(0) // the PM401 error is fixed; PM405 (info) on `![]` is what is left
        .stdout(predicate::str::contains("PM405"))
        .stdout(predicate::str::contains("PM401").not())
        .stdout(predicate::str::contains("PM102").not())
        .stderr(predicate::str::contains(
            "pmlint: fixed 3 findings in 1 file",
        ));
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXED);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

#[test]
fn without_fix_nothing_is_written() {
    let dir = workspace(FIXABLE);
    let p = dir.path().join("pm.md");
    pmlint().arg(&p).assert().code(1);
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXABLE);
}

#[test]
fn diff_prints_a_unified_diff_writes_nothing_and_exits_1() {
    let dir = workspace(FIXABLE);
    let p = dir.path().join("pm.md");
    let out = pmlint()
        .current_dir(dir.path())
        .args(["--diff", "pm.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.starts_with("--- pm.md\n+++ pm.md\n@@ "), "{diff}");
    assert!(diff.contains("\n-Timeline\n"), "{diff}");
    assert!(diff.contains("\n+## Timeline\n"), "{diff}");
    assert!(
        diff.contains("\n-!(graph.png)\n+![](graph.png)\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("PM102"),
        "findings are not printed with --diff"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("would fix 3 findings in 1 file"));
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXABLE, "nothing written");
    // --fix --diff still only shows the diff.
    pmlint()
        .current_dir(dir.path())
        .args(["--fix", "--diff", "pm.md"])
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXABLE);
}

#[test]
fn diff_of_a_file_with_nothing_to_fix_is_empty_and_exits_0() {
    pmlint()
        .args(["--diff", "fixtures/examples/clean-postmortem.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
}

#[test]
fn diff_goes_to_output_file() {
    let dir = workspace(FIXABLE);
    let out = dir.path().join("fixes.diff");
    pmlint()
        .current_dir(dir.path())
        .args(["--diff", "pm.md", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert!(fs::read_to_string(&out).unwrap().starts_with("--- pm.md\n"));
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text_and_reports_on_stderr() {
    let dir = workspace("");
    pmlint()
        .current_dir(dir.path())
        .args([
            "--fix",
            "-",
            "--stdin-filename",
            "pm.md",
            "--format",
            "short",
        ])
        .write_stdin(FIXABLE)
        .assert()
        .code(0)
        .stdout(predicate::str::diff(FIXED))
        .stderr(predicate::str::contains("pm.md:8:1: PM405"))
        .stderr(predicate::str::contains("fixed 3 findings"));
    // Nothing to fix: the text comes back as it was.
    let clean =
        fs::read_to_string(common::root().join("fixtures/examples/clean-postmortem.md")).unwrap();
    assert_eq!(fix_stdin(&clean, &[]), clean);
}

#[test]
fn unsafe_fixes_need_fix_or_diff() {
    pmlint()
        .args(["--unsafe-fixes", "fixtures/examples/clean-postmortem.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fix"));
    pmlint()
        .args([
            "--fix",
            "--unsafe-fixes",
            "-",
            "--stdin-filename",
            "fixtures/examples/pm.md",
        ])
        .write_stdin("# T\n")
        .assert()
        .stdout("# T\n");
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace(FIXABLE);
    let p = dir.path().join("pm.md");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&p, &link).unwrap();
    pmlint().arg("--fix").arg(&link).assert().code(0);
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXED);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn fix_keeps_crlf_line_endings_and_the_byte_order_mark() {
    let dir = workspace("");
    let p = dir.path().join("pm.md");
    let crlf = format!("\u{feff}{}", FIXABLE.replace('\n', "\r\n"));
    fs::write(&p, &crlf).unwrap();
    pmlint().arg("--fix").arg(&p).assert().code(0);
    let want = format!("\u{feff}{}", FIXED.replace('\n', "\r\n"));
    assert_eq!(fs::read_to_string(&p).unwrap(), want);
}

#[test]
fn a_file_that_is_not_valid_utf8_is_not_fixed() {
    let dir = workspace("");
    let p = dir.path().join("pm.md");
    let mut bytes = FIXABLE.as_bytes().to_vec();
    bytes.splice(2..2, [0xffu8]);
    fs::write(&p, &bytes).unwrap();
    pmlint()
        .arg("--fix")
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "pm.md: not valid UTF-8; not fixed",
        ));
    assert_eq!(fs::read(&p).unwrap(), bytes);
}

#[test]
fn output_writes_any_format_to_a_file_without_color() {
    let dir = workspace(FIXABLE);
    for (format, check) in [
        ("human", "PM102 section-not-heading"),
        ("json", "\"code\": \"PM102\""),
        ("sarif", "\"version\": \"2.1.0\""),
        ("github", "::warning file=pm.md,line=10,"),
        ("short", "pm.md:10:1: PM102"),
    ] {
        let out = dir.path().join(format!("report.{format}"));
        pmlint()
            .current_dir(dir.path())
            .args(["pm.md", "--color", "always", "--format", format, "--output"])
            .arg(&out)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty());
        let text = fs::read_to_string(&out).unwrap();
        assert!(text.contains(check), "{format}: {text}");
        assert!(!text.contains('\u{1b}'), "{format}: colored");
    }
}

#[test]
fn output_with_fix_holds_the_report_of_what_is_left() {
    let dir = workspace(FIXABLE);
    let out = dir.path().join("left.json");
    pmlint()
        .current_dir(dir.path())
        .args(["--fix", "pm.md", "--format", "json", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PM405", "PM405"]);
}

#[test]
fn output_to_an_unwritable_place_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/dir/report.json");
    pmlint()
        .args(["fixtures/examples/clean-postmortem.md", "--output"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("report.json: cannot write output"));
}

// ---- the fixes themselves, through `--fix -` ----

#[test]
fn pm304_keeps_wrapped_lines_and_details_with_their_entry_and_titles_out_of_the_list() {
    let text = "\
## Timeline

13:00 UTC: certificate expiry reported by a customer, who
wrapped the line.
13:25 UTC: certificate renewed on the load balancer:

- stop HAProxy
- run certbot

13:40 UTC: traffic back on the load balancer.
   14:00 UTC: all checks green.
Root Cause
The certificate had no renewal job.
";
    let want = "\
## Timeline

- 13:00 UTC: certificate expiry reported by a customer, who
wrapped the line.
- 13:25 UTC: certificate renewed on the load balancer:

  - stop HAProxy
  - run certbot

- 13:40 UTC: traffic back on the load balancer.
- 14:00 UTC: all checks green.

Root Cause
The certificate had no renewal job.
";
    assert_eq!(fix_stdin(text, &["--select", "PM304"]), want);
}

#[test]
fn pm304_offers_no_fix_when_an_indented_code_block_follows_an_entry() {
    let text = "\
## Timeline

13:00 UTC: alert fires.
13:10 UTC: the log says:

    FATAL: too many connections

13:20 UTC: pool size raised.
";
    assert_eq!(fix_stdin(text, &["--select", "PM304"]), text);
}

#[test]
fn pm102_removes_the_indentation_that_would_make_the_next_line_code() {
    let text = "\
# Outage

Summary
      The API was down for 20 minutes.
";
    assert_eq!(
        fix_stdin(text, &["--select", "PM102"]),
        "# Outage\n\n## Summary\nThe API was down for 20 minutes.\n"
    );
}

#[test]
fn pm403_adds_raw_true_before_a_fragment_or_after_a_query() {
    let text = "\
![Latency graph](https://github.com/acme/pm/blob/main/latency.png#top)
![Error graph](https://github.com/acme/pm/blob/main/errors.png?v=2)
";
    assert_eq!(
        fix_stdin(text, &["--select", "PM403"]),
        "\
![Latency graph](https://github.com/acme/pm/blob/main/latency.png?raw=true#top)
![Error graph](https://github.com/acme/pm/blob/main/errors.png?v=2&raw=true)
"
    );
}

#[test]
fn no_fix_where_a_moved_line_would_start_a_block_of_its_own() {
    // In the paragraph, `    - …` is text; after `## Summary` (or under `- 14:00 …`) it would
    // become a list.
    let title = "\
# Outage

Summary:
\t- On March 3 the API was down
\tfor 20 minutes.
";
    assert_eq!(fix_stdin(title, &["--select", "PM102"]), title);
    let entries = "\
## Timeline

14:00 UTC - alert fires
    - paged the on-call engineer
14:20 UTC - service restored
";
    assert_eq!(fix_stdin(entries, &["--select", "PM304"]), entries);
}
