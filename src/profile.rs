//! Profiles: which sections a postmortem must have, under which titles, in which order, and rule
//! settings.
//!
//! A profile is TOML data (`rules/profiles/<name>.toml`, embedded in the binary; a team's own file
//! in the same format is named with `--profile PATH`). Section ids with a role in the rules:
//! `summary` (where stated facts are read), `timeline`, `action-items`, `root-cause`, `resolution`.
//!
//! A profile may build on a built-in one with `extends = "default"`: it inherits the sections,
//! combined titles, order, preamble and rule settings, and overrides them by id (see
//! [`Profile::from_toml`] for the merge rules). The format is documented in
//! `rules/profiles/default.toml` and in the README ("Profiles").

use crate::facts::sections::normalize_title;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use toml::Spanned;

/// A section a profile knows about.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionSpec {
    /// Stable id, kebab-case (`summary`, `timeline`, `action-items`, …).
    pub id: String,
    /// The title suggested to users ("Action Items"); it also matches as an alias.
    pub title: String,
    /// Whether PM101 reports its absence.
    pub required: bool,
    /// Titles that name this section, compared after [`crate::facts::sections::normalize_title`].
    pub aliases: Vec<String>,
    /// Ids of sections whose labels inside this section are parts of it, not new sections
    /// (the ALX 0x19 Issue Summary holds "Impact:" and "Root Cause:").
    pub fields: Vec<String>,
    /// The Markdown body `pmlint new` writes under the title: guidance in an HTML comment and
    /// placeholders (`XX:XX`, `[Insert …]`) for the author to replace. None: a generic one.
    pub template: Option<String>,
}

/// A title that covers several sections at once ("Root Cause and Resolution").
#[derive(Debug, Clone, PartialEq)]
pub struct CombinedSpec {
    /// Titles that name the covered sections together.
    pub aliases: Vec<String>,
    /// Ids of the sections the title satisfies.
    pub covers: Vec<String>,
    /// The heading `pmlint new` writes for the covered sections together (the ALX 0x19 task's
    /// "Root Cause and Resolution"); None: `pmlint new` writes each covered section separately.
    pub title: Option<String>,
    /// The body `pmlint new` writes under `title`.
    pub template: Option<String>,
}

/// Per-rule settings in a profile or configuration file (`[rules.PM301]`): a severity and the
/// rule's options (declared in its [`crate::rule::RuleMeta::options`]).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct RuleSettings {
    /// `error`, `warning`, `info`, or `off` (the rule does not run).
    pub severity: Option<String>,
    /// Option values by kebab-case name.
    #[serde(flatten)]
    pub options: BTreeMap<String, toml::Value>,
}

impl RuleSettings {
    /// Whether `severity = "off"` turns the rule off.
    pub fn is_off(&self) -> bool {
        self.severity
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("off"))
    }
}

/// A profile, with any `extends` already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The name users pass to `--profile` (`alx`), or the name given in a profile file.
    pub name: String,
    /// One line for users.
    pub description: String,
    /// The built-in profile this one builds on (`extends = "default"`), if any.
    pub extends: Option<String>,
    /// Markdown `pmlint new` writes before the first section: the document title and metadata
    /// fields. None: `# Postmortem: [Insert incident title]`.
    pub preamble: Option<String>,
    /// The sections the profile knows, required or not, inherited ones first.
    pub sections: Vec<SectionSpec>,
    /// Titles that cover several sections at once.
    pub combined: Vec<CombinedSpec>,
    /// Section ids in the template's order: `pmlint new` writes them in this order (then any
    /// other required section), and PM104 checks it when [`Profile::enforce_order`] is set.
    pub order: Vec<String>,
    /// Whether the sections of [`Profile::order`] must appear in that order (PM104).
    pub enforce_order: bool,
    /// Settings by rule code (`PM301`; a file may name the rule by code in any case or by name).
    pub rules: BTreeMap<String, RuleSettings>,
    /// The section titles in matching form, built on first use (see `facts::sections`).
    pub(crate) alias_table: AliasCache,
}

