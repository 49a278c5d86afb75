//! `--format sarif` and `--format github` over the seeds and the fixtures: the SARIF validates
//! against the SARIF 2.1.0 schema and says what the JSON output says; every GitHub line is a
//! well-formed workflow command for a finding of the JSON output.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Runs pmlint in `dir` on `args` with `--format format`; returns stdout (exit 0 or 1 expected).
fn run(dir: &Path, format: &str, args: &[String]) -> String {
    let out = Command::cargo_bin("pmlint")
        .unwrap()
        .current_dir(dir)
        .args(["--format", format])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The seed files, relative to `shared`.
fn seeds(shared: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| format!("seeds/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "five seeds");
    v
}

/// The inputs to check: the seeds (run from `../shared`) and the fixtures (run from the crate).
fn inputs() -> Vec<(PathBuf, Vec<String>)> {
    let mut v = vec![(common::root(), vec!["fixtures".to_string()])];
    if let Some(shared) = common::shared_dir("SARIF and GitHub formats over the seeds") {
        v.push((shared.clone(), seeds(&shared)));
    }
    v
}

fn sarif_validator() -> Option<jsonschema::Validator> {
    let shared = common::shared_dir("SARIF schema validation")?;
    let text = std::fs::read_to_string(shared.join("schemas/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    Some(
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles"),
    )
}

/// `(path, line, column, end_line, end_column, code, level)` of a JSON finding.
type Key = (String, u64, u64, u64, u64, String, String);

fn json_keys(dir: &Path, args: &[String]) -> Vec<Key> {
    let v: Value = serde_json::from_str(&run(dir, "json", args)).unwrap();
    let level = |s: &str| match s {
        "info" => "note".to_string(),
        other => other.to_string(),
    };
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
                level(f["severity"].as_str().unwrap()),
            )
        })
        .collect()
}

#[test]
fn sarif_is_valid_against_the_schema_and_matches_the_json_output() {
    let validator = sarif_validator();
    let rules = pmlint::registry::RULES;
    for (dir, args) in inputs() {
        let log: Value = serde_json::from_str(&run(&dir, "sarif", &args)).expect("valid JSON");
        if let Some(v) = &validator {
            let errors: Vec<String> = v
                .iter_errors(&log)
                .take(10)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(
                errors.is_empty(),
                "{}:\n{}",
                dir.display(),
                errors.join("\n")
            );
            // The validator is not vacuous: a region with column 0 is rejected.
            let mut broken = log.clone();
            broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                ["startColumn"] = 0.into();
            assert!(!v.is_valid(&broken), "the schema rejects startColumn 0");
        }
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1, "one run");
        let run = &runs[0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "pmlint");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert!(driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        let descriptors = driver["rules"].as_array().unwrap();
        assert_eq!(descriptors.len(), rules.len(), "every rule is described");
        for (d, r) in descriptors.iter().zip(rules) {
            assert_eq!(d["id"], r.meta.code);
            assert_eq!(d["name"], r.meta.name);
            assert_eq!(d["shortDescription"]["text"], r.meta.summary);
            let full = d["fullDescription"]["text"].as_str().unwrap();
            assert!(
                full.len() > 40 && !full.starts_with('#') && !full.contains("\n#"),
                "{}: {full}",
                r.meta.code
            );
            assert!(d["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/rules/{}.md", r.meta.code)));
            let level = d["defaultConfiguration"]["level"].as_str().unwrap();
            assert_eq!(level, pmlint::output::sarif::level(r.meta.default_severity));
        }
        // The same findings as the JSON output, in the same order.
        let mut keys: Vec<Key> = Vec::new();
        let mut fixes = 0;
        let mut related = 0;
        for res in run["results"].as_array().unwrap() {
            let i = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                descriptors[i]["id"], res["ruleId"],
                "ruleIndex points at the rule"
            );
            let loc = &res["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.contains('\\') && !uri.starts_with('/'), "{uri}");
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            let reg = &loc["region"];
            let n = |k: &str| reg[k].as_u64().unwrap();
            assert!(n("startLine") >= 1 && n("startColumn") >= 1);
            keys.push((
                uri.to_string(),
                n("startLine"),
                n("startColumn"),
                n("endLine"),
                n("endColumn"),
                res["ruleId"].as_str().unwrap().to_string(),
                res["level"].as_str().unwrap().to_string(),
            ));
            if let Some(f) = res.get("fixes") {
                fixes += 1;
                let change = &f[0]["artifactChanges"][0];
                assert_eq!(change["artifactLocation"]["uri"], uri);
                for rep in change["replacements"].as_array().unwrap() {
                    assert!(rep["deletedRegion"]["startLine"].as_u64().unwrap() >= 1);
                    assert!(rep["insertedContent"]["text"].is_string());
                }
            }
            if let Some(rel) = res.get("relatedLocations") {
                related += 1;
                for r in rel.as_array().unwrap() {
                    assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
                }
            }
        }
        assert!(!keys.is_empty());
        assert_eq!(keys, json_keys(&dir, &args), "{}", dir.display());
        assert!(fixes > 0, "some findings carry fixes");
        assert!(related > 0, "some findings carry related locations");
    }
}

#[test]
fn github_annotations_are_one_workflow_command_per_finding() {
    let re = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=(PM\d{3}) [a-z-]+::(\S[^\r\n]*)$",
    )
    .unwrap();
    for (dir, args) in inputs() {
        let text = run(&dir, "github", &args);
        let mut keys: Vec<Key> = Vec::new();
        for line in text.lines() {
            let c = re
                .captures(line)
                .unwrap_or_else(|| panic!("not a workflow command: {line}"));
            let n = |i: usize| c[i].parse::<u64>().unwrap();
            let level = match &c[1] {
                "notice" => "note",
                other => other,
            };
            keys.push((
                c[2].to_string(),
                n(3),
                n(4),
                n(5),
                n(6),
                c[7].to_string(),
                level.to_string(),
            ));
        }
        let mut expected = json_keys(&dir, &args);
        // Annotations follow each file's findings in position order; compare as sets of lines.
        keys.sort();
        expected.sort();
        assert_eq!(keys, expected, "{}", dir.display());
    }
}

#[test]
fn github_annotations_of_the_seeds() {
    let Some(shared) = common::shared_dir("GitHub annotations of the seeds") else {
        return;
    };
    let text = run(&shared, "github", &seeds(&shared));
    for expected in [
        "::warning file=seeds/000_901c2a7b665f3807.txt,line=21,col=1,endLine=24,endColumn=",
        "::error file=seeds/001_1950b6693e6dc095.txt,line=4,col=1,",
        "::warning file=seeds/003_c35e6d1f3cfe4e79.txt,line=20,col=1,endLine=20,endColumn=9,title=PM102 section-not-heading::section title `Timeline` is a plain line, not a Markdown heading",
        "::error file=seeds/004_a7fce664a234f981.txt,line=29,col=1,endLine=29,endColumn=238,title=PM401 malformed-image::",
        "::notice file=seeds/000_901c2a7b665f3807.txt,line=43,col=1,",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(expected)),
            "no line starting with {expected}\n{text}"
        );
    }
}
