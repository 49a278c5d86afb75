//! The effective configuration of a document: built-in defaults, then the profile, then the
//! configuration file, then the command line, with where each value came from.
//!
//! Rule selection works in layers (as in ruff): the configuration file's `select` (default: every
//! rule) minus its `ignore` and the rules it sets to `severity = "off"`; then, on the command
//! line, `--select` starts the selection afresh (the file's `select`, `ignore` and `"off"` no
//! longer apply) and `--ignore` removes rules from whatever is selected. `--profile` replaces
//! `profile` and `--check-remote` sets `check-remote`. Severities and options: the rule's
//! default, then the profile's `[rules.PMxxx]`, then the configuration file's.

use super::exclude::Exclude;
use super::file::{ConfigFile, Level, Located};
use crate::lint::Settings;
use crate::profile::Profile;
use crate::registry::{self, RULES};
use crate::rule::{RuleMeta, Severity};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Values given on the command line; `None` when the flag was not given.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--profile`: a built-in name or a path relative to the current directory.
    pub profile: Option<String>,
    /// `--select`, already split at commas.
    pub select: Option<Vec<String>>,
    /// `--ignore`, already split at commas.
    pub ignore: Option<Vec<String>>,
    /// `--check-remote`.
    pub check_remote: Option<bool>,
}

/// Where a value of the effective configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// pmlint's own default (the rule's declared default severity or option value).
    Default,
    /// The `[rules.PMxxx]` table of the profile with this name.
    Profile(String),
    /// A line of a configuration file (`display` as in messages).
    File { display: String, line: usize },
    /// A command-line flag (`--select`).
    Flag(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("built-in default"),
            Origin::Profile(name) => write!(f, "profile `{name}`"),
            Origin::File { display, line } => write!(f, "{display}:{line}"),
            Origin::Flag(flag) => f.write_str(flag),
        }
    }
}

/// A value and its origin.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub value: T,
    pub origin: Origin,
}

/// The effective settings of one rule.
#[derive(Debug, Clone)]
pub struct RuleReport {
    pub meta: &'static RuleMeta,
    /// `None` when the rule does not run (the origin says what turned it off).
    pub severity: Item<Option<Severity>>,
    /// Every declared option with its value.
    pub options: Vec<(&'static str, Item<i64>)>,
}

/// The effective configuration for the documents of one folder.
#[derive(Debug, Clone)]
pub struct Effective {
    /// What [`crate::lint::lint`] runs with (profile with the file's rule settings merged in).
    pub settings: Settings,
    /// The configuration file used, as shown in messages; `None` when there is none.
    pub config: Option<String>,
    /// Paths skipped when walking directories.
    pub exclude: Exclude,
    /// The profile as named (built-in name or path) and where it was named.
    pub profile: Item<String>,
    /// Selectors in effect; empty means every rule (`select` was not given).
    pub select: Vec<Item<String>>,
    pub ignore: Vec<Item<String>>,
    pub exclude_patterns: Vec<Item<String>>,
    pub check_remote: Item<bool>,
    /// Every rule, in code order.
    pub rules: Vec<RuleReport>,
}

/// Loads a profile: a built-in name, else a file path relative to `base` (empty: the current
/// directory); its `[rules.*]` are checked.
///
/// # Errors
/// An unknown name that is not a file, or an unreadable or invalid profile file.
pub fn load_profile(spec: &str, base: &Path) -> Result<Profile, String> {
    if let Some(p) = Profile::built_in(spec) {
        return Ok(p);
    }
    let path: PathBuf = if base.as_os_str().is_empty() {
        PathBuf::from(spec)
    } else {
        base.join(spec)
    };
    if !path.is_file() {
        let names: Vec<_> = Profile::built_in_names().collect();
        return Err(format!(
            "unknown profile `{spec}`: expected a built-in profile ({}) or the path of a profile file",
            names.join(", ")
        ));
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read profile: {e}", path.display()))?;
    let profile = Profile::from_toml(&text)
        .map_err(|e| format!("{}: invalid profile: {}", path.display(), one_line(&e)))?;
    profile
        .validate_rules()
        .map_err(|e| format!("{}: invalid profile: {e}", path.display()))?;
    Ok(profile)
}

/// toml's multi-line error display, as one line.
fn one_line(e: &str) -> String {
    e.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|') && !l.chars().all(|c| c == '^'))
        .collect::<Vec<_>>()
        .join(": ")
}

fn from_file<T: Clone>(cfg: &ConfigFile, v: &Located<T>) -> Item<T> {
    Item {
        value: v.value.clone(),
        origin: Origin::File {
            display: cfg.display.clone(),
            line: v.line,
        },
    }
}

fn codes(selector: &str) -> Vec<&'static str> {
    registry::select(selector)
        .map(|ms| ms.into_iter().map(|m| m.code).collect())
        .unwrap_or_default()
}

/// Combines `config` (if any) and the command line `overrides`.
///
/// # Errors
/// A command-line selector that names no rule, or a profile that cannot be loaded (named on the
/// command line, or in the configuration file: then the message names its line).
pub fn resolve(config: Option<&ConfigFile>, overrides: &Overrides) -> Result<Effective, String> {
    for s in overrides.select.iter().chain(&overrides.ignore).flatten() {
        registry::select(s)?;
    }
    let (profile_item, profile) = match (
        &overrides.profile,
        config.and_then(|c| c.profile.as_ref().map(|p| (c, p))),
    ) {
        (Some(spec), _) => (
            Item {
                value: spec.clone(),
                origin: Origin::Flag("--profile"),
            },
            load_profile(spec, Path::new(""))?,
        ),
        (None, Some((cfg, spec))) => (
            from_file(cfg, spec),
            load_profile(&spec.value, &cfg.dir).map_err(|e| {
                format!(
                    "{}:{}:{}: profile: {e} (a path is relative to the folder of {})",
                    cfg.display, spec.line, spec.column, cfg.display
                )
            })?,
        ),
        (None, None) => (
            Item {
                value: "default".to_string(),
                origin: Origin::Default,
            },
            Profile::built_in("default").expect("the default profile is built in"),
        ),
    };
    let profile_origin = Origin::Profile(profile.name.clone());
    let mut merged = profile.clone();
    if let Some(cfg) = config {
        for entry in &cfg.rules {
            let settings = merged.rules.entry(entry.meta.code.to_string()).or_default();
            if let Some(Located {
                value: Level::On(s),
                ..
            }) = &entry.severity
            {
                settings.severity = Some(s.as_str().to_string());
            }
            for (name, v) in &entry.options {
                settings
                    .options
                    .insert(name.to_string(), toml::Value::Integer(v.value));
            }
        }
    }
    let mut settings = Settings::new(merged);

    // Selection, layer by layer; `off` records why a rule does not run.
    let all: Vec<&'static str> = RULES.iter().map(|r| r.meta.code).collect();
    let mut enabled = all.clone();
    let mut off: BTreeMap<&'static str, Origin> = BTreeMap::new();
    let mut select = Vec::new();
    let mut ignore = Vec::new();
    if let Some(cfg) = config {
        if let Some(sel) = &cfg.select {
            let chosen: Vec<_> = sel.value.iter().flat_map(|s| codes(&s.value)).collect();
            for c in all.iter().filter(|c| !chosen.contains(c)) {
                off.insert(c, from_file(cfg, sel).origin);
            }
            enabled.retain(|c| chosen.contains(c));
            select = sel.value.iter().map(|s| from_file(cfg, s)).collect();
        }
        for item in cfg.ignore.iter().flat_map(|i| &i.value) {
            for c in codes(&item.value) {
                if enabled.contains(&c) {
                    off.insert(c, from_file(cfg, item).origin);
                }
            }
            enabled.retain(|c| !codes(&item.value).contains(c));
            ignore.push(from_file(cfg, item));
        }
        for entry in &cfg.rules {
            if let Some(
                sev @ Located {
                    value: Level::Off, ..
                },
            ) = &entry.severity
            {
                if enabled.contains(&entry.meta.code) {
                    off.insert(entry.meta.code, from_file(cfg, sev).origin);
                }
                enabled.retain(|c| *c != entry.meta.code);
            }
        }
    }
    if let Some(sel) = &overrides.select {
        let chosen: Vec<_> = sel.iter().flat_map(|s| codes(s)).collect();
        enabled = all.iter().copied().filter(|c| chosen.contains(c)).collect();
        off = all
            .iter()
            .filter(|c| !chosen.contains(c))
            .map(|c| (*c, Origin::Flag("--select")))
            .collect();
        select = sel
            .iter()
            .map(|s| Item {
                value: s.clone(),
                origin: Origin::Flag("--select"),
            })
            .collect();
        ignore.clear();
    }
    for s in overrides.ignore.iter().flatten() {
        for c in codes(s) {
            if enabled.contains(&c) {
                off.insert(c, Origin::Flag("--ignore"));
            }
        }
        enabled.retain(|c| !codes(s).contains(c));
        ignore.push(Item {
            value: s.clone(),
            origin: Origin::Flag("--ignore"),
        });
    }
    settings.enabled = enabled;

    let check_remote = match (
        overrides.check_remote,
        config.and_then(|c| c.check_remote.as_ref().map(|v| (c, v))),
    ) {
        (Some(b), _) => Item {
            value: b,
            origin: Origin::Flag("--check-remote"),
        },
        (None, Some((cfg, v))) => from_file(cfg, v),
        (None, None) => Item {
            value: false,
            origin: Origin::Default,
        },
    };
    settings.check_remote = check_remote.value;

    let exclude_patterns: Vec<Item<String>> = config
        .and_then(|c| c.exclude.as_ref().map(|e| (c, e)))
        .map(|(cfg, e)| e.value.iter().map(|p| from_file(cfg, p)).collect())
        .unwrap_or_default();
    let exclude = match config {
        Some(cfg) => {
            let patterns: Vec<String> = exclude_patterns.iter().map(|p| p.value.clone()).collect();
            Exclude::new(&cfg.dir, &patterns)?
        }
        None => Exclude::default(),
    };

    let rules = RULES
        .iter()
        .map(|r| {
            let meta = r.meta;
            let entry = config.and_then(|c| {
                c.rules
                    .iter()
                    .find(|e| e.meta.code == meta.code)
                    .map(|e| (c, e))
            });
            let profile_rule = profile.rules.get(meta.code);
            let severity = if let Some(why) = off.get(meta.code) {
                Item {
                    value: None,
                    origin: why.clone(),
                }
            } else {
                let origin = match entry.and_then(|(c, e)| e.severity.as_ref().map(|s| (c, s))) {
                    Some((cfg, s)) => from_file(cfg, s).origin,
                    None if profile_rule.is_some_and(|p| p.severity.is_some()) => {
                        profile_origin.clone()
                    }
                    None => Origin::Default,
                };
                Item {
                    value: Some(settings.severity(meta)),
                    origin,
                }
            };
            let options = meta
                .options
                .iter()
                .map(|o| {
                    let from_cfg = entry.and_then(|(c, e)| {
                        e.options
                            .iter()
                            .find(|(n, _)| *n == o.name)
                            .map(|(_, v)| from_file(c, v))
                    });
                    let item =
                        from_cfg.unwrap_or_else(|| match profile.option_set(meta.code, o.name) {
                            Some(v) => Item {
                                value: v,
                                origin: profile_origin.clone(),
                            },
                            None => Item {
                                value: o.default,
                                origin: Origin::Default,
                            },
                        });
                    (o.name, item)
                })
                .collect();
            RuleReport {
                meta,
                severity,
                options,
            }
        })
        .collect();

    Ok(Effective {
        settings,
        config: config.map(|c| c.display.clone()),
        exclude,
        profile: profile_item,
        select,
        ignore,
        exclude_patterns,
        check_remote,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> ConfigFile {
        ConfigFile::parse(".pmlint.toml", Path::new("/repo"), text).unwrap()
    }

    fn rule<'e>(e: &'e Effective, code: &str) -> &'e RuleReport {
        e.rules.iter().find(|r| r.meta.code == code).unwrap()
    }

    #[test]
    fn without_a_file_or_flags_everything_is_the_default() {
        let e = resolve(None, &Overrides::default()).unwrap();
        assert_eq!(e.settings.enabled.len(), RULES.len());
        assert_eq!(e.profile.origin, Origin::Default);
        assert!(!e.settings.check_remote);
        assert!(e.rules.iter().all(|r| r.severity.origin == Origin::Default));
    }

    #[test]
    fn file_values_override_the_profile_and_name_their_line() {
        let c = cfg("ignore = [\"PM4\"]\ncheck-remote = true\n[rules.PM301]\nseverity = \"warning\"\nmidnight-threshold-hours = 6\n[rules.PM303]\nseverity = \"off\"\n");
        let e = resolve(Some(&c), &Overrides::default()).unwrap();
        assert!(!e.settings.enabled.contains(&"PM401"));
        assert!(!e.settings.enabled.contains(&"PM303"));
        assert!(e.settings.check_remote);
        let pm301 = rule(&e, "PM301");
        assert_eq!(pm301.severity.value, Some(Severity::Warning));
        assert_eq!(pm301.severity.origin.to_string(), ".pmlint.toml:4");
        assert_eq!(pm301.options[0].1.value, 6);
        assert_eq!(
            e.settings
                .profile
                .option_set("PM301", "midnight-threshold-hours"),
            Some(6)
        );
        assert_eq!(
            rule(&e, "PM303").severity.origin.to_string(),
            ".pmlint.toml:7"
        );
        assert_eq!(
            rule(&e, "PM402").severity.origin.to_string(),
            ".pmlint.toml:1"
        );
        assert_eq!(rule(&e, "PM501").options[0].1.origin, Origin::Default);
    }

    #[test]
    fn command_line_select_starts_afresh_and_ignore_applies_on_top() {
        let c =
            cfg("select = [\"PM3\"]\nignore = [\"PM301\"]\n[rules.PM302]\nseverity = \"off\"\n");
        let e = resolve(Some(&c), &Overrides::default()).unwrap();
        assert_eq!(e.settings.enabled, ["PM303", "PM304", "PM305"]);
        let o = Overrides {
            select: Some(vec!["PM301".into(), "PM302".into()]),
            ..Default::default()
        };
        let e = resolve(Some(&c), &o).unwrap();
        assert_eq!(e.settings.enabled, ["PM301", "PM302"]);
        assert_eq!(rule(&e, "PM303").severity.origin, Origin::Flag("--select"));
        let o = Overrides {
            ignore: Some(vec!["PM305".into()]),
            check_remote: Some(true),
            ..Default::default()
        };
        let e = resolve(Some(&c), &o).unwrap();
        assert_eq!(e.settings.enabled, ["PM303", "PM304"]);
        assert_eq!(rule(&e, "PM305").severity.origin, Origin::Flag("--ignore"));
        assert_eq!(e.check_remote.origin, Origin::Flag("--check-remote"));
    }

    #[test]
    fn a_bad_profile_in_the_file_names_its_line() {
        let c = cfg("\nprofile = \"no-such-profile\"\n");
        let err = resolve(Some(&c), &Overrides::default()).unwrap_err();
        assert!(
            err.starts_with(".pmlint.toml:2:11: profile: unknown profile `no-such-profile`"),
            "{err}"
        );
        let o = Overrides {
            select: Some(vec!["PM999".into()]),
            ..Default::default()
        };
        assert!(resolve(None, &o)
            .unwrap_err()
            .contains("unknown rule `PM999`"));
    }
}