/// A profile's alias table, built once on first use. A clone starts empty, since a cloned
/// profile may be changed (extended, or given a configuration's rules) before it is used; two
/// profiles compare equal whatever their caches hold.
#[derive(Default)]
pub(crate) struct AliasCache(pub(crate) std::sync::OnceLock<crate::facts::sections::AliasTable>);

impl Clone for AliasCache {
    fn clone(&self) -> Self {
        AliasCache::default()
    }
}

impl PartialEq for AliasCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for AliasCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AliasCache")
    }
}

/// One heading of a profile's outline (see [`Profile::outline`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry<'a> {
    /// The title to write.
    pub title: &'a str,
    /// The section ids the heading satisfies (two for a combined title).
    pub ids: Vec<&'a str>,
    /// The body to write under it, if the profile gives one.
    pub template: Option<&'a str>,
}

// ---- The file format: what a profile file may say, before `extends` is resolved. ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ProfileFile {
    name: String,
    description: Option<String>,
    extends: Option<Spanned<String>>,
    preamble: Option<String>,
    #[serde(default)]
    sections: Vec<Spanned<SectionPatch>>,
    #[serde(default)]
    combined: Vec<Spanned<CombinedPatch>>,
    order: Option<Spanned<Vec<String>>>,
    enforce_order: Option<bool>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RuleSettings>>,
}

/// A `[[sections]]` entry: a new section, or changes to an inherited one with the same id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionPatch {
    id: String,
    title: Option<String>,
    required: Option<bool>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    fields: Vec<String>,
    template: Option<String>,
}

/// A `[[combined]]` entry: a new combined title, or changes to the inherited one that covers
/// the same sections.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CombinedPatch {
    #[serde(default)]
    aliases: Vec<String>,
    covers: Vec<String>,
    title: Option<String>,
    template: Option<String>,
}

/// Built-in profiles: name and TOML text.
const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../rules/profiles/default.toml")),
    ("alx", include_str!("../rules/profiles/alx.toml")),
    (
        "google-sre",
        include_str!("../rules/profiles/google-sre.toml"),
    ),
    (
        "pagerduty",
        include_str!("../rules/profiles/pagerduty.toml"),
    ),
    (
        "atlassian",
        include_str!("../rules/profiles/atlassian.toml"),
    ),
];

/// How many `extends` links a chain may have (built-ins extend at most one other).
const MAX_EXTENDS_DEPTH: usize = 4;

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Who owns an alias: a section (by id) or a combined title (by its sorted covers).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    Section(String),
    Combined(Vec<String>),
}

impl Owner {
    fn combined(covers: &[String]) -> Owner {
        let mut c = covers.to_vec();
        c.sort();
        Owner::Combined(c)
    }
    fn describe(&self) -> String {
        match self {
            Owner::Section(id) => format!("section `{id}`"),
            Owner::Combined(ids) => format!("the combined title covering {}", ids.join(", ")),
        }
    }
}

/// A title a profile file gives to one of its entries, in normalised form.
struct Claim {
    alias: String,
    /// The title as the file writes it.
    written: String,
    owner: Owner,
    /// The byte offset of the entry in the file (its line is counted only for an error).
    offset: usize,
}

