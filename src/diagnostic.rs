//! A finding: which rule, how serious, where (a byte span), what, and what to do.

use crate::rule::{RuleMeta, Severity};
use crate::source::Span;
use std::borrow::Cow;

/// One finding of one rule in one document.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    /// Effective severity (the rule's default unless the profile or config changes it).
    pub severity: Severity,
    /// Lowercase, no final period; gives expected and actual values.
    pub message: String,
    /// Primary location, in source bytes.
    pub span: Span,
    /// Text for the primary label; the message is used when absent. (`Cow`: most labels and
    /// helps are fixed text, which then costs no allocation per finding.)
    pub label: Option<Cow<'static, str>>,
    /// Secondary locations with labels.
    pub related: Vec<(Span, Cow<'static, str>)>,
    /// What to do.
    pub help: Option<Cow<'static, str>>,
    pub fix: Option<Fix>,
}

/// Whether a fix may change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Mechanical: applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`.
    Unsafe,
}

/// A set of non-overlapping replacements of source bytes.
#[derive(Debug, Clone)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}
