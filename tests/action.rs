//! The GitHub Action (`action.yml`), run locally: its `run:` steps are read from action.yml and
//! run with bash as a runner runs them (`bash --noprofile --norc -eo pipefail`), with the
//! `${{ inputs.* }}` of their `env:` replaced by the inputs given (or the declared defaults), in a
//! scratch workspace, with the pmlint under test on PATH in place of the install step.
//!
//! Tests of `--format github`, `--format sarif`/`--output` and `--config` print a note and pass
//! while this pmlint lacks them.

mod common;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The parts of action.yml's schema the tests read
/// (<https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions>).
#[derive(Debug, Deserialize)]
struct Action {
    inputs: BTreeMap<String, Input>,
    outputs: BTreeMap<String, Output>,
    runs: Runs,
}

#[derive(Debug, Deserialize)]
struct Input {
    description: String,
    default: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Output {
    value: String,
}

#[derive(Debug, Deserialize)]
struct Runs {
    using: String,
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
struct Step {
    id: Option<String>,
    uses: Option<String>,
    run: Option<String>,
    shell: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    with: BTreeMap<String, String>,
}

fn action() -> Action {
    let text = fs::read_to_string(common::root().join("action.yml")).unwrap();
    serde_norway::from_str(&text).expect("action.yml parses")
}

/// The step whose `id` is `id`.
fn step<'a>(action: &'a Action, id: &str) -> &'a Step {
    action
        .runs
        .steps
        .iter()
        .find(|s| s.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("action.yml has no step with id `{id}`"))
}

/// Replaces `${{ inputs.NAME }}` in an `env:` value by the input's value; any other expression
/// is a test failure, so a step cannot depend on something this harness does not provide.
fn substitute(value: &str, inputs: &BTreeMap<String, String>) -> String {
    let Some(rest) = value.trim().strip_prefix("${{") else {
        assert!(
            !value.contains("${{"),
            "unsupported expression in `{value}`"
        );
        return value.to_string();
    };
    let expr = rest.strip_suffix("}}").expect("expression closes").trim();
    let name = expr
        .strip_prefix("inputs.")
        .unwrap_or_else(|| panic!("the harness only provides inputs.*, not `{expr}`"));
    inputs
        .get(name)
        .unwrap_or_else(|| panic!("`{name}` is not a declared input"))
        .clone()
}

/// What a local run of the action's steps left: the status of the last step run, the log and
/// the step outputs written to `$GITHUB_OUTPUT`.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
}

/// Runs the `run:` steps with ids `ids`, in action.yml's order, in `workspace`, stopping at the
/// first that fails (as a runner does). `given` overrides the inputs' declared defaults.
fn run_steps(ids: &[&str], given: &[(&str, &str)], workspace: &Path) -> Run {
    let action = action();
    let mut inputs: BTreeMap<String, String> = action
        .inputs
        .iter()
        .map(|(k, v)| (k.clone(), v.default.clone().unwrap_or_default()))
        .collect();
    for (k, v) in given {
        assert!(
            inputs.contains_key(*k),
            "`{k}` is not an input of action.yml"
        );
        inputs.insert(k.to_string(), v.to_string());
    }
    let scratch = tempfile::tempdir().unwrap();
    let output_file = scratch.path().join("github_output");
    fs::write(&output_file, "").unwrap();
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_pmlint"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut run = Run {
        status: 0,
        stdout: String::new(),
        stderr: String::new(),
        outputs: BTreeMap::new(),
    };
    for s in action.runs.steps.iter() {
        if !s.id.as_deref().is_some_and(|id| ids.contains(&id)) {
            continue;
        }
        assert_eq!(
            s.shell.as_deref(),
            Some("bash"),
            "step {:?} does not run in bash",
            s.id
        );
        let script = scratch.path().join("step.sh");
        fs::write(&script, s.run.as_deref().expect("a run step")).unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(workspace)
            .env("PATH", &path)
            .env("GITHUB_ACTION_PATH", common::root())
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("NO_COLOR", "1");
        for (k, v) in &s.env {
            cmd.env(k, substitute(v, &inputs));
        }
        let out = cmd.output().expect("bash runs");
        run.status = out.status.code().unwrap_or(-1);
        run.stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        run.stderr.push_str(&String::from_utf8_lossy(&out.stderr));
        if run.status != 0 {
            break;
        }
    }
    for line in fs::read_to_string(&output_file).unwrap().lines() {
        let (k, v) = line.split_once('=').expect("name=value lines");
        run.outputs.insert(k.to_string(), v.to_string());
    }
    run
}

/// The lint step (`id: lint`) with `given` inputs.
fn lint(given: &[(&str, &str)], workspace: &Path) -> Run {
    run_steps(&["lint"], given, workspace)
}

