//! Running the enabled rules over one document.

use crate::diagnostic::Diagnostic;
use crate::facts::Postmortem;
use crate::profile::Profile;
use crate::registry::RULES;
use crate::rule::{Reporter, RuleMeta, Severity};
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::path::Path;

/// What to check: the profile, which rules run, and severity overrides by rule code.
#[derive(Debug, Clone)]
pub struct Settings {
    pub profile: Profile,
    /// Codes of the rules that run.
    pub enabled: Vec<&'static str>,
    /// Severity by rule code, overriding the rule's default.
    pub severities: BTreeMap<String, Severity>,
}

impl Settings {
    /// Every rule except those the profile turns off, at the profile's severities.
    pub fn new(profile: Profile) -> Self {
        let severities = profile
            .rules
            .iter()
            .filter_map(|(code, s)| {
                Some((
                    code.to_ascii_uppercase(),
                    Severity::parse(s.severity.as_deref()?)?,
                ))
            })
            .collect();
        // `severity = "off"` in the profile turns a rule off.
        let off = |code: &str| profile.rules.get(code).is_some_and(|s| s.is_off());
        Settings {
            enabled: RULES
                .iter()
                .map(|r| r.meta.code)
                .filter(|c| !off(c))
                .collect(),
            profile,
            severities,
        }
    }

    /// The effective severity of `meta`.
    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.severities
            .get(meta.code)
            .copied()
            .unwrap_or(meta.default_severity)
    }
}

/// Lints one document: parses it once, extracts facts once, runs every enabled rule.
/// `path` is where the document lives on disk (for relative image paths); None for stdin.
/// The result is sorted by position, then code.
pub fn lint(source: &SourceFile, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
    let pm = Postmortem::build(source, &settings.profile, path);
    let mut out = Vec::new();
    for rule in RULES
        .iter()
        .filter(|r| settings.enabled.contains(&r.meta.code))
    {
        let mut reporter = Reporter::new(rule.meta, settings.severity(rule.meta), &mut out);
        (rule.check)(&pm, &mut reporter);
    }
    out.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.rule.code.cmp(b.rule.code))
    });
    out
}
