//! Reading one configuration file (`.pmlint.toml` / `pmlint.toml`) and checking every value, so
//! that a mistake is reported with the file, line and column and the form that was expected.

use super::exclude::Exclude;
use crate::registry;
use crate::rule::{RuleMeta, Severity};
use crate::source::{LineCol, SourceFile};
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A value of a configuration file and the 1-based line and column (in characters) where it is
/// written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// A rule's level set in `[rules.PMxxx] severity`: a severity, or `"off"` (the rule does not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// `[rules.PMxxx]` of a configuration file.
#[derive(Debug, Clone)]
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub severity: Option<Located<Level>>,
    /// Option values by declared name (see [`RuleMeta::options`]).
    pub options: Vec<(&'static str, Located<i64>)>,
}

/// A parsed and checked configuration file. Keys are optional; an absent key leaves the value to
/// the profile or the built-in default.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The file's path as shown in messages (relative to the current directory when under it).
    pub display: String,
    /// The folder holding the file (absolute): `profile` paths and `exclude` patterns are
    /// relative to it.
    pub dir: PathBuf,
    /// A built-in profile name or a profile file path relative to [`ConfigFile::dir`].
    pub profile: Option<Located<String>>,
    /// Rule selectors (codes, names, families or `ALL`), each known to name at least one rule.
    pub select: Option<Located<Vec<Located<String>>>>,
    pub ignore: Option<Located<Vec<Located<String>>>>,
    /// Glob patterns of paths skipped when a directory is walked.
    pub exclude: Option<Located<Vec<Located<String>>>>,
    pub check_remote: Option<Located<bool>>,
    /// Per-rule settings, in the order written.
    pub rules: Vec<RuleEntry>,
}

/// The top-level keys, for messages.
const KEYS: &str =
    "`profile`, `select`, `ignore`, `exclude`, `check-remote` or a `[rules.PMxxx]` table";

impl ConfigFile {
    /// Parses `text`, read from the file `display` in folder `dir`.
    ///
    /// # Errors
    /// One line: `display:line:column: what is wrong, expected …` — TOML syntax errors, unknown
    /// keys, unknown rules, values of the wrong type, bad severities, options a rule does not
    /// declare, and invalid glob patterns.
    pub fn parse(display: &str, dir: &Path, text: &str) -> Result<ConfigFile, String> {
        let src = SourceFile::new(display, text);
        let at = |span: std::ops::Range<usize>, message: String| {
            let pos = src.line_col(span.start);
            format!("{display}:{}:{}: {message}", pos.line, pos.column)
        };
        let table = DeTable::parse(text).map_err(|e| {
            at(
                e.span().unwrap_or(0..0),
                format!("invalid TOML: {}", e.message()),
            )
        })?;
        let locate = |span: std::ops::Range<usize>| src.line_col(span.start);
        let mut cfg = ConfigFile {
            display: display.to_string(),
            dir: dir.to_path_buf(),
            profile: None,
            select: None,
            ignore: None,
            exclude: None,
            check_remote: None,
            rules: Vec::new(),
        };
        for (key, value) in in_source_order(table.get_ref()) {
            let pos = locate(key.span());
            match key.get_ref().as_ref() {
                "profile" => {
                    let s = value.get_ref().as_str().ok_or_else(|| {
                        at(value.span(), format!(
                            "`profile` must be a string: a built-in profile ({}) or the path of a profile file relative to this file, found {}",
                            crate::profile::Profile::built_in_names().collect::<Vec<_>>().join(", "),
                            value.get_ref().type_str()
                        ))
                    })?;
                    cfg.profile = Some(located(s.to_string(), locate(value.span())));
                }
                name @ ("select" | "ignore") => {
                    let items = strings(value, name, "rule codes, names or families such as [\"PM3\", \"PM401\", \"image-alt-text\"]", &at, &locate)?;
                    for item in &items {
                        registry::select(&item.value).map_err(|e| at_pos(display, item, e))?;
                    }
                    let list = Some(located(items, pos));
                    if name == "select" {
                        cfg.select = list;
                    } else {
                        cfg.ignore = list;
                    }
                }
                "exclude" => {
                    let items = strings(
                        value,
                        "exclude",
                        "glob patterns such as [\"drafts\", \"templates/*.md\"]",
                        &at,
                        &locate,
                    )?;
                    for item in &items {
                        Exclude::check_pattern(&item.value)
                            .map_err(|e| at_pos(display, item, e))?;
                    }
                    cfg.exclude = Some(located(items, pos));
                }
                "check-remote" => {
                    let b = value.get_ref().as_bool().ok_or_else(|| {
                        at(
                            value.span(),
                            format!(
                                "`check-remote` must be true or false, found {}",
                                value.get_ref().type_str()
                            ),
                        )
                    })?;
                    cfg.check_remote = Some(located(b, locate(value.span())));
                }
                "rules" => {
                    let rules = value.get_ref().as_table().ok_or_else(|| {
                        at(value.span(), format!("`rules` must be a table of rule settings such as [rules.PM301], found {}", value.get_ref().type_str()))
                    })?;
                    for (code, settings) in in_source_order(rules) {
                        let entry = rule_entry(code, settings, &at, &locate)?;
                        if cfg.rules.iter().any(|r| r.meta.code == entry.meta.code) {
                            return Err(at(
                                code.span(),
                                format!(
                                    "[rules.{}]: {} is already configured above",
                                    code.get_ref(),
                                    entry.meta.code
                                ),
                            ));
                        }
                        cfg.rules.push(entry);
                    }
                }
                other => {
                    let hint = match other.replace('_', "-").as_str() {
                        "check-remote" => " (did you mean `check-remote`?)".to_string(),
                        _ if registry::find(other).is_some() => {
                            format!(" (rule settings go in a `[rules.{other}]` table)")
                        }
                        _ => String::new(),
                    };
                    return Err(at(
                        key.span(),
                        format!("unknown key `{other}`: expected {KEYS}{hint}"),
                    ));
                }
            }
        }
        Ok(cfg)
    }
}

