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

/// Lints a batch of documents (source, path on disk, settings) as [`lint`] lints each, facts
/// then rules stage by stage over the whole batch ([`Postmortem::build_batch`],
/// [`check_facts_batch`]). One sorted list of findings per document, in the order of `docs`.
pub fn lint_batch(docs: &[(&SourceFile, Option<&Path>, &Settings)]) -> Vec<Vec<Diagnostic>> {
    let inputs: Vec<_> = docs
        .iter()
        .map(|&(source, path, settings)| (source, &settings.profile, path))
        .collect();
    let pms = Postmortem::build_batch(&inputs);
    let checks: Vec<_> = pms.iter().zip(docs).map(|(pm, d)| (pm, d.2)).collect();
    check_facts_batch(&checks)
}

/// Runs every enabled rule on facts already extracted (a caller that needs the facts itself —
/// the command line's remote checks — builds them once and passes them here), then applies
/// suppression comments. Sorted by position, then code. [`check_facts_batch`] with a batch of
/// one.
pub fn check_facts(pm: &Postmortem, settings: &Settings) -> Vec<Diagnostic> {
    let mut batch = check_facts_batch(&[(pm, settings)]);
    batch.pop().expect("a batch of one gives one list")
}

/// [`check_facts`] over a batch of (facts, settings), rule by rule: each rule runs over the
/// whole batch before the next, so that its code stays in the instruction cache. One list of
/// findings per document, in the order of `docs`, each sorted by position, then code.
pub fn check_facts_batch(docs: &[(&Postmortem, &Settings)]) -> Vec<Vec<Diagnostic>> {
    // Sized for the findings of a typical document (about ten): no growth on the way.
    let mut outs: Vec<Vec<Diagnostic>> = docs.iter().map(|_| Vec::with_capacity(16)).collect();
    let mut cursors = vec![EnabledCursor::default(); docs.len()];
    for rule in RULES.iter() {
        for ((&(pm, settings), out), cursor) in docs.iter().zip(&mut outs).zip(&mut cursors) {
            if cursor.allows(settings, rule.meta.code) {
                let mut reporter = Reporter::new(rule.meta, settings.severity(rule.meta), out);
                (rule.check)(pm, &mut reporter);
            }
        }
    }
    for (&(pm, settings), out) in docs.iter().zip(&mut outs) {
        crate::suppress::apply(pm.source, &pm.markdown, settings, out);
        out.sort_by(|a, b| {
            a.span
                .start
                .cmp(&b.span.start)
                .then_with(|| a.rule.code.cmp(b.rule.code))
        });
    }
    outs
}

/// Where one document's walk through `settings.enabled` has got to, asked rule by rule in the
/// order of `RULES`.
#[derive(Clone, Copy, Default)]
struct EnabledCursor {
    /// Index in `enabled` of the code expected next.
    next: usize,
}

impl EnabledCursor {
    /// Whether the rule `code` runs. `enabled` usually lists its codes in the order of `RULES`:
    /// the next code in it is tried first, and the whole list only when that is not the rule's.
    fn allows(&mut self, settings: &Settings, code: &'static str) -> bool {
        // The same `&'static str` (the rule's own `META.code`) in almost every case: compared by
        // address and length before the bytes.
        if settings
            .enabled
            .get(self.next)
            .is_some_and(|c| std::ptr::eq(*c, code) || *c == code)
        {
            self.next += 1;
            return true;
        }
        settings.enabled.contains(&code)
    }
}
