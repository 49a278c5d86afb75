//! Every `fixtures/**/*.md` is linted and its findings compared, both ways, with its inline
//! expectations: a missing finding and an extra finding both fail.
//!
//! Syntax (after ty's Markdown tests):
//! - `<!-- expect: PM301 -->` at the end of a line: a finding of PM301 starts on that line.
//! - Alone on a line, it applies to the next line that is not an expectation.
//! - Several codes: `<!-- expect: PM301 PM302 -->`; a message fragment: `<!-- expect: PM501 "1h 20m" -->`.
//! - Which rules run: the rule of the fixture's folder (`fixtures/pm301-…/`), or every rule for
//!   other folders; `<!-- fixture: select=PM1,PM3 -->` anywhere overrides it.
//! - What the network answers (PM406; no request is made): `<!-- fixture: remote URL ANSWER -->`
//!   per URL, ANSWER one of `image/png` (any `image/…`: 200 with that type), a status such as
//!   `404`, `text/html` (200, a web page), `none` (200, no content type), `loop`, `timeout`, `dns`.
//!   Without any, the fixture is linted with no remote results, as without `--check-remote`.
//! - Which profile: `default`, or the built-in one named by `<!-- fixture: profile=alx -->`
//!   (both may share one comment: `<!-- fixture: profile=alx select=PM1 -->`).
//! - Rule options, as a profile would set them: `<!-- fixture: option=PM701.max-words=600 -->`
//!   (several `option=` entries may be given).

mod common;

use pmlint::profile::Profile;
use pmlint::remote::{Outcome, RemoteResults};
use pmlint::{lint_with_remote, registry, Settings, SourceFile};
use regex::Regex;
use std::path::Path;

#[derive(Debug)]
struct Expect {
    line: usize,
    code: String,
    fragment: Option<String>,
}

