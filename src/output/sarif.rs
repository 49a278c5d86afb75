//! `--format sarif`: SARIF 2.1.0 (OASIS Standard with errata 01), as GitHub code scanning reads it.
//!
//! One run. `tool.driver.rules` lists every rule of the registry (so `ruleIndex` is the rule's
//! position in [`crate::registry::RULES`]), whether it ran or not. Regions are 1-based lines and
//! columns; columns count Unicode code points, as the JSON output's do, which the run declares
//! with `columnKind: "unicodeCodePoints"` (§3.14.17). `endColumn` is exclusive (§3.30.7).

use super::paths::artifact_uri;
use super::FileReport;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::registry::RULES;
use crate::rule::{RuleMeta, Severity};
use crate::source::{SourceFile, Span};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

/// The JSON schema URI written as `$schema` (the SARIF TC's published location, §3.13.3).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The project's repository, from `repository` in Cargo.toml.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The URI base id of relative artifact locations: the directory pmlint ran in.
const SRCROOT: &str = "%SRCROOT%";

/// Where a rule's documentation is published: `rules/<CODE>.md` on the repository's main branch.
pub fn help_uri(code: &str) -> String {
    format!("{REPOSITORY}/blob/main/rules/{code}.md")
}

/// SARIF `level` (§3.27.10) for a severity: error → `error`, warning → `warning`, info → `note`.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The paragraphs under `## What it does` in a rule doc, each unwrapped to one line, separated by
/// a blank line.
pub fn what_it_does(doc: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        if line.starts_with("## ") {
            if inside {
                break;
            }
            inside = line.trim() == "## What it does";
            continue;
        }
        if !inside {
            continue;
        }
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.join("\n\n")
}

/// A `reportingDescriptor` (§3.49) for a rule.
fn descriptor(meta: &RuleMeta) -> Value {
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": what_it_does(meta.doc) },
        "help": { "text": meta.doc, "markdown": meta.doc },
        "helpUri": help_uri(meta.code),
        "defaultConfiguration": { "level": level(meta.default_severity) },
    })
}

/// A `region` (§3.30) for a byte span: 1-based lines, code-point columns, exclusive end.
fn region(src: &SourceFile, span: &Span) -> Value {
    let start = src.line_col(span.start);
    let end = src.line_col(span.end.max(span.start));
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn artifact_location(src: &SourceFile) -> Value {
    let (uri, relative) = artifact_uri(&src.name);
    let mut loc = Map::new();
    loc.insert("uri".into(), uri.into());
    if relative {
        loc.insert("uriBaseId".into(), SRCROOT.into());
    }
    Value::Object(loc)
}

fn physical(src: &SourceFile, span: &Span) -> Value {
    json!({ "artifactLocation": artifact_location(src), "region": region(src, span) })
}

/// A `result` (§3.27) for one finding.
fn result(src: &SourceFile, d: &Diagnostic) -> Value {
    let rule_index = RULES
        .iter()
        .position(|r| r.meta.code == d.rule.code)
        .expect("every diagnostic's rule is registered");
    let mut location = json!({ "physicalLocation": physical(src, &d.span) });
    if let Some(label) = &d.label {
        location["message"] = json!({ "text": label });
    }
    let mut r = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [location],
    });
    if !d.related.is_empty() {
        r["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, (span, text))| {
                json!({ "id": i, "physicalLocation": physical(src, span), "message": { "text": text } })
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(src, &e.span),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        let applicability = match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        };
        let description = d.help.clone().unwrap_or_else(|| "apply the fix".into());
        r["fixes"] = json!([{
            "description": { "text": description },
            "artifactChanges": [{
                "artifactLocation": artifact_location(src),
                "replacements": replacements,
            }],
            "properties": { "applicability": applicability },
        }]);
    }
    r
}

/// A SARIF log being built one file at a time: each file's results are converted when the file
/// is reported (so its source can be dropped), and the log is written at the end with every
/// result sorted by path, line and column.
#[derive(Default)]
pub struct Sarif {
    results: Vec<(String, usize, usize, Value)>,
}

impl Sarif {
    /// Converts the findings of one file.
    pub fn report(&mut self, r: &FileReport) {
        for d in &r.diagnostics {
            let p = r.source.line_col(d.span.start);
            self.results.push((
                r.source.name.clone(),
                p.line,
                p.column,
                result(&r.source, d),
            ));
        }
    }

    /// Writes the log.
    pub fn finish(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut results: Vec<&(String, usize, usize, Value)> = self.results.iter().collect();
        results.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        write_log(results.into_iter().map(|x| x.3.clone()).collect(), w)
    }
}

/// Writes one SARIF log with one run holding `results`.
fn write_log(results: Vec<Value>, w: &mut dyn Write) -> io::Result<()> {
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pmlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": REPOSITORY,
                    "rules": RULES.iter().map(|r| descriptor(r.meta)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_it_does_is_the_first_section_unwrapped() {
        let doc =
            "## What it does\n\nFlags a\nthing.\n\nAlso this.\n\n## Why is this bad?\n\nNo.\n";
        assert_eq!(what_it_does(doc), "Flags a thing.\n\nAlso this.");
    }

    #[test]
    fn levels_map_info_to_note() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }

    #[test]
    fn help_uri_points_into_the_repository() {
        assert!(help_uri("PM301").starts_with("https://"));
        assert!(help_uri("PM301").ends_with("/rules/PM301.md"));
    }
}
