//! `pmlint rules`, `pmlint explain` and `pmlint new`.

use super::{error, EXIT_CLEAN, EXIT_ERROR};
use crate::registry::{find, RULES};
use crate::rule::{FixAvailability, RuleMeta};
use std::fmt::Write as _;
use std::io::Write as _;

fn fixable(m: &RuleMeta) -> &'static str {
    match m.fix {
        FixAvailability::Never => "",
        FixAvailability::Sometimes => "fix",
    }
}

/// Writes `text` to standard output; a closed pipe (`pmlint rules | head`) is not an error.
pub(super) fn emit(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            error(&format!("cannot write output: {e}"));
            EXIT_ERROR
        }
        _ => EXIT_CLEAN,
    }
}

/// Prints the rule table.
pub fn rules() -> u8 {
    let mut s = format!(
        "{:<6} {:<28} {:<8} {:<4} summary\n",
        "code", "name", "severity", "fix"
    );
    for r in RULES {
        let m = r.meta;
        let _ = writeln!(
            s,
            "{:<6} {:<28} {:<8} {:<4} {}",
            m.code,
            m.name,
            m.default_severity.as_str(),
            fixable(m),
            m.summary
        );
    }
    emit(&s)
}

/// Prints a header from the rule's metadata, then its doc.
pub fn explain(rule: &str) -> u8 {
    let Some(m) = find(rule) else {
        error(&format!("unknown rule `{rule}`: expected a code such as PM301 or a name such as timeline-out-of-order (see `pmlint rules`)"));
        return EXIT_ERROR;
    };
    let fix = if m.fix == FixAvailability::Never {
        "No fix."
    } else {
        "Fix available in some cases."
    };
    emit(&format!(
        "# {} ({})\n\n{}.\n\nDefault severity: {}. {fix}\n\n{}",
        m.name,
        m.code,
        capitalize(m.summary),
        m.default_severity,
        m.doc
    ))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// Prints the skeleton postmortem of `profile`.
pub fn new(profile: &crate::profile::Profile) -> u8 {
    emit(&crate::skeleton::skeleton(profile))
}
