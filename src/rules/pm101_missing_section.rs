//! PM101 missing-section: a section the profile requires is absent.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM101",
    name: "missing-section",
    summary: "a section the profile requires is absent (its aliases were looked for too)",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM101.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    // Anchored at the document's first line with text (its title, usually).
    let anchor = pm
        .markdown
        .blocks
        .iter()
        .flat_map(|b| b.lines.iter())
        .find(|l| !l.text().trim().is_empty())
        .map_or(0..0, |l| l.content_span());
    for spec in pm.profile.sections.iter().filter(|s| s.required) {
        if pm.section(&spec.id).is_some() {
            continue;
        }
        let examples: Vec<String> = spec
            .aliases
            .iter()
            .take(4)
            .map(|a| format!("\"{a}\""))
            .collect();
        r.report(
            anchor.clone(),
            format!(
                "missing section `{}` (profile `{}`)",
                spec.title, pm.profile.name
            ),
        )
        .label(format!("no `{}` section in this document", spec.title))
        .help(format!(
            "add a `## {}` heading with its content; titles such as {} also count",
            spec.title,
            examples.join(", ")
        ));
    }
}