/// The titles a profile file claims: the aliases of its entries, the titles of its new sections
/// and of its combined titles.
fn claims(file: &ProfileFile, base: &Profile) -> Vec<Claim> {
    let mut out = Vec::new();
    for s in &file.sections {
        let patch = s.get_ref();
        let is_new = !base.sections.iter().any(|b| b.id == patch.id);
        let title = patch.title.iter().filter(|_| is_new);
        for a in patch.aliases.iter().chain(title) {
            out.push(Claim {
                alias: normalize_title(a),
                written: a.clone(),
                owner: Owner::Section(patch.id.clone()),
                offset: s.span().start,
            });
        }
    }
    for c in &file.combined {
        let patch = c.get_ref();
        for a in patch.aliases.iter().chain(&patch.title) {
            out.push(Claim {
                alias: normalize_title(a),
                written: a.clone(),
                owner: Owner::combined(&patch.covers),
                offset: c.span().start,
            });
        }
    }
    out
}

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
        Self::built_in_at(name, 0)
            .map(|r| r.unwrap_or_else(|e| panic!("built-in profile {name}: {e}")))
    }

    fn built_in_at(name: &str, depth: usize) -> Option<Result<Profile, String>> {
        /// Each built-in profile as parsed at depth 0, once per process: a run resolves the
        /// default profile at least twice (the command line alone, then each configuration).
        static PARSED: [OnceLock<Result<Profile, String>>; BUILT_IN.len()] =
            [const { OnceLock::new() }; BUILT_IN.len()];
        let i = BUILT_IN.iter().position(|(n, _)| *n == name)?;
        let text = BUILT_IN[i].1;
        if depth > 0 {
            // Reached through `extends`: parsed afresh, so that a cycle among built-ins still
            // ends at MAX_EXTENDS_DEPTH instead of re-entering the cell being initialised.
            return Some(Profile::parse(text, depth));
        }
        Some(PARSED[i].get_or_init(|| Profile::parse(text, 0)).clone())
    }

    /// Parses a profile file and resolves its `extends`.
    ///
    /// Merging with the profile it extends: a `[[sections]]` entry whose `id` is inherited changes
    /// that section (`title`, `required` and `template` replace, `aliases` and `fields` are added);
    /// a new id adds a section (it needs a `title`). A `[[combined]]` entry covering the same
    /// sections as an inherited one changes it likewise. An alias a profile gives to one of its
    /// entries is taken away from the inherited entries (atlassian's `Response` section takes
    /// "response" from `resolution`). `preamble`, `description`, `order` and `enforce-order`
    /// replace the inherited values; `[rules.CODE]` tables are merged key by key.
    ///
    /// # Errors
    /// One line of text naming the line of the file where there is one: TOML syntax and unknown
    /// keys (toml's message, after the line and column), an unknown `extends`, a new section without a
    /// title, an id used twice, a reference to an unknown section id in `covers`, `fields` or
    /// `order`, an alias naming two sections, and what [`Profile::validate_rules`] reports.
    pub fn from_toml(text: &str) -> Result<Profile, String> {
        Profile::parse(text, 0)
    }

    fn parse(text: &str, depth: usize) -> Result<Profile, String> {
        let file: ProfileFile = toml::from_str(text).map_err(|e| one_line(text, &e))?;
        let at = |offset: usize| format!("line {}", line_of(text, offset));
        let mut base = match &file.extends {
            None => Profile::empty(),
            Some(name) => {
                if depth >= MAX_EXTENDS_DEPTH {
                    return Err(format!(
                        "{}: extends = \"{}\": the chain of `extends` is too long (at most {MAX_EXTENDS_DEPTH})",
                        at(name.span().start),
                        name.get_ref()
                    ));
                }
                let Some(base) = Profile::built_in_at(name.get_ref(), depth + 1) else {
                    let known: Vec<_> = Profile::built_in_names().collect();
                    return Err(format!(
                        "{}: extends = \"{}\": unknown built-in profile (expected one of {})",
                        at(name.span().start),
                        name.get_ref(),
                        known.join(", ")
                    ));
                };
                base?
            }
        };
        let description = match (&file.description, &file.extends) {
            (Some(d), _) => d.clone(),
            (None, Some(_)) => base.description.clone(),
            (None, None) => return Err("missing field `description`".to_string()),
        };
        let claims = claims(&file, &base);
        base.release_claimed(&claims);
        base.merge_sections(&file.sections, text)?;
        base.merge_combined(&file.combined);
        base.check_references(&file, text)?;
        if let Some(order) = &file.order {
            base.order = order.get_ref().clone();
        }
        base.check_alias_owners(&claims, text)?;
        for (key, settings) in &file.rules {
            // Keyed by code, whether the file names the rule by code or by name.
            let code = validate_rule(key, settings.get_ref())
                .map_err(|e| format!("{}: {e}", at(settings.span().start)))?;
            let merged = base.rules.entry(code.to_string()).or_default();
            if settings.get_ref().severity.is_some() {
                merged.severity.clone_from(&settings.get_ref().severity);
            }
            for (k, v) in &settings.get_ref().options {
                merged.options.insert(k.clone(), v.clone());
            }
        }
        Ok(Profile {
            name: file.name,
            description,
            extends: file.extends.map(Spanned::into_inner),
            preamble: file.preamble.or(base.preamble),
            enforce_order: file.enforce_order.unwrap_or(base.enforce_order),
            alias_table: AliasCache::default(),
            ..base
        })
    }

    /// A profile with nothing in it, the base of one that extends none.
    fn empty() -> Profile {
        Profile {
            name: String::new(),
            description: String::new(),
            extends: None,
            preamble: None,
            sections: Vec::new(),
            combined: Vec::new(),
            order: Vec::new(),
            enforce_order: false,
            rules: BTreeMap::new(),
            alias_table: AliasCache::default(),
        }
    }

    /// Takes the aliases a profile file claims away from the inherited entries of other owners.
    fn release_claimed(&mut self, claims: &[Claim]) {
        let claimed_by_other = |alias: &str, owner: &Owner| {
            let n = normalize_title(alias);
            claims.iter().any(|c| c.alias == n && c.owner != *owner)
        };
        for s in &mut self.sections {
            let owner = Owner::Section(s.id.clone());
            s.aliases.retain(|a| !claimed_by_other(a, &owner));
        }
        for c in &mut self.combined {
            let owner = Owner::combined(&c.covers);
            c.aliases.retain(|a| !claimed_by_other(a, &owner));
        }
    }

    /// Applies `[[sections]]` entries: changes to inherited sections by id, new sections.
    fn merge_sections(
        &mut self,
        patches: &[Spanned<SectionPatch>],
        text: &str,
    ) -> Result<(), String> {
        let mut seen: Vec<&str> = Vec::new();
        for s in patches {
            // Counted only for an error: counting for every entry is quadratic in the file.
            let line = || line_of(text, s.span().start);
            let patch = s.get_ref();
            if seen.contains(&patch.id.as_str()) {
                return Err(format!(
                    "line {}: section `{}` is listed twice in this profile",
                    line(),
                    patch.id
                ));
            }
            seen.push(&patch.id);
            if let Some(spec) = self.sections.iter_mut().find(|b| b.id == patch.id) {
                if let Some(t) = &patch.title {
                    spec.title.clone_from(t);
                }
                if let Some(r) = patch.required {
                    spec.required = r;
                }
                append_new(&mut spec.aliases, &patch.aliases);
                append_new(&mut spec.fields, &patch.fields);
                if patch.template.is_some() {
                    spec.template.clone_from(&patch.template);
                }
            } else {
                let Some(title) = patch.title.clone() else {
                    return Err(format!(
                        "line {}: section `{}` is new in this profile and needs a `title`",
                        line(),
                        patch.id
                    ));
                };
                self.sections.push(SectionSpec {
                    id: patch.id.clone(),
                    title,
                    required: patch.required.unwrap_or(false),
                    aliases: patch.aliases.clone(),
                    fields: patch.fields.clone(),
                    template: patch.template.clone(),
                });
            }
        }
        Ok(())
    }

    /// Applies `[[combined]]` entries: changes to the inherited one covering the same sections,
    /// or new ones.
    fn merge_combined(&mut self, patches: &[Spanned<CombinedPatch>]) {
        for c in patches {
            let patch = c.get_ref();
            let owner = Owner::combined(&patch.covers);
            if let Some(spec) = self
                .combined
                .iter_mut()
                .find(|b| Owner::combined(&b.covers) == owner)
            {
                append_new(&mut spec.aliases, &patch.aliases);
                if patch.title.is_some() {
                    spec.title.clone_from(&patch.title);
                }
                if patch.template.is_some() {
                    spec.template.clone_from(&patch.template);
                }
            } else {
                self.combined.push(CombinedSpec {
                    aliases: patch.aliases.clone(),
                    covers: patch.covers.clone(),
                    title: patch.title.clone(),
                    template: patch.template.clone(),
                });
            }
        }
    }

    /// Checks that the section ids a file names in `fields`, `covers` and `order` exist.
    fn check_references(&self, file: &ProfileFile, text: &str) -> Result<(), String> {
        let at = |offset: usize| format!("line {}", line_of(text, offset));
        let known = |id: &str| self.sections.iter().any(|s| s.id == id);
        for s in &file.sections {
            if let Some(f) = s.get_ref().fields.iter().find(|f| !known(f)) {
                return Err(format!(
                    "{}: section `{}`: `fields` names unknown section `{f}`",
                    at(s.span().start),
                    s.get_ref().id
                ));
            }
        }
        for c in &file.combined {
            if let Some(id) = c.get_ref().covers.iter().find(|id| !known(id)) {
                return Err(format!(
                    "{}: [[combined]] `covers` names unknown section `{id}`",
                    at(c.span().start)
                ));
            }
            if c.get_ref().covers.len() < 2 {
                return Err(format!(
                    "{}: [[combined]] `covers` must name at least two sections",
                    at(c.span().start)
                ));
            }
        }
        if let Some(order) = &file.order {
            for (i, id) in order.get_ref().iter().enumerate() {
                let problem = if !known(id) {
                    "unknown section"
                } else if order.get_ref()[..i].contains(id) {
                    "twice the section"
                } else {
                    continue;
                };
                return Err(format!(
                    "{}: `order` names {problem} `{id}`",
                    at(order.span().start)
                ));
            }
        }
        Ok(())
    }

    /// Checks that each title (alias or section title) names one section or combined title;
    /// the error names the line of the file's entry that claimed it, if any.
    fn check_alias_owners(&self, claims: &[Claim], text: &str) -> Result<(), String> {
        let mut owners: Vec<(String, Owner)> = Vec::new();
        let entries = self
            .combined
            .iter()
            .flat_map(|c| {
                c.aliases
                    .iter()
                    .chain(&c.title)
                    .map(|a| (a, Owner::combined(&c.covers)))
            })
            .chain(self.sections.iter().flat_map(|s| {
                s.aliases
                    .iter()
                    .chain(std::iter::once(&s.title))
                    .map(|a| (a, Owner::Section(s.id.clone())))
            }));
        // The claimed titles are already normalised (a profile without `extends` claims them all).
        let normalized: std::collections::HashMap<&str, &str> = claims
            .iter()
            .map(|c| (c.written.as_str(), c.alias.as_str()))
            .collect();
        for (alias, owner) in entries {
            let n = normalized
                .get(alias.as_str())
                .map_or_else(|| normalize_title(alias), |n| n.to_string());
            match owners.iter().find(|(a, _)| *a == n) {
                Some((_, o)) if *o != owner => {
                    let line = claims
                        .iter()
                        .find(|c| c.alias == n && c.owner == owner)
                        .map_or(String::new(), |c| {
                            format!("line {}: ", line_of(text, c.offset))
                        });
                    return Err(format!(
                        "{line}alias \"{alias}\" names both {} and {}",
                        o.describe(),
                        owner.describe()
                    ));
                }
                Some(_) => {}
                None => owners.push((n, owner)),
            }
        }
        Ok(())
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

    /// Checks `[rules.*]`: known codes, known option names with integer values, known severities
    /// (`error`, `warning`, `info`, `off`). [`Profile::from_toml`] already does this, with lines.
    ///
    /// # Errors
    /// The first problem, in words that name the rule and key.
    pub fn validate_rules(&self) -> Result<(), String> {
        self.rules
            .iter()
            .try_for_each(|(code, settings)| validate_rule(code, settings).map(|_| ()))
    }

    /// The section spec with `id`.
    pub fn section(&self, id: &str) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The section ids a postmortem for this profile has, in order: those of
    /// [`Profile::order`], then the required sections it does not list, in the order they are
    /// listed.
    pub fn ordered_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.order.iter().map(String::as_str).collect();
        for s in self.sections.iter().filter(|s| s.required) {
            if !ids.contains(&s.id.as_str()) {
                ids.push(&s.id);
            }
        }
        ids
    }

    /// The headings of a postmortem written for this profile, in order: one per id of
    /// [`Profile::ordered_ids`], except that sections covered by a combined title that has a
    /// `title` are written once under it, where the first of them comes.
    pub fn outline(&self) -> Vec<OutlineEntry<'_>> {
        let ids = self.ordered_ids();
        let mut out: Vec<OutlineEntry> = Vec::new();
        for id in &ids {
            if out.iter().any(|e| e.ids.contains(id)) {
                continue;
            }
            let combined = self.combined.iter().find(|c| {
                c.title.is_some()
                    && c.covers.iter().any(|c| c == id)
                    && c.covers.iter().all(|c| ids.contains(&c.as_str()))
            });
            if let Some(c) = combined {
                out.push(OutlineEntry {
                    title: c.title.as_deref().unwrap_or_default(),
                    ids: c.covers.iter().map(String::as_str).collect(),
                    template: c.template.as_deref(),
                });
            } else if let Some(s) = self.section(id) {
                out.push(OutlineEntry {
                    title: &s.title,
                    ids: vec![&s.id],
                    template: s.template.as_deref(),
                });
            }
        }
        out
    }
}