fn located<T>(value: T, pos: LineCol) -> Located<T> {
    Located {
        value,
        line: pos.line,
        column: pos.column,
    }
}

type At<'a> = dyn Fn(std::ops::Range<usize>, String) -> String + 'a;
type Locate<'a> = dyn Fn(std::ops::Range<usize>) -> LineCol + 'a;

fn at_pos<T>(display: &str, item: &Located<T>, message: String) -> String {
    format!("{display}:{}:{}: {message}", item.line, item.column)
}

/// Entries of a table in the order they are written (the map itself is sorted by key).
fn in_source_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// An array of strings, each with its position.
fn strings(
    value: &Spanned<DeValue>,
    key: &str,
    expected: &str,
    at: &At,
    locate: &Locate,
) -> Result<Vec<Located<String>>, String> {
    let wrong = |span, found: &str| {
        at(
            span,
            format!("`{key}` must be an array of {expected}, found {found}"),
        )
    };
    let array = value
        .get_ref()
        .as_array()
        .ok_or_else(|| wrong(value.span(), value.get_ref().type_str()))?;
    array
        .iter()
        .map(|item| {
            let s = item.get_ref().as_str().ok_or_else(|| {
                wrong(
                    item.span(),
                    &format!("an array holding a {}", item.get_ref().type_str()),
                )
            })?;
            let pos = locate(item.span());
            Ok(Located {
                value: s.to_string(),
                line: pos.line,
                column: pos.column,
            })
        })
        .collect()
}

