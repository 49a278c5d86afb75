//! The commented configuration file written by `pmlint init`.

use crate::profile::Profile;
use crate::registry::RULES;
use std::fmt::Write as _;

/// The text of a new `.pmlint.toml`: every key set to its default and explained, and a
/// commented-out `[rules.PMxxx]` table for each rule that has options. It loads to the built-in
/// defaults.
pub fn template() -> String {
    let profiles = Profile::built_in_names()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut s = format!(
        r#"# pmlint configuration.
#
# pmlint uses the .pmlint.toml (or pmlint.toml) nearest above each file it lints, up to the
# repository root (the folder holding .git); `--config PATH` names one instead. Command-line
# flags override these values. `pmlint config [PATH]` shows the effective configuration of a file
# or folder and where each value comes from.

# The sections a postmortem must have: a built-in profile ({profiles}) or the
# path of a profile file, relative to this file.
profile = "default"

# Rules to run and rules to skip: codes ("PM301"), names ("timeline-out-of-order") or families
# ("PM3"); "ALL" selects every rule. `--select` on the command line replaces `select`, `ignore`
# and the rules set to "off" below; `--ignore` removes more rules.
select = ["ALL"]
ignore = []

# Paths not linted when a directory is walked (a file named on the command line is always
# linted). A pattern without "/" matches a file or folder name at any depth ("drafts",
# "*.draft.md"); with "/", the path from this file's folder ("docs/archive/**", "templates/*.md").
exclude = []

# Network checks, such as whether remote images can be downloaded (also `--check-remote`).
check-remote = false

# Per-rule settings: `severity` ("error", "warning", "info", or "off" to not run the rule) and
# the rule's options, which `pmlint explain CODE` documents. For example:
#
# [rules.PM405]
# severity = "off"
"#
    );
    for rule in RULES.iter().filter(|r| !r.meta.options.is_empty()) {
        let m = rule.meta;
        let _ = writeln!(s, "#\n# [rules.{}]  # {}", m.code, m.name);
        let _ = writeln!(s, "# severity = \"{}\"", m.default_severity);
        for o in m.options {
            let _ = writeln!(s, "# {} = {}  # {}", o.name, o.default, o.doc);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::file::ConfigFile;

    #[test]
    fn the_template_loads_and_uncommented_rule_tables_load_too() {
        let t = template();
        let c = ConfigFile::parse(".pmlint.toml", std::path::Path::new("/repo"), &t).unwrap();
        assert_eq!(c.profile.unwrap().value, "default");
        assert!(c.rules.is_empty());
        let rules_part = &t[t.find("# [rules.PM405]").unwrap()..];
        let uncommented: String = rules_part
            .lines()
            .map(|l| l.trim_start_matches("# ").trim_start_matches('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let c = ConfigFile::parse(".pmlint.toml", std::path::Path::new("/repo"), &uncommented)
            .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert!(c.rules.len() >= 2);
    }
}