fn expectations(text: &str) -> Vec<Expect> {
    let re = Regex::new(r#"<!--\s*expect:\s*(.*?)\s*-->"#).unwrap();
    let code_re = Regex::new(r"PM\d{3}").unwrap();
    let frag_re = Regex::new(r#""([^"]*)""#).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let only_expect = |l: &str| re.replace_all(l, "").trim().is_empty() && re.is_match(l);
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        for cap in re.captures_iter(l) {
            let body = &cap[1];
            let fragment = frag_re.captures(body).map(|c| c[1].to_string());
            let mut line = i + 1;
            if only_expect(l) {
                let next = (i + 1..lines.len()).find(|&j| !only_expect(lines[j]));
                line = next.map_or(i + 1, |j| j + 1);
            }
            for code in code_re.find_iter(&frag_re.replace_all(body, "")) {
                out.push(Expect {
                    line,
                    code: code.as_str().to_string(),
                    fragment: fragment.clone(),
                });
            }
        }
    }
    out
}

/// The canned network answers of a fixture, if it gives any.
fn remote_results(text: &str) -> Option<RemoteResults> {
    let re = Regex::new(r"<!--\s*fixture:\s*remote\s+(\S+)\s+(\S+)\s*-->").unwrap();
    let mut results = RemoteResults::new();
    for cap in re.captures_iter(text) {
        let answer = &cap[2];
        let outcome = match answer {
            t if t.starts_with("image/") => Outcome::Image {
                content_type: t.to_string(),
            },
            "none" => Outcome::NotImage {
                content_type: None,
                redirected_to: None,
            },
            "loop" => Outcome::RedirectLoop {
                url: cap[1].to_string(),
            },
            "timeout" => Outcome::Timeout { seconds: 10 },
            "dns" => Outcome::HostNotFound {
                host: cap[1].split('/').nth(2).unwrap_or_default().to_string(),
            },
            s if s.parse::<u16>().is_ok() => Outcome::Status {
                status: s.parse().unwrap(),
                redirected_to: None,
            },
            t if t.contains('/') => Outcome::NotImage {
                content_type: Some(t.to_string()),
                redirected_to: None,
            },
            other => panic!("unknown remote answer `{other}`"),
        };
        results.insert(&cap[1], outcome);
    }
    (!results.is_empty()).then_some(results)
}

/// A fixture's text, invalid UTF-8 replaced (the expectations are ASCII).
fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

fn settings_for(path: &Path, text: &str) -> Settings {
    let profile_re = Regex::new(r"<!--\s*fixture:.*?profile=([a-z0-9\-]+).*?-->").unwrap();
    let profile = profile_re
        .captures(text)
        .map_or("default".to_string(), |c| c[1].to_string());
    let mut profile = Profile::built_in(&profile)
        .unwrap_or_else(|| panic!("{}: unknown profile {profile}", path.display()));
    let option_re = Regex::new(r"option=(PM\d{3})\.([a-z-]+)=(-?\d+)").unwrap();
    for c in option_re.captures_iter(text) {
        profile
            .rules
            .entry(c[1].to_string())
            .or_default()
            .options
            .insert(
                c[2].to_string(),
                toml::Value::Integer(c[3].parse().unwrap()),
            );
    }
    let mut settings = Settings::new(profile);
    let folder = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let select_re = Regex::new(r"<!--\s*fixture:.*?select=([A-Za-z0-9,\-]+).*?-->").unwrap();
    let selectors: Vec<String> = if let Some(c) = select_re.captures(text) {
        c[1].split(',').map(str::to_string).collect()
    } else if Regex::new(r"^pm\d{3}-").unwrap().is_match(&folder) {
        vec![folder[..5].to_ascii_uppercase()]
    } else {
        vec!["ALL".to_string()]
    };
    let mut codes = Vec::new();
    for s in selectors {
        codes.extend(
            registry::select(&s)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .into_iter()
                .map(|m| m.code),
        );
    }
    settings.enabled.retain(|c| codes.contains(c));
    settings
}

#[test]
fn fixtures_match_their_inline_expectations() {
    let mut files = Vec::new();
    common::markdown_files(&common::root().join("fixtures"), &mut files);
    assert!(
        files.len() >= 20,
        "expected the fixture suite, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        // Bytes, not text: a fixture may be invalid UTF-8 on purpose (PM001).
        let text = read(path);
        let rel = path
            .strip_prefix(common::root())
            .unwrap()
            .display()
            .to_string();
        let source = SourceFile::from_bytes(rel.clone(), &std::fs::read(path).unwrap());
        let remote = remote_results(&text);
        let diags = lint_with_remote(
            &source,
            Some(path),
            &settings_for(path, &text),
            remote.as_ref(),
        );
        let mut expects = expectations(&text);
        let mut unmatched_diags = Vec::new();
        for d in &diags {
            let line = source.line_col(d.span.start).line;
            let pos = expects.iter().position(|e| {
                e.line == line
                    && e.code == d.rule.code
                    && e.fragment
                        .as_ref()
                        .is_none_or(|f| d.message.contains(f.as_str()))
            });
            match pos {
                Some(i) => {
                    expects.remove(i);
                }
                None => unmatched_diags.push(format!(
                    "{rel}:{line}: unexpected {} {}",
                    d.rule.code, d.message
                )),
            }
        }
        failures.extend(unmatched_diags);
        for e in expects {
            let frag = e
                .fragment
                .map(|f| format!(" containing \"{f}\""))
                .unwrap_or_default();
            failures.push(format!(
                "{rel}:{}: expected {}{frag}, not reported",
                e.line, e.code
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_fixture_that_expects_it_and_a_clean_one() {
    let mut files = Vec::new();
    common::markdown_files(&common::root().join("fixtures"), &mut files);
    let all: String = files.iter().map(|p| read(p)).collect();
    let expected: Vec<String> = expectations(&all).into_iter().map(|e| e.code).collect();
    for r in registry::RULES {
        assert!(
            expected.iter().any(|c| c == r.meta.code),
            "no fixture expects {}",
            r.meta.code
        );
    }
    let clean = files
        .iter()
        .filter(|p| expectations(&read(p)).is_empty())
        .count();
    assert!(clean >= 5, "only {clean} clean fixtures");
}

#[test]
fn expectation_syntax_is_understood() {
    let e = expectations("a\n<!-- expect: PM301 PM302 -->\n<!-- expect: PM303 -->\nb\nc <!-- expect: PM501 \"1h\" -->\n");
    let got: Vec<_> = e
        .iter()
        .map(|e| (e.line, e.code.as_str(), e.fragment.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (4, "PM301", None),
            (4, "PM302", None),
            (4, "PM303", None),
            (5, "PM501", Some("1h"))
        ]
    );
}