/// `[rules.<code>]`: the rule must exist; `severity` and the rule's declared options only.
fn rule_entry(
    code: &Spanned<std::borrow::Cow<str>>,
    settings: &Spanned<DeValue>,
    at: &At,
    locate: &Locate,
) -> Result<RuleEntry, String> {
    let name = code.get_ref();
    let meta = registry::find(name).ok_or_else(|| {
        at(
            code.span(),
            format!("[rules.{name}]: unknown rule `{name}`: expected a rule code such as PM301 or a name such as timeline-out-of-order (see `pmlint rules`)"),
        )
    })?;
    let table = settings.get_ref().as_table().ok_or_else(|| {
        at(
            settings.span(),
            format!(
                "`rules.{name}` must be a table such as {{ severity = \"warning\" }}, found {}",
                settings.get_ref().type_str()
            ),
        )
    })?;
    let mut entry = RuleEntry {
        meta,
        severity: None,
        options: Vec::new(),
    };
    for (key, value) in in_source_order(table) {
        let pos = locate(value.span());
        let key_name = key.get_ref().as_ref();
        if key_name == "severity" {
            let word = value.get_ref().as_str().unwrap_or("");
            let level = match word.to_ascii_lowercase().as_str() {
                "off" => Some(Level::Off),
                _ => Severity::parse(word).map(Level::On),
            };
            let level = level.ok_or_else(|| {
                let found = match value.get_ref() {
                    DeValue::String(s) => format!("\"{s}\""),
                    v => format!("a {}", v.type_str()),
                };
                at(
                    value.span(),
                    format!("[rules.{name}] severity: expected \"error\", \"warning\", \"info\" or \"off\", found {found}"),
                )
            })?;
            entry.severity = Some(located(level, pos));
            continue;
        }
        let Some(option) = meta.option(key_name) else {
            let known: Vec<_> = meta
                .options
                .iter()
                .map(|o| format!("`{}`", o.name))
                .collect();
            let expected = if known.is_empty() {
                format!("only `severity` ({} has no options)", meta.code)
            } else {
                format!("`severity` or {}", known.join(", "))
            };
            return Err(at(
                key.span(),
                format!(
                    "[rules.{name}]: unknown option `{key_name}` for {} ({}): expected {expected}",
                    meta.code, meta.name
                ),
            ));
        };
        let number = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        let number = number.ok_or_else(|| {
            at(
                value.span(),
                format!(
                    "[rules.{name}] {key_name}: expected a whole number ({}), found {}",
                    option.doc,
                    value.get_ref().type_str()
                ),
            )
        })?;
        entry.options.push((option.name, located(number, pos)));
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        ConfigFile::parse(".pmlint.toml", Path::new("/repo"), text)
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let c = parse(
            "profile = \"default\"\nselect = [\"PM3\", \"image-alt-text\"]\nignore = [\"PM303\"]\n\
             exclude = [\"drafts\", \"old/**/*.md\"]\ncheck-remote = true\n\n\
             [rules.PM301]\nseverity = \"warning\"\nmidnight-threshold-hours = 6\n\n\
             [rules.image-alt-text]\nseverity = \"off\"\n",
        )
        .unwrap();
        assert_eq!(c.profile.as_ref().unwrap().value, "default");
        let select = c.select.unwrap();
        assert_eq!(select.line, 2);
        assert_eq!(select.value[1].value, "image-alt-text");
        assert_eq!(select.value[1].column, 18);
        assert_eq!(c.exclude.unwrap().value.len(), 2);
        assert!(c.check_remote.unwrap().value);
        assert_eq!(c.rules[0].meta.code, "PM301");
        let sev = c.rules[0].severity.as_ref().unwrap();
        assert_eq!((sev.value, sev.line), (Level::On(Severity::Warning), 8));
        assert_eq!(c.rules[0].options[0].0, "midnight-threshold-hours");
        assert_eq!(c.rules[0].options[0].1.value, 6);
        assert_eq!(c.rules[1].meta.code, "PM405");
        assert_eq!(c.rules[1].severity.as_ref().unwrap().value, Level::Off);
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        let c = parse("# nothing yet\n").unwrap();
        assert!(c.profile.is_none() && c.select.is_none() && c.rules.is_empty());
    }

    #[test]
    fn errors_name_the_line_column_and_expected_form() {
        let cases = [
            ("select = [\"PM3\"\n", ".pmlint.toml:1:", "invalid TOML"),
            (
                "profile = \"x\"\nbogus = 1\n",
                ".pmlint.toml:2:1:",
                "unknown key `bogus`",
            ),
            (
                "check_remote = true\n",
                ":1:1:",
                "did you mean `check-remote`",
            ),
            (
                "\n\nselect = [\"PM3\", \"PM999\"]\n",
                ".pmlint.toml:3:18:",
                "unknown rule `PM999`",
            ),
            (
                "ignore = \"PM301\"\n",
                ":1:10:",
                "must be an array of rule codes",
            ),
            ("exclude = [\"a[\"]\n", ":1:12:", "invalid pattern"),
            (
                "check-remote = \"yes\"\n",
                ":1:16:",
                "must be true or false",
            ),
            ("profile = 3\n", ":1:11:", "must be a string"),
            (
                "[rules.PM999]\nseverity = \"warning\"\n",
                ":1:8:",
                "unknown rule `PM999`",
            ),
            (
                "[rules.PM301]\nseverity = \"fatal\"\n",
                ":2:12:",
                "expected \"error\", \"warning\", \"info\" or \"off\", found \"fatal\"",
            ),
            (
                "[rules.PM301]\nmidnight = 3\n",
                ":2:1:",
                "expected `severity` or `midnight-threshold-hours`",
            ),
            ("[rules.PM303]\nlimit = 3\n", ":2:1:", "only `severity`"),
            (
                "[rules.PM301]\nmidnight-threshold-hours = \"6\"\n",
                ":2:28:",
                "expected a whole number",
            ),
            ("rules = 3\n", ":1:9:", "must be a table"),
            (
                "[rules]\nPM301 = \"warning\"\n",
                ":2:9:",
                "must be a table such as",
            ),
            (
                "[rules.PM301]\n[rules.timeline-out-of-order]\n",
                ":2:8:",
                "already configured",
            ),
            ("PM301 = 1\n", ":1:1:", "[rules.PM301]"),
        ];
        for (text, pos, fragment) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.contains(pos) && e.contains(fragment), "{text:?} gave {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }
}
