//! `pmlint rules` and `pmlint explain`.

use super::{error, EXIT_CLEAN, EXIT_ERROR};
use crate::registry::{find, RULES};
use crate::rule::{FixAvailability, RuleMeta};

fn fixable(m: &RuleMeta) -> &'static str {
    match m.fix {
        FixAvailability::Never => "",
        FixAvailability::Sometimes => "fix",
    }
}

/// Prints the rule table.
pub fn rules() -> u8 {
    println!(
        "{:<6} {:<28} {:<8} {:<4} summary",
        "code", "name", "severity", "fix"
    );
    for r in RULES {
        let m = r.meta;
        println!(
            "{:<6} {:<28} {:<8} {:<4} {}",
            m.code,
            m.name,
            m.default_severity.as_str(),
            fixable(m),
            m.summary
        );
    }
    EXIT_CLEAN
}

/// Prints a header from the rule's metadata, then its doc.
pub fn explain(rule: &str) -> u8 {
    let Some(m) = find(rule) else {
        error(&format!("unknown rule `{rule}`: expected a code such as PM301 or a name such as timeline-out-of-order (see `pmlint rules`)"));
        return EXIT_ERROR;
    };
    println!("# {} ({})\n", m.name, m.code);
    println!("{}.\n", capitalize(m.summary));
    println!(
        "Default severity: {}. {}\n",
        m.default_severity,
        if m.fix == FixAvailability::Never {
            "No fix."
        } else {
            "Fix available in some cases."
        }
    );
    print!("{}", m.doc);
    EXIT_CLEAN
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}
