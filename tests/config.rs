//! Configuration files as users meet them: discovery, `--config`, errors naming the line,
//! `exclude`, `pmlint config`, `pmlint init`, and suppression comments on the command line.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

/// A postmortem whose timeline is out of order (PM301, line 11) and whose image alt text is
/// generic (PM405, line 14); every required section is present.
const POSTMORTEM: &str = "\
# Checkout outage

## Summary

Checkout failed for 30% of users for 40 minutes, from 14:02 to 14:42 UTC.

## Timeline (all times UTC)

- 14:02 - Error-rate alert fires.
- 14:25 - Release rolled back.
- 14:10 - Bad release found in the deploy log.
- 14:42 - Error rate back to normal.

![image](https://raw.githubusercontent.com/acme/pm/main/errors.png)

## Root Cause

A bad release.

## Resolution

Rolled back.

## Action Items

- Add a canary stage (owner: @release-team).
";

/// A repository in a temporary folder: `.git` and the given files.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        write(&dir.path().join(path), text);
    }
    dir
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn pmlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("pmlint").unwrap();
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

/// The codes reported in `--format short` output, in order.
fn codes(out: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(out)
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn short(dir: &Path, args: &[&str]) -> (Vec<String>, i32, String) {
    let out = pmlint(dir)
        .args(args)
        .args(["--format", "short"])
        .output()
        .unwrap();
    (
        codes(&out.stdout),
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn without_configuration_every_rule_runs() {
    let d = repo(&[("pm.md", POSTMORTEM)]);
    let (codes, code, _) = short(d.path(), &["pm.md"]);
    assert_eq!(codes, ["PM301", "PM405"]);
    assert_eq!(code, 1);
}

#[test]
fn the_nearest_file_above_is_used_and_the_walk_stops_at_the_repository_root() {
    let d = repo(&[
        (".pmlint.toml", "ignore = [\"PM301\"]\n"),
        ("a/b/pm.md", POSTMORTEM),
        ("a/c/.pmlint.toml", "ignore = [\"PM405\"]\n"),
        ("a/c/pm.md", POSTMORTEM),
        // Above the nested repository's root: never read from inside it.
        ("outer/.pmlint.toml", "this is not TOML"),
        ("outer/inner/.git/HEAD", ""),
        ("outer/inner/pm.md", POSTMORTEM),
    ]);
    assert_eq!(short(d.path(), &["a/b/pm.md"]).0, ["PM405"]);
    assert_eq!(short(&d.path().join("a/b"), &["pm.md"]).0, ["PM405"]);
    assert_eq!(short(d.path(), &["a/c/pm.md"]).0, ["PM301"]);
    let (codes, code, stderr) = short(d.path(), &["outer/inner/pm.md"]);
    assert_eq!(
        (codes, code),
        (vec!["PM301".into(), "PM405".into()], 1),
        "{stderr}"
    );
}

#[test]
fn pmlint_toml_is_found_too_and_dot_pmlint_toml_wins() {
    let d = repo(&[
        ("pmlint.toml", "ignore = [\"PM301\"]\n"),
        ("pm.md", POSTMORTEM),
    ]);
    assert_eq!(short(d.path(), &["pm.md"]).0, ["PM405"]);
    write(&d.path().join(".pmlint.toml"), "ignore = [\"PM405\"]\n");
    assert_eq!(short(d.path(), &["pm.md"]).0, ["PM301"]);
}

#[test]
fn standard_input_uses_the_configuration_of_its_stdin_filename_or_the_current_directory() {
    let d = repo(&[(".pmlint.toml", "ignore = [\"image-alt-text\"]\n")]);
    pmlint(d.path())
        .args(["-", "--format", "short"])
        .write_stdin(POSTMORTEM)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PM301"))
        .stdout(predicate::str::contains("PM405").not());
    write(&d.path().join("sub/.pmlint.toml"), "ignore = [\"PM301\"]\n");
    pmlint(d.path())
        .args(["-", "--format", "short", "--stdin-filename", "sub/pm.md"])
        .write_stdin(POSTMORTEM)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("sub/pm.md:14:1: PM405"))
        .stdout(predicate::str::contains("PM301").not());
}

#[test]
fn config_flag_replaces_discovery() {
    let d = repo(&[
        (".pmlint.toml", "ignore = [\"PM301\"]\n"),
        ("elsewhere/team.toml", "ignore = [\"PM405\"]\n"),
        ("pm.md", POSTMORTEM),
    ]);
    let (codes, _, _) = short(d.path(), &["pm.md", "--config", "elsewhere/team.toml"]);
    assert_eq!(codes, ["PM301"]);
    pmlint(d.path())
        .args(["pm.md", "--config", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.toml: cannot read configuration",
        ));
}

#[test]
fn command_line_flags_override_the_file() {
    let d = repo(&[
        (
            ".pmlint.toml",
            "ignore = [\"PM4\"]\n[rules.PM301]\nseverity = \"warning\"\n",
        ),
        ("pm.md", POSTMORTEM),
    ]);
    // The file makes PM301 a warning: exit 0.
    assert_eq!(
        short(d.path(), &["pm.md"]),
        (vec!["PM301".into()], 0, String::new())
    );
    // --select starts afresh: PM405 runs although the file ignores PM4.
    assert_eq!(
        short(d.path(), &["pm.md", "--select", "PM405"]).0,
        ["PM405"]
    );
    assert_eq!(
        short(d.path(), &["pm.md", "--ignore", "PM301"]).0,
        Vec::<String>::new()
    );
}

#[test]
fn severity_off_and_options_apply() {
    let d = repo(&[
        (
            ".pmlint.toml",
            "[rules.PM301]\nseverity = \"off\"\n[rules.PM405]\nseverity = \"error\"\n",
        ),
        ("pm.md", POSTMORTEM),
    ]);
    pmlint(d.path())
        .args(["pm.md", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"code\": \"PM405\""))
        .stdout(predicate::str::contains("\"severity\": \"error\""))
        .stdout(predicate::str::contains("PM301").not());
}

#[test]
fn a_profile_path_is_relative_to_the_configuration_file() {
    let default = fs::read_to_string(common::root().join("rules/profiles/default.toml")).unwrap();
    let team = default.replace("name = \"default\"", "name = \"team\"")
        + "\n[rules.PM405]\nseverity = \"error\"\n";
    let d = repo(&[
        ("docs/.pmlint.toml", "profile = \"profiles/team.toml\"\n"),
        ("docs/profiles/team.toml", &team),
        ("docs/pm.md", POSTMORTEM),
    ]);
    pmlint(d.path())
        .args(["config", "docs/pm.md"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(r#"profile = "profiles/team.toml" +# docs/\.pmlint\.toml:1"#)
                .unwrap(),
        )
        .stdout(
            predicate::str::is_match(
                r#"\[rules\.PM405\] +# image-alt-text\nseverity = "error" +# profile `team`"#,
            )
            .unwrap(),
        );
}

#[test]
fn every_kind_of_error_names_the_file_line_and_column_and_exits_2() {
    let cases = [
        ("select = [\"PM3\"\n", ":1:", "invalid TOML"),
        (
            "# comment\nbogus = true\n",
            ":2:1:",
            "unknown key `bogus`: expected `profile`",
        ),
        (
            "select = [\"PM3\",\n  \"PM999\"]\n",
            ":2:3:",
            "unknown rule `PM999`",
        ),
        ("[rules.PM999]\n", ":1:8:", "unknown rule `PM999`"),
        (
            "[rules.PM301]\nseverity = \"loud\"\n",
            ":2:12:",
            "expected \"error\", \"warning\", \"info\" or \"off\"",
        ),
        (
            "[rules.PM301]\nmidnight = 3\n",
            ":2:1:",
            "unknown option `midnight`",
        ),
        (
            "[rules.PM501]\ntolerance-minutes = 2.5\n",
            ":2:21:",
            "expected a whole number",
        ),
        (
            "exclude = \"drafts\"\n",
            ":1:11:",
            "must be an array of glob patterns",
        ),
        ("exclude = [\"{a\"]\n", ":1:12:", "invalid pattern"),
        ("check-remote = 1\n", ":1:16:", "must be true or false"),
        ("\nprofile = \"nope\"\n", ":2:11:", "unknown profile `nope`"),
    ];
    for (text, position, fragment) in cases {
        let d = repo(&[(".pmlint.toml", text), ("pm.md", POSTMORTEM)]);
        let out = pmlint(d.path()).arg("pm.md").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text:?}: {stderr}");
        let expected = format!("pmlint: .pmlint.toml{position}");
        assert!(
            stderr.contains(&expected) && stderr.contains(fragment),
            "{text:?}: expected `{expected}` and `{fragment}` in {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn a_bad_configuration_stops_only_the_files_it_governs() {
    let d = repo(&[
        ("bad/.pmlint.toml", "bogus = 1\n"),
        ("bad/one.md", POSTMORTEM),
        ("bad/two.md", POSTMORTEM),
        ("good/pm.md", POSTMORTEM),
    ]);
    let (codes, code, stderr) = short(d.path(), &["bad", "good"]);
    assert_eq!(codes, ["PM301", "PM405"], "good/pm.md is still linted");
    assert_eq!(code, 2);
    assert_eq!(
        stderr.matches("unknown key `bogus`").count(),
        1,
        "reported once: {stderr}"
    );
}

#[test]
fn exclude_skips_walked_paths_but_not_named_files() {
    let d = repo(&[
        (
            ".pmlint.toml",
            "exclude = [\"drafts\", \"docs/old/**\", \"*.draft.md\"]\n",
        ),
        ("docs/pm.md", POSTMORTEM),
        ("docs/drafts/a.md", POSTMORTEM),
        ("docs/old/2019/b.md", POSTMORTEM),
        ("docs/c.draft.md", POSTMORTEM),
    ]);
    let out = pmlint(d.path())
        .args(["--format", "short"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("docs/pm.md"), "{text}");
    for skipped in ["drafts/a.md", "b.md", "c.draft.md"] {
        assert!(!text.contains(skipped), "{skipped} linted: {text}");
    }
    let (codes, _, _) = short(d.path(), &["docs/drafts/a.md"]);
    assert_eq!(codes, ["PM301", "PM405"], "a named file is always linted");
    let (codes, _, _) = short(&d.path().join("docs"), &["drafts"]);
    assert_eq!(codes, ["PM301", "PM405"], "a named folder is walked");
}

#[test]
fn config_prints_each_value_and_where_it_comes_from() {
    let d = repo(&[
        (
            ".pmlint.toml",
            "ignore = [\"PM405\"]\nexclude = [\"drafts\"]\n\n[rules.PM501]\ntolerance-minutes = 10\n",
        ),
        ("docs/drafts/pm.md", POSTMORTEM),
    ]);
    pmlint(d.path())
        .args([
            "config",
            "docs/drafts/pm.md",
            "--ignore",
            "PM303",
            "--check-remote",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "# effective configuration for docs/drafts/pm.md",
        ))
        .stdout(predicate::str::contains(
            "# configuration file: .pmlint.toml",
        ))
        .stdout(predicate::str::contains(
            "matches exclude pattern \"drafts\" (.pmlint.toml:2)",
        ))
        .stdout(predicate::str::is_match(r#"profile = "default" +# built-in default"#).unwrap())
        .stdout(predicate::str::is_match(r#"check-remote = true +# --check-remote"#).unwrap())
        .stdout(predicate::str::is_match(r#""PM405", +# \.pmlint\.toml:1"#).unwrap())
        .stdout(predicate::str::is_match(r#""PM303", +# --ignore"#).unwrap())
        .stdout(predicate::str::is_match(r#"tolerance-minutes = 10 +# \.pmlint\.toml:5"#).unwrap())
        .stdout(
            predicate::str::is_match(
                r#"\[rules\.PM303\] +# mixed-timezones\nseverity = "off" +# --ignore"#,
            )
            .unwrap(),
        );
    pmlint(d.path())
        .args(["config", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nowhere: no such file or directory",
        ));
}

#[test]
fn config_output_loads_as_a_configuration_file() {
    let d = repo(&[
        (".pmlint.toml", "ignore = [\"PM405\"]\n"),
        ("pm.md", POSTMORTEM),
    ]);
    let out = pmlint(d.path()).arg("config").output().unwrap();
    assert!(out.status.success());
    write(
        &d.path().join("shown.toml"),
        &String::from_utf8(out.stdout).unwrap(),
    );
    let (codes, code, stderr) = short(d.path(), &["pm.md", "--config", "shown.toml"]);
    assert_eq!((codes, code), (vec!["PM301".into()], 1), "{stderr}");
}

#[test]
fn init_writes_a_file_that_loads_and_never_overwrites() {
    let d = repo(&[("pm.md", POSTMORTEM)]);
    pmlint(d.path()).arg("init").assert().code(0);
    let written = fs::read_to_string(d.path().join(".pmlint.toml")).unwrap();
    assert!(written.starts_with("# pmlint configuration"));
    pmlint(d.path())
        .arg("config")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "# configuration file: .pmlint.toml",
        ));
    let (codes, code, stderr) = short(d.path(), &["pm.md"]);
    assert_eq!(
        (codes, code, stderr),
        (vec!["PM301".into(), "PM405".into()], 1, String::new())
    );
    fs::write(d.path().join(".pmlint.toml"), "# mine\n").unwrap();
    pmlint(d.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".pmlint.toml: already exists; not overwritten",
        ));
    assert_eq!(
        fs::read_to_string(d.path().join(".pmlint.toml")).unwrap(),
        "# mine\n"
    );
    let d = repo(&[("pmlint.toml", "")]);
    pmlint(d.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pmlint.toml: already exists"));
    assert!(!d.path().join(".pmlint.toml").exists());
}

#[test]
fn suppression_comments_work_from_the_command_line() {
    let d = repo(&[]);
    let text = POSTMORTEM
        .replace(
            "- 14:10",
            "<!-- pmlint-disable-next-line PM301 -->\n- 14:10",
        )
        .replace(
            "## Root Cause",
            "<!-- pmlint-disable-line PM999 -->\n\n## Root Cause",
        );
    pmlint(d.path())
        .args(["-", "--format", "short"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PM301").not())
        .stdout(predicate::str::contains(
            "<stdin>:17:26: PM003 unknown rule `PM999`",
        ))
        .stdout(predicate::str::contains("PM405"));
}

#[test]
fn the_readme_example_configuration_loads() {
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let d = repo(&[(".pmlint.toml", example), ("pm.md", POSTMORTEM)]);
    pmlint(d.path())
        .args(["config", "pm.md"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(r#"tolerance-minutes = 10 +# \.pmlint\.toml:13"#).unwrap(),
        );
}