/// A workspace with `postmortems/broken.md` (errors and warnings), `postmortems/clean.md`
/// (nothing) and `postmortems/warned.md` (one PM102 warning: a bold Timeline title).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("postmortems");
    fs::create_dir_all(&pm).unwrap();
    let examples = common::root().join("fixtures/examples");
    fs::copy(examples.join("broken-postmortem.md"), pm.join("broken.md")).unwrap();
    let clean = fs::read_to_string(examples.join("clean-postmortem.md")).unwrap();
    fs::write(pm.join("clean.md"), &clean).unwrap();
    let warned = clean.replace(
        "## Timeline (all times UTC)",
        "**Timeline (all times UTC)**",
    );
    assert_ne!(
        warned, clean,
        "the clean example has no `## Timeline (all times UTC)` line"
    );
    fs::write(pm.join("warned.md"), warned).unwrap();
    dir
}

#[test]
fn action_yml_declares_the_inputs_outputs_and_steps_of_the_readme() {
    let action = action();
    assert_eq!(action.runs.using, "composite");
    let defaults: Vec<(&str, Option<&str>)> = action
        .inputs
        .iter()
        .map(|(k, v)| (k.as_str(), v.default.as_deref()))
        .collect();
    assert_eq!(
        defaults,
        [
            ("config", Some("")),
            ("fail-on", Some("error")),
            ("format", Some("github")),
            ("paths", Some(".")),
            ("profile", Some("")),
            ("sarif-file", Some("")),
        ]
    );
    for (name, input) in &action.inputs {
        assert!(
            !input.description.is_empty(),
            "input `{name}` has no description"
        );
        let expr = format!("${{{{ inputs.{name} }}}}");
        assert!(
            step(&action, "lint").env.values().any(|v| v == &expr),
            "input `{name}` is not passed to the lint step"
        );
    }
    assert_eq!(
        action.outputs["exit-code"].value,
        "${{ steps.lint.outputs.exit-code }}"
    );
    assert_eq!(
        action.outputs["sarif-file"].value,
        "${{ steps.lint.outputs.sarif-file }}"
    );

    let cache = step(&action, "cache");
    assert!(cache
        .uses
        .as_deref()
        .is_some_and(|u| u.starts_with("actions/cache@")));
    assert!(
        cache.with["path"].contains("~/.cargo/registry"),
        "the cargo registry is not cached"
    );
    assert!(
        cache.with["path"].contains("~/.cache/pmlint-action"),
        "the build is not cached"
    );
    let install = step(&action, "install").run.as_deref().unwrap();
    assert!(install.contains(r#"CARGO_TARGET_DIR="$root/target" cargo install --locked"#));
    assert!(install.contains(r#"--path "$GITHUB_ACTION_PATH""#));
}

#[test]
fn readme_workflow_uses_the_action_with_its_inputs_and_uploads_the_sarif_file() {
    let action = action();
    let workflow = common::readme_yaml_blocks()
        .into_iter()
        .find(|b| b.get("jobs").is_some())
        .expect("README.md has a workflow");
    let steps: Vec<&serde_norway::Value> = workflow["jobs"]
        .as_mapping()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_sequence().unwrap())
        .collect();
    let uses = |prefix: &str| {
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(prefix)))
            .unwrap_or_else(|| panic!("the README workflow has no `{prefix}` step"))
    };
    uses("actions/checkout@");
    let pmlint = uses("pmlint/pmlint@");
    let with = pmlint["with"].as_mapping().unwrap();
    for key in with.keys() {
        let key = key.as_str().unwrap();
        assert!(
            action.inputs.contains_key(key),
            "the README passes `{key}`, not an input"
        );
    }
    let upload = uses("github/codeql-action/upload-sarif@");
    assert_eq!(upload["with"]["sarif_file"], pmlint["with"]["sarif-file"]);
    assert_eq!(
        workflow["permissions"]["security-events"], "write",
        "upload-sarif needs security-events: write"
    );
}

#[test]
fn run_steps_take_inputs_from_env_never_from_expressions_in_the_script() {
    // `${{ … }}` inside `run:` is pasted into the script before bash reads it (script injection).
    for s in action().runs.steps.iter() {
        if let Some(run) = &s.run {
            assert!(
                !run.contains("${{"),
                "step {:?} interpolates an expression in run:",
                s.id
            );
        }
    }
}

#[test]
fn cache_key_step_hashes_the_sources_per_runner() {
    let ws = workspace();
    let run = run_steps(&["key"], &[], ws.path());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let key = &run.outputs["key"];
    let hash = key
        .strip_prefix("pmlint-Linux-X64-")
        .unwrap_or_else(|| panic!("key `{key}`"));
    assert_eq!(
        hash.len(),
        40,
        "key `{key}` does not end in a git object hash"
    );
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "key `{key}`");
}

#[test]
fn broken_postmortem_fails_the_step_and_reports_in_the_format_asked() {
    let ws = workspace();
    let run = lint(
        &[("paths", "postmortems/broken.md"), ("format", "short")],
        ws.path(),
    );
    assert_eq!(run.status, 1, "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains("postmortems/broken.md:15:3: PM301"),
        "no PM301 line in: {}",
        run.stdout
    );
    assert_eq!(run.outputs["exit-code"], "1");
    assert_eq!(run.outputs["sarif-file"], "");
}

