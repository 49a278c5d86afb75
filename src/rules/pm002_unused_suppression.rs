//! PM002 unused-suppression: a `pmlint-disable` comment suppressed nothing.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM002",
    name: "unused-suppression",
    summary: "a `pmlint-disable` comment suppressed nothing",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM002.md"),
    options: &[],
};

/// Reports nothing here: whether a comment suppressed a finding is known only after every other
/// rule has run, so [`crate::suppress::apply`] reports PM002 from [`crate::lint::lint`].
pub fn check(_: &Postmortem, _: &mut Reporter) {}
