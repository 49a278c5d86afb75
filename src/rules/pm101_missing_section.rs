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
        // The messages are put together with `concat` rather than `format!` (whose machinery
        // cost more than the text: pm101 671 k -> 461 k instructions over 200 generated files).
        let mut examples = String::new();
        for (i, a) in spec.aliases.iter().take(4).enumerate() {
            if i > 0 {
                examples.push_str(", ");
            }
            examples.extend(["\"", a.as_str(), "\""]);
        }
        let title = spec.title.as_str();
        r.report(
            anchor.clone(),
            [
                "missing section `",
                title,
                "` (profile `",
                &pm.profile.name,
                "`)",
            ]
            .concat(),
        )
        .label(["no `", title, "` section in this document"].concat())
        .help(
            [
                "add a `## ",
                title,
                "` heading with its content; titles such as ",
                &examples,
                " also count",
            ]
            .concat(),
        );
    }
}
