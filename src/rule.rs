//! What a rule is: its metadata (declared once per rule), its check function, and how it reports.

use crate::diagnostic::{Diagnostic, Fix};
use crate::facts::Postmortem;
use crate::source::Span;
use std::borrow::Cow;
use std::fmt;

/// How serious a finding is. Exit status 1 is for `Error` only (the contract in `shared/spec/PRODUCT.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The word used in config, JSON and terminal output: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error` / `warning` / `info` (case-insensitive).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule can offer a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    Never,
    Sometimes,
}

/// An option a rule accepts in `[rules.CODE]` of a profile or configuration file.
#[derive(Debug)]
pub struct RuleOption {
    /// kebab-case key (`min-words`).
    pub name: &'static str,
    /// Default value; options are whole numbers.
    pub default: i64,
    /// One line: what it sets, with its unit.
    pub doc: &'static str,
}

/// A rule's identity and documentation. Each rule declares exactly one `static META: RuleMeta`;
/// everything else (the `rules` table, `explain`, JSON, SARIF) reads it from there.
#[derive(Debug)]
pub struct RuleMeta {
    /// `PM` + three digits, never reused.
    pub code: &'static str,
    /// kebab-case name of the problem (reads as "allow `name`").
    pub name: &'static str,
    /// One line, lowercase, for `pmlint rules`.
    pub summary: &'static str,
    pub default_severity: Severity,
    pub fix: FixAvailability,
    /// The body of `rules/<CODE>.md`, embedded at build time.
    pub doc: &'static str,
    /// Options the rule reads (empty for most rules).
    pub options: &'static [RuleOption],
}

impl RuleMeta {
    /// The declared option `name`.
    pub fn option(&self, name: &str) -> Option<&'static RuleOption> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// A registered rule: its metadata and its check over the extracted facts of one document.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: fn(&Postmortem, &mut Reporter),
}

/// Collects the findings of one rule on one document. The rule never states its own code or
/// severity: both are stamped from its [`RuleMeta`] and the effective configuration.
pub struct Reporter<'a> {
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `meta` at the effective `severity`, appending to `out`.
    #[inline]
    pub fn new(meta: &'static RuleMeta, severity: Severity, out: &'a mut Vec<Diagnostic>) -> Self {
        Reporter {
            meta,
            severity,
            out,
        }
    }

    /// Reports a finding at `span` (source bytes) with a lowercase `message` giving expected and
    /// actual values; returns it so that a label, help or fix can be added.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.meta,
            severity: self.severity,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            fix: None,
        });
        self.out.last_mut().expect("just pushed")
    }
}

impl Diagnostic {
    /// Text shown under the primary span.
    pub fn label(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.label = Some(text.into());
        self
    }
    /// A secondary span with its own label (e.g. the timeline entry a duration disagrees with).
    pub fn related(&mut self, span: Span, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.related.push((span, text.into()));
        self
    }
    /// What to do about the finding.
    pub fn help(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.help = Some(text.into());
        self
    }
    /// A fix that resolves the finding.
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
}