#[test]
fn clean_postmortem_passes() {
    let ws = workspace();
    let run = lint(
        &[("paths", "postmortems/clean.md"), ("format", "short")],
        ws.path(),
    );
    assert_eq!(
        run.status, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(run.outputs["exit-code"], "0");
}

#[test]
fn fail_on_warning_fails_the_step_on_a_warning() {
    let ws = workspace();
    let warned = [("paths", "postmortems/warned.md"), ("format", "short")];
    let run = lint(&warned, ws.path());
    assert_eq!(
        run.status, 0,
        "a warning failed the step with fail-on: error"
    );
    assert!(
        run.stdout.contains("postmortems/warned.md:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("PM102"), "{}", run.stdout);

    let run = lint(&[warned[0], warned[1], ("fail-on", "warning")], ws.path());
    assert_eq!(
        run.status, 1,
        "a warning passed the step with fail-on: warning"
    );
    assert_eq!(run.outputs["exit-code"], "1");
}

#[test]
fn paths_are_split_on_spaces_and_newlines_and_globs_expand() {
    let ws = workspace();
    for paths in [
        "postmortems/clean.md postmortems/broken.md",
        "postmortems/clean.md\npostmortems/broken.md\n",
        "postmortems/b*.md",
        "**/broken.md",
    ] {
        let run = lint(&[("paths", paths), ("format", "short")], ws.path());
        assert_eq!(run.status, 1, "paths {paths:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("postmortems/broken.md:15:3: PM301"),
            "paths {paths:?}: {}",
            run.stdout
        );
    }
    // The default `.` walks the workspace.
    let run = lint(&[("format", "short")], ws.path());
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("broken.md:15:3: PM301"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("warned.md:"), "{}", run.stdout);
}

#[test]
fn a_path_that_matches_nothing_is_a_usage_error() {
    let ws = workspace();
    let run = lint(&[("paths", "drafts/*.md"), ("format", "short")], ws.path());
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("drafts/*.md"), "{}", run.stderr);
    assert_eq!(run.outputs["exit-code"], "2");
}

#[test]
fn profile_and_fail_on_are_passed_to_pmlint() {
    let ws = workspace();
    let run = lint(
        &[
            ("paths", "postmortems/clean.md"),
            ("format", "short"),
            ("profile", "no-such-profile"),
        ],
        ws.path(),
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("unknown profile `no-such-profile`"),
        "{}",
        run.stderr
    );

    let run = lint(
        &[
            ("paths", "postmortems/clean.md"),
            ("format", "short"),
            ("fail-on", "info"),
        ],
        ws.path(),
    );
    assert_eq!(run.status, 2, "fail-on: info was accepted");
    assert!(run.stderr.contains("--fail-on"), "{}", run.stderr);
}

#[test]
fn config_input_names_the_configuration_file() {
    if !common::pmlint_supports("--config", "action config input test") {
        return;
    }
    let ws = workspace();
    fs::create_dir_all(ws.path().join("ci")).unwrap();
    fs::write(
        ws.path().join("ci/pmlint.toml"),
        "ignore = [\"PM3\", \"PM4\", \"PM5\", \"PM6\", \"PM1\"]\n",
    )
    .unwrap();
    let run = lint(
        &[
            ("paths", "postmortems/broken.md"),
            ("format", "short"),
            ("config", "ci/pmlint.toml"),
        ],
        ws.path(),
    );
    assert_eq!(
        run.status, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(!run.stdout.contains("PM301"), "{}", run.stdout);
}

#[test]
fn default_format_is_github_annotations() {
    if !common::pmlint_supports("github", "action github format test") {
        return;
    }
    let ws = workspace();
    let run = lint(&[("paths", "postmortems/broken.md")], ws.path());
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.lines().any(|l| l
            .starts_with("::error file=postmortems/broken.md,line=15,col=3,")
            && l.contains("title=PM301 timeline-out-of-order::")),
        "no PM301 annotation in: {}",
        run.stdout
    );
}

#[test]
fn sarif_file_is_written_beside_the_log() {
    if !common::pmlint_supports("sarif", "action sarif-file test")
        || !common::pmlint_supports("--output", "action sarif-file test")
    {
        return;
    }
    let ws = workspace();
    let run = lint(
        &[
            ("paths", "postmortems"),
            ("format", "short"),
            ("sarif-file", "results/pmlint.sarif"),
        ],
        ws.path(),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("postmortems/broken.md:15:3: PM301"),
        "{}",
        run.stdout
    );
    assert_eq!(run.outputs["sarif-file"], "results/pmlint.sarif");
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(ws.path().join("results/pmlint.sarif")).unwrap())
            .expect("the SARIF file is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(
        results.iter().any(|r| r["ruleId"] == "PM301"),
        "no PM301 result in the SARIF file"
    );
}
