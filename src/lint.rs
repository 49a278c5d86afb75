//! Running the enabled rules over one document.

use crate::diagnostic::Diagnostic;
use crate::facts::Postmortem;
use crate::profile::Profile;
use crate::registry::RULES;
use crate::remote::RemoteResults;
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
    /// Whether the caller runs the network checks of PM406 (`--check-remote`, or
    /// `check-remote = true` in the configuration). Off by default. [`lint`] never touches the
    /// network: the caller runs [`crate::remote::check`] and passes its results to
    /// [`lint_with_remote`].
    pub check_remote: bool,
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
            check_remote: false,
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

/// Lints one document: parses it once, extracts facts once, runs every enabled rule, then drops
/// the findings that inline comments suppress and checks those comments ([`crate::suppress`]).
/// `path` is where the document lives on disk (for relative image paths); None for stdin.
/// The result is sorted by position, then code.
pub fn lint(source: &SourceFile, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
    lint_with_remote(source, path, settings, None)
}

/// [`lint`], with the outcomes of the network checks of the document's image URLs (see
/// [`crate::remote`]) for PM406 to report; None: no network check was made, PM406 is silent.
pub fn lint_with_remote(
    source: &SourceFile,
    path: Option<&Path>,
    settings: &Settings,
    remote: Option<&RemoteResults>,
) -> Vec<Diagnostic> {
    let mut pm = Postmortem::build(source, &settings.profile, path);
    pm.remote = remote;
    check_facts(&pm, settings)
}

/// Runs every enabled rule on facts already extracted (a caller that needs the facts itself —
/// the command line's remote checks — builds them once and passes them here), then applies
/// suppression comments. Sorted by position, then code.
pub fn check_facts(pm: &Postmortem, settings: &Settings) -> Vec<Diagnostic> {
    // Sized for the findings of a typical document (about ten): no growth on the way.
    let mut out = Vec::with_capacity(16);
    // `enabled` usually lists its codes in the order of `RULES`: the next code in it is tried
    // first, and the whole list only when that is not the rule's.
    let mut next = 0;
    let mut enabled = |code: &'static str| {
        // The same `&'static str` (the rule's own `META.code`) in almost every case: compared by
        // address and length before the bytes.
        if settings
            .enabled
            .get(next)
            .is_some_and(|c| std::ptr::eq(*c, code) || *c == code)
        {
            next += 1;
            return true;
        }
        settings.enabled.contains(&code)
    };
    for rule in RULES.iter().filter(|r| enabled(r.meta.code)) {
        let mut reporter = Reporter::new(rule.meta, settings.severity(rule.meta), &mut out);
        (rule.check)(pm, &mut reporter);
    }
    crate::suppress::apply(pm.source, &pm.markdown, settings, &mut out);
    out.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then_with(|| a.rule.code.cmp(b.rule.code))
    });
    out
}
