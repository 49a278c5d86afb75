//! Profiles: which sections a postmortem must have, under which titles, and rule settings.
//!
//! A profile is TOML data (`rules/profiles/<name>.toml`, embedded in the binary). Section ids with
//! a role in the rules: `summary` (where stated facts are read), `timeline`, `action-items`,
//! `root-cause`, `resolution`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A section a profile knows about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// Stable id, kebab-case (`summary`, `timeline`, `action-items`, …).
    pub id: String,
    /// The title suggested to users ("Action Items").
    pub title: String,
    /// Whether PM101 reports its absence.
    #[serde(default)]
    pub required: bool,
    /// Titles that name this section, compared after [`crate::facts::sections::normalize_title`].
    pub aliases: Vec<String>,
    /// Ids of sections whose labels inside this section are parts of it, not new sections
    /// (the ALX 0x19 Issue Summary holds "Impact:" and "Root Cause:").
    #[serde(default)]
    pub fields: Vec<String>,
}

/// A title that covers several sections at once ("Root Cause and Resolution").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombinedSpec {
    pub aliases: Vec<String>,
    pub covers: Vec<String>,
}

/// Per-rule settings in a profile or configuration file (`[rules.PM301]`): a severity and the
/// rule's options (declared in its [`crate::rule::RuleMeta::options`]).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RuleSettings {
    /// `error`, `warning` or `info`.
    pub severity: Option<String>,
    /// Option values by kebab-case name.
    #[serde(flatten)]
    pub options: BTreeMap<String, toml::Value>,
}

/// A profile as read from TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub description: String,
    pub sections: Vec<SectionSpec>,
    #[serde(default)]
    pub combined: Vec<CombinedSpec>,
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSettings>,
    /// The section titles in matching form, built on first use by
    /// [`Profile::aliases`](crate::facts::sections) (a profile is not changed once it is used).
    #[serde(skip)]
    pub(crate) alias_table: std::sync::OnceLock<crate::facts::sections::AliasTable>,
}

/// Built-in profiles: name and TOML text.
const BUILT_IN: &[(&str, &str)] = &[("default", include_str!("../rules/profiles/default.toml"))];

impl Profile {
    /// Names of the built-in profiles.
    pub fn built_in_names() -> impl Iterator<Item = &'static str> {
        BUILT_IN.iter().map(|(n, _)| *n)
    }

    /// A built-in profile by name.
    ///
    /// # Panics
    /// Never for the names in [`Profile::built_in_names`]: the embedded files are checked by tests.
    pub fn built_in(name: &str) -> Option<Profile> {
        BUILT_IN.iter().find(|(n, _)| *n == name).map(|(n, text)| {
            Profile::from_toml(text).unwrap_or_else(|e| panic!("built-in profile {n}: {e}"))
        })
    }

    /// Parses a profile; the error names the line and column (toml's message).
    pub fn from_toml(text: &str) -> Result<Profile, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The value set for option `name` of rule `code`, if any (facts read options this way, by
    /// code, without depending on the rules).
    pub fn option_set(&self, code: &str, name: &str) -> Option<i64> {
        self.rules
            .get(code)
            .and_then(|r| r.options.get(name))
            .and_then(toml::Value::as_integer)
    }

    /// The value of option `name` of rule `code` (`PM701`, `min-words`), else its declared default.
    ///
    /// # Panics
    /// When the rule does not declare the option: a programming error caught by tests.
    pub fn option(&self, meta: &crate::rule::RuleMeta, name: &str) -> i64 {
        let spec = meta
            .option(name)
            .unwrap_or_else(|| panic!("{} declares no option {name}", meta.code));
        self.rules
            .get(meta.code)
            .and_then(|r| r.options.get(name))
            .and_then(toml::Value::as_integer)
            .unwrap_or(spec.default)
    }

    /// Checks `[rules.*]`: known codes, known option names with integer values, known severities.
    ///
    /// # Errors
    /// The first problem, in words that name the rule and key.
    pub fn validate_rules(&self) -> Result<(), String> {
        for (code, settings) in &self.rules {
            let Some(meta) = crate::registry::find(code) else {
                return Err(format!("[rules.{code}]: unknown rule (see `pmlint rules`)"));
            };
            if let Some(sev) = &settings.severity {
                if crate::rule::Severity::parse(sev).is_none() {
                    return Err(format!("[rules.{code}] severity = \"{sev}\": expected \"error\", \"warning\" or \"info\""));
                }
            }
            for (key, value) in &settings.options {
                let Some(_) = meta.option(key) else {
                    let known: Vec<_> = meta.options.iter().map(|o| o.name).collect();
                    let expected = if known.is_empty() {
                        "only `severity`".to_string()
                    } else {
                        format!("`severity` or {}", known.join(", "))
                    };
                    return Err(format!(
                        "[rules.{code}]: unknown option `{key}` (expected {expected})"
                    ));
                };
                if value.as_integer().is_none() {
                    return Err(format!(
                        "[rules.{code}] {key}: expected a whole number, found {value}"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The section spec with `id`.
    pub fn section(&self, id: &str) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profiles_parse_and_reference_known_ids() {
        for name in Profile::built_in_names() {
            let p = Profile::built_in(name).unwrap();
            for c in &p.combined {
                for id in &c.covers {
                    assert!(
                        p.section(id).is_some(),
                        "{name}: combined covers unknown {id}"
                    );
                }
            }
            for s in &p.sections {
                for f in &s.fields {
                    assert!(
                        p.section(f).is_some(),
                        "{name}: {} has unknown field {f}",
                        s.id
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let err =
            Profile::from_toml("name = \"x\"\ndescription = \"d\"\nsections = []\nbogus = 1\n")
                .unwrap_err();
        assert!(err.contains("bogus"), "{err}");
        assert!(err.contains("line 4"), "{err}");
    }
}