/// A TOML error as one line: `line 6, column 1: unknown field `requird`, expected …`.
fn one_line(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
    match e.span() {
        Some(span) => {
            let start = span.start.min(text.len());
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..start].chars().count() + 1;
            format!("line {}, column {column}: {message}", line_of(text, start))
        }
        None => message,
    }
}

/// Adds the items of `more` that `list` lacks.
fn append_new(list: &mut Vec<String>, more: &[String]) {
    for m in more {
        if !list.contains(m) {
            list.push(m.clone());
        }
    }
}

/// Checks one `[rules.CODE]` table (the rule named by code or name) against the rule's declared
/// options; returns the rule's code.
fn validate_rule(code: &str, settings: &RuleSettings) -> Result<&'static str, String> {
    let Some(meta) = crate::registry::find(code) else {
        return Err(format!("[rules.{code}]: unknown rule (see `pmlint rules`)"));
    };
    if let Some(sev) = &settings.severity {
        if crate::rule::Severity::parse(sev).is_none() && !settings.is_off() {
            return Err(format!(
                "[rules.{code}] severity = \"{sev}\": expected \"error\", \"warning\", \"info\" or \"off\""
            ));
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
    Ok(meta.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profiles_parse_and_reference_known_ids() {
        for name in Profile::built_in_names() {
            let p = Profile::built_in(name).unwrap();
            assert_eq!(p.name, name);
            p.validate_rules().unwrap();
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
            for e in p.outline() {
                assert!(
                    e.template.is_some(),
                    "{name}: `{}` has no template for `pmlint new`",
                    e.title
                );
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
        let err = Profile::from_toml(
            "name = \"x\"\nextends = \"default\"\n\n[[sections]]\nid = \"timeline\"\nrequird = true\n",
        )
        .unwrap_err();
        assert!(err.contains("requird") && err.contains("line 6"), "{err}");
    }

    #[test]
    fn extends_inherits_and_overrides_by_id() {
        let p = Profile::from_toml(
            r#"name = "team"
extends = "default"

[[sections]]
id = "impact"
required = true
aliases = ["blast radius"]

[[sections]]
id = "customer-comms"
title = "Customer Communication"
aliases = ["status page updates"]

[rules.PM303]
severity = "error"
"#,
        )
        .unwrap();
        let default = Profile::built_in("default").unwrap();
        assert_eq!(p.extends.as_deref(), Some("default"));
        assert_eq!(p.description, default.description);
        let impact = p.section("impact").unwrap();
        assert!(impact.required);
        assert!(impact.aliases.iter().any(|a| a == "customer impact"));
        assert!(impact.aliases.iter().any(|a| a == "blast radius"));
        assert_eq!(
            p.section("customer-comms").unwrap().title,
            "Customer Communication"
        );
        assert_eq!(p.section("timeline"), default.section("timeline"));
        assert_eq!(p.combined, default.combined);
        assert_eq!(p.rules["PM303"].severity.as_deref(), Some("error"));
    }

    #[test]
    fn an_alias_given_to_a_new_section_is_taken_from_the_inherited_one() {
        let p = Profile::from_toml(
            "name = \"t\"\nextends = \"default\"\n[[sections]]\nid = \"response\"\ntitle = \"Response\"\n",
        )
        .unwrap();
        assert!(!p
            .section("resolution")
            .unwrap()
            .aliases
            .iter()
            .any(|a| a == "response"));
    }

    #[test]
    fn resolution_errors_name_the_line() {
        let cases = [
            ("name = \"t\"\nextends = \"nope\"\n", "line 2", "unknown built-in profile"),
            (
                "name = \"t\"\nextends = \"default\"\n\n[[sections]]\nid = \"new-one\"\n",
                "line 4",
                "needs a `title`",
            ),
            (
                "name = \"t\"\nextends = \"default\"\norder = [\"summary\", \"nope\"]\n",
                "line 3",
                "unknown section `nope`",
            ),
            (
                "name = \"t\"\nextends = \"default\"\n\n[rules.PM999]\nseverity = \"error\"\n",
                "line 4",
                "unknown rule",
            ),
            (
                "name = \"t\"\nextends = \"default\"\n\n[rules.PM301]\nseverity = \"loud\"\n",
                "line 4",
                "\"off\"",
            ),
            (
                "name = \"t\"\nextends = \"default\"\n\n[[sections]]\nid = \"a\"\ntitle = \"Notes\"\n\n[[sections]]\nid = \"b\"\ntitle = \"More\"\naliases = [\"notes\"]\n",
                "line 8",
                "names both",
            ),
        ];
        for (text, line, what) in cases {
            let err = Profile::from_toml(text).unwrap_err();
            assert!(err.contains(line) && err.contains(what), "{text}\n→ {err}");
        }
    }

    #[test]
    fn severity_off_is_accepted_and_rules_are_keyed_by_code() {
        let p = Profile::from_toml(
            "name = \"t\"\nextends = \"default\"\n[rules.mixed-timezones]\nseverity = \"off\"\n[rules.pm501]\ntolerance-minutes = 9\n",
        )
        .unwrap();
        assert!(p.rules["PM303"].is_off());
        assert_eq!(p.option_set("PM501", "tolerance-minutes"), Some(9));
    }

    #[test]
    fn alx_outline_writes_root_cause_and_resolution_once() {
        let p = Profile::built_in("alx").unwrap();
        let titles: Vec<_> = p.outline().iter().map(|e| e.title).collect();
        assert_eq!(
            titles,
            [
                "Issue Summary",
                "Timeline",
                "Root Cause and Resolution",
                "Corrective and Preventative Measures"
            ]
        );
        assert!(p.enforce_order);
    }
}
