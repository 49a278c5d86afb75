//! Regexes run with ASCII rules, for patterns run on many short lines.
//!
//! A pattern written with Unicode rules (the regex crate's default: Unicode `\w`, `\s`, `\d`,
//! `\b`, case folding) costs several times more to compile than the same pattern with ASCII rules
//! (`(?-u)`): a `\w` alone becomes an automaton over hundreds of ranges of code points, and a run
//! of pmlint on one small file was mostly such compilation. A Unicode `\b` also keeps the regex
//! crate's fast DFAs off any text with a non-ASCII byte. [`AsciiRegex`] keeps the pattern as
//! written and finds exactly the matches the regex crate's `Regex` finds, but runs one compiled
//! with ASCII rules whenever it can:
//!
//! - On ASCII text, ASCII and Unicode rules match the same: Unicode `\w`, `\s`, `\d`, `\b`, `.`,
//!   negated classes and case folding restricted to ASCII characters are the ASCII ones.
//! - Other text is first *projected* to ASCII: each non-ASCII character becomes one byte that
//!   every part of the pattern treats as it treats the character, and match offsets are mapped
//!   back. A word character (Unicode `\w`) becomes `_`, white space the vertical tab, any other
//!   character `\x01`, and a character that the pattern names (`–` in `[-–—]`) a control byte
//!   that the pattern compiled with ASCII rules names instead. One byte per character keeps
//!   counted repeats (`[^.;]{1,120}`) counting characters. This is exact for the patterns it is
//!   used on: [`projectable`] checks that a pattern names no control character and no non-ASCII
//!   word, space or digit character, and uses no Unicode class; text holding a non-ASCII number
//!   (which `\d` may match), `ſ` or the Kelvin sign (which `(?i)` matches to `s` and `k`), one of
//!   the control bytes standing for the pattern's characters, or a non-ASCII word character when
//!   the pattern names `_`, is matched by the pattern compiled with Unicode rules.
//!
//! - A pattern that is case-insensitive throughout has an ASCII form rewritten in lower case
//!   without `(?i)` (see [`lower_case`]), run on the text with its ASCII letters lowered: a
//!   letter is then one byte instead of a class of two, and nothing is case-folded (the
//!   summary's count pattern compiles in 3.5 M instructions instead of 6.1 M).
//!
//! Neither form builds a literal prefilter: extracting the literals of a large case-insensitive
//! alternation costs more than the rest of the compilation, and callers run these patterns on
//! short lines, usually behind their own prefilter.

use regex_automata::meta;
use regex_automata::util::captures::GroupInfo;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, PatternID};
use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
use regex_syntax::hir;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A regex compiled on first use, run with ASCII rules where that gives the same matches.
pub struct AsciiRegex {
    pattern: Cow<'static, str>,
    /// The pattern compiled with ASCII rules, its non-ASCII characters replaced by control bytes;
    /// None when the pattern is not [`projectable`].
    ascii: OnceLock<Option<Ascii>>,
    unicode: OnceLock<meta::Regex>,
}

/// The ASCII form of a pattern.
struct Ascii {
    regex: meta::Regex,
    /// The non-ASCII characters the pattern names; the `i`th stands for `NAMED[i]`.
    named: Vec<char>,
    /// The pattern names `_`, which can then not stand for non-ASCII word characters: text with
    /// one gets the Unicode form.
    underscore: bool,
    /// The pattern was case-insensitive throughout and this form is its lower-case rewrite (see
    /// [`lower_case`]): it runs on the text with ASCII letters lowered.
    lowered: bool,
}

/// The control bytes that stand for the non-ASCII characters a pattern names.
const NAMED: &[u8] = b"\x02\x03\x04\x05\x06\x07\x08\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18";
/// What a non-ASCII character becomes in projected text when the pattern does not name it.
const WORD: u8 = b'_';
const SPACE: u8 = 0x0B;
const OTHER: u8 = 0x01;

/// What every form is built with: no literal prefilter (see the module documentation), and no
/// one-pass DFA (it serves only anchored searches for groups, which the bounded backtracker does
/// about as fast on short lines, and building it cost more than it saved).
fn config() -> meta::Config {
    meta::Config::new().auto_prefilter(false).onepass(false)
}

fn build(pattern: &str, unicode: bool) -> Result<meta::Regex, String> {
    meta::Regex::builder()
        .configure(config())
        .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// The ASCII form of `pattern` from its syntax tree, parsed once for [`projectable`] and for this
/// (what [`build`] with `unicode` false does, without parsing again).
fn build_ascii(pattern: &str, ast: &Ast) -> Option<meta::Regex> {
    let hir = hir::translate::TranslatorBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .translate(pattern, ast)
        .ok()?;
    meta::Regex::builder()
        .configure(config())
        .build_from_hir(&hir)
        .ok()
}

/// Text as a regex form sees it: the text itself, its ASCII letters lowered, or its projection
/// (see the module documentation).
struct Haystack<'h> {
    bytes: &'h [u8],
    /// One entry per non-ASCII character of projected text, in order: the offset in
    /// [`Haystack::bytes`] right after its byte, and how many bytes longer the text is than
    /// `bytes` up to there (the characters' UTF-8 lengths less one, summed). Empty for the text
    /// itself and for lowered text, whose offsets are the text's.
    shifts: &'h [(usize, usize)],
}

impl<'h> Haystack<'h> {
    fn text(bytes: &'h [u8]) -> Self {
        Haystack { bytes, shifts: &[] }
    }

    /// The offset in the text of offset `p` of [`Haystack::bytes`].
    fn at(&self, p: usize) -> usize {
        let k = self.shifts.partition_point(|&(q, _)| q <= p);
        p + k.checked_sub(1).map_or(0, |k| self.shifts[k].1)
    }

    /// The offset in [`Haystack::bytes`] of offset `t` of the text (at a character boundary).
    fn offset_of(&self, t: usize) -> usize {
        let k = self.shifts.partition_point(|&(q, shift)| q + shift <= t);
        t - k.checked_sub(1).map_or(0, |k| self.shifts[k].1)
    }

    /// A range of [`Haystack::bytes`] as a range of the text.
    fn map(&self, r: Range<usize>) -> Range<usize> {
        self.at(r.start)..self.at(r.end)
    }
}

/// The buffers projected and lowered text is written to, reused from call to call.
#[derive(Default)]
struct Buffers {
    bytes: Vec<u8>,
    shifts: Vec<(usize, usize)>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

/// The end of the run of ASCII bytes of `b` from `i`.
fn ascii_run_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i..i + 16).is_some_and(<[u8]>::is_ascii) {
        i += 16;
    }
    while b.get(i).is_some_and(u8::is_ascii) {
        i += 1;
    }
    i
}

impl AsciiRegex {
    pub const fn new(pattern: &'static str) -> Self {
        AsciiRegex {
            pattern: Cow::Borrowed(pattern),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// A pattern built at run time.
    pub fn from_string(pattern: String) -> Self {
        AsciiRegex {
            pattern: Cow::Owned(pattern),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern has an ASCII form (is [`projectable`]).
    #[cfg(test)]
    pub(crate) fn has_ascii_form(&self) -> bool {
        self.ascii().is_some()
    }

    fn unicode(&self) -> &meta::Regex {
        self.unicode
            .get_or_init(|| build(&self.pattern, true).expect("valid regex"))
    }

    fn ascii(&self) -> Option<&Ascii> {
        self.ascii
            .get_or_init(|| {
                let mut ast = ast::parse::Parser::new().parse(&self.pattern).ok()?;
                let Names { named, underscore } = projectable(&ast)?;
                if !named.is_empty() {
                    substitute(&mut ast, &named);
                }
                let lowered = lower_case(&mut ast);
                Some(Ascii {
                    regex: build_ascii(&self.pattern, &ast)?,
                    named,
                    underscore,
                    lowered,
                })
            })
            .as_ref()
    }

    /// `f` called with the form to run on `text` and `text` as that form sees it.
    fn with_form<R>(&self, text: &str, f: impl FnOnce(&meta::Regex, &Haystack) -> R) -> R {
        let b = text.as_bytes();
        let Some(ascii) = self.ascii() else {
            return f(self.unicode(), &Haystack::text(b));
        };
        // Text holding a byte that stands for one of the pattern's characters.
        if !ascii.named.is_empty()
            && has_control(b)
            && b.iter().any(|c| NAMED[..ascii.named.len()].contains(c))
        {
            return f(self.unicode(), &Haystack::text(b));
        }
        if !(has_non_ascii(b) || (ascii.lowered && b.iter().any(u8::is_ascii_uppercase))) {
            return f(&ascii.regex, &Haystack::text(b));
        }
        BUFFERS.with(|cell| {
            // A call made while another holds the buffers (none does today) gets its own.
            let mut own = Buffers::default();
            let mut shared = cell.try_borrow_mut();
            let buffers = match &mut shared {
                Ok(shared) => &mut **shared,
                Err(_) => &mut own,
            };
            if ascii.project(text, buffers) {
                let h = Haystack {
                    bytes: &buffers.bytes,
                    shifts: &buffers.shifts,
                };
                f(&ascii.regex, &h)
            } else {
                f(self.unicode(), &Haystack::text(b))
            }
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.with_form(text, |re, h| re.is_match(h.bytes))
    }

    /// The byte range of the leftmost-first match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.with_form(text, |re, h| re.find(h.bytes).map(|m| h.map(m.range())))
    }

    /// The match of an anchored search at the first of `starts` (byte offsets of `text` at
    /// character boundaries, in increasing order) where one starts: [`AsciiRegex::find`]'s match
    /// when `starts` holds every offset where a match can start (the leftmost-first match is
    /// the anchored match at the leftmost start that has one). The text outside is still seen
    /// by `\b` and `^`.
    pub fn find_at_starts(&self, text: &str, starts: &[usize]) -> Option<Range<usize>> {
        self.with_form(text, |re, h| {
            starts.iter().find_map(|&t| {
                let input = Input::new(h.bytes)
                    .span(h.offset_of(t)..h.bytes.len())
                    .anchored(Anchored::Yes);
                re.search(&input).map(|m| h.map(m.range()))
            })
        })
    }

    /// The byte ranges of the successive non-overlapping matches in `text`.
    pub fn find_iter(&self, text: &str) -> impl Iterator<Item = Range<usize>> {
        let found: Vec<_> = self.with_form(text, |re, h| {
            re.find_iter(h.bytes).map(|m| h.map(m.range())).collect()
        });
        found.into_iter()
    }

    /// The capture groups of the successive non-overlapping matches in `text`.
    pub fn captures_iter(&self, text: &str) -> impl Iterator<Item = Captures> {
        let found: Vec<_> = self.with_form(text, |re, h| {
            re.captures_iter(h.bytes)
                .map(|c| Captures {
                    spans: (0..c.group_len())
                        .map(|i| c.get_group(i).map(|s| h.map(s.range())))
                        .collect(),
                    groups: c.group_info().clone(),
                })
                .collect()
        });
        found.into_iter()
    }

    /// The capture groups of the leftmost-first match in `text`.
    pub fn captures(&self, text: &str) -> Option<Captures> {
        self.captures_iter(text).next()
    }

    /// `text` with each of the successive non-overlapping matches (byte ranges) replaced by what
    /// `with` returns for it.
    pub fn replace_all<'t>(
        &self,
        text: &'t str,
        mut with: impl FnMut(Range<usize>) -> String,
    ) -> Cow<'t, str> {
        let mut out = String::new();
        let mut last = 0;
        for m in self.find_iter(text) {
            out.push_str(&text[last..m.start]);
            last = m.end;
            out.push_str(&with(m));
        }
        if last == 0 && out.is_empty() {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }
}

/// The groups of one match: byte ranges in the text searched.
pub struct Captures {
    spans: Vec<Option<Range<usize>>>,
    groups: GroupInfo,
}

impl Captures {
    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Range<usize>> {
        self.spans.get(i).cloned().flatten()
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Range<usize>> {
        self.get(self.groups.to_index(PatternID::ZERO, name)?)
    }
}

impl Ascii {
    /// Writes `text` as the ASCII form sees it to `out`: its ASCII runs copied in bulk (lowered
    /// for a lowered form), each non-ASCII character projected to one byte with one entry in
    /// `out.shifts`. False when only the Unicode form matches `text` exactly: it holds a
    /// non-ASCII number character, `ſ` or the Kelvin sign, or a non-ASCII word character while
    /// the pattern names `_`. The caller has ruled out bytes of [`NAMED`] standing for the
    /// pattern's characters.
    fn project(&self, text: &str, out: &mut Buffers) -> bool {
        let b = text.as_bytes();
        out.bytes.clear();
        out.shifts.clear();
        out.bytes.reserve(b.len());
        let mut i = 0;
        let mut shift = 0;
        loop {
            let run = ascii_run_end(b, i);
            let from = out.bytes.len();
            out.bytes.extend_from_slice(&b[i..run]);
            if self.lowered {
                out.bytes[from..].make_ascii_lowercase();
            }
            i = run;
            let Some(c) = text[i..].chars().next() else {
                return true;
            };
            out.bytes
                .push(if let Some(k) = self.named.iter().position(|&n| n == c) {
                    NAMED[k]
                } else if c.is_numeric() || char_folds_to_ascii(c) {
                    return false;
                } else if regex_syntax::is_word_character(c) {
                    if self.underscore {
                        return false;
                    }
                    WORD
                } else if c.is_whitespace() {
                    SPACE
                } else {
                    OTHER
                });
            i += c.len_utf8();
            shift += c.len_utf8() - 1;
            out.shifts.push((out.bytes.len(), shift));
        }
    }
}

/// What a pattern (given as its syntax tree) names, when its ASCII form matches projected text as
/// the pattern matches the text (see the module documentation); None otherwise. It must name no
/// control character other than tab, line feed and carriage return (they stand for non-ASCII
/// characters in projected text), no non-ASCII character but symbols and punctuation (not word,
/// space or number characters; at most one per byte of [`NAMED`]), and use no Unicode class,
/// POSIX class, class operation, special word boundary or `u` or `R` flag. A pattern naming `_` is projectable for
/// text without non-ASCII word characters.
fn projectable(ast: &Ast) -> Option<Names> {
    let mut names = Names::default();
    walk(ast, &mut names).then_some(())?;
    (names.named.len() <= NAMED.len()).then_some(names)
}

/// Rewrites the syntax tree of a [`projectable`] pattern that is case-insensitive throughout (it
/// starts by setting `i` and never clears it) to match, with ASCII rules and case-sensitively, the
/// text with its ASCII letters lowered exactly where the pattern matches the text; false (and
/// `ast` untouched) for other patterns. With ASCII rules `(?i)` matches a letter to its two ASCII
/// cases only, so on lowered text each literal letter is its lower case, and a class is its
/// characters with upper-case letters lowered (a class holds both cases of a letter or neither
/// under `(?i)`, negated classes included; lowered text holds no upper-case letter). Perl
/// classes, `.`, and assertions match lowered text as they match the text. The rewrite is
/// cheaper to compile: each letter is one byte instead of a class of two.
fn lower_case(ast: &mut Ast) -> bool {
    let first = match &*ast {
        Ast::Concat(c) => c.asts.first(),
        Ast::Alternation(a) => match a.asts.first() {
            Some(Ast::Concat(c)) => c.asts.first(),
            first => first,
        },
        other => Some(other),
    };
    let starts_caseless = matches!(first, Some(Ast::Flags(f)) if f.flags.flag_state(ast::Flag::CaseInsensitive) == Some(true));
    if !starts_caseless || clears_case_insensitive(ast) {
        return false;
    }
    lower_ast(ast);
    true
}

/// Whether a flag group of `ast` clears `i`.
fn clears_case_insensitive(ast: &Ast) -> bool {
    let clears = |f: &ast::Flags| f.flag_state(ast::Flag::CaseInsensitive) == Some(false);
    match ast {
        Ast::Flags(f) => clears(&f.flags),
        Ast::Group(g) => g.flags().is_some_and(clears) || clears_case_insensitive(&g.ast),
        Ast::Repetition(r) => clears_case_insensitive(&r.ast),
        Ast::Alternation(a) => a.asts.iter().any(clears_case_insensitive),
        Ast::Concat(c) => c.asts.iter().any(clears_case_insensitive),
        _ => false,
    }
}

/// [`lower_case`] once the pattern is known to be case-insensitive throughout: `i` removed from
/// its flags, its letters lowered.
fn lower_ast(ast: &mut Ast) {
    let drop_i = |f: &mut ast::Flags| {
        if let Some(k) = f
            .items
            .iter()
            .position(|i| i.kind == ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive))
        {
            f.items.remove(k);
        }
    };
    match ast {
        Ast::Flags(f) => drop_i(&mut f.flags),
        Ast::Literal(l) => lower_literal(l),
        Ast::ClassBracketed(c) => lower_class(&mut c.kind),
        Ast::Repetition(r) => lower_ast(&mut r.ast),
        Ast::Group(g) => {
            if let ast::GroupKind::NonCapturing(f) = &mut g.kind {
                drop_i(f);
            }
            lower_ast(&mut g.ast);
        }
        Ast::Alternation(a) => a.asts.iter_mut().for_each(lower_ast),
        Ast::Concat(c) => c.asts.iter_mut().for_each(lower_ast),
        _ => {}
    }
}

fn lower_literal(l: &mut ast::Literal) {
    if l.c.is_ascii_uppercase() {
        l.c = l.c.to_ascii_lowercase();
        l.kind = ast::LiteralKind::Verbatim;
    }
}

fn lower_class(set: &mut ClassSet) {
    if let ClassSet::Item(item) = set {
        lower_class_item(item);
    }
}

fn lower_class_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Literal(l) => lower_literal(l),
        ClassSetItem::Bracketed(c) => lower_class(&mut c.kind),
        ClassSetItem::Union(u) => u.items.iter_mut().for_each(lower_class_item),
        ClassSetItem::Range(r) => {
            let (a, b) = (r.start.c, r.end.c);
            if b < 'A' || a > 'Z' {
                return;
            }
            // The range's characters before `A`, after `Z`, and its upper-case letters lowered.
            let piece = |from: char, to: char| {
                let mut range = r.clone();
                range.start.c = from;
                range.start.kind = ast::LiteralKind::Verbatim;
                range.end.c = to;
                range.end.kind = ast::LiteralKind::Verbatim;
                ClassSetItem::Range(range)
            };
            let mut items = Vec::new();
            if a < 'A' {
                items.push(piece(a, '@'));
            }
            items.push(piece(
                a.max('A').to_ascii_lowercase(),
                b.min('Z').to_ascii_lowercase(),
            ));
            if b > 'Z' {
                items.push(piece('[', b));
            }
            *item = ClassSetItem::Union(ast::ClassSetUnion {
                span: r.span,
                items,
            });
        }
        _ => {}
    }
}

/// Replaces each literal non-ASCII character of a [`projectable`] pattern's syntax tree by the
/// byte of [`NAMED`] standing for it (`named[i]` by `NAMED[i]`), as if the pattern named that
/// byte instead: what the pattern compiled with ASCII rules must match in projected text.
/// Projectable patterns name non-ASCII characters only as literals, in or out of classes (class
/// ranges are ASCII).
fn substitute(ast: &mut Ast, named: &[char]) {
    match ast {
        Ast::Literal(l) => substitute_literal(l, named),
        Ast::ClassBracketed(c) => substitute_class(&mut c.kind, named),
        Ast::Repetition(r) => substitute(&mut r.ast, named),
        Ast::Group(g) => substitute(&mut g.ast, named),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(|a| substitute(a, named)),
        Ast::Concat(c) => c.asts.iter_mut().for_each(|a| substitute(a, named)),
        _ => {}
    }
}

fn substitute_class(set: &mut ClassSet, named: &[char]) {
    match set {
        ClassSet::Item(ClassSetItem::Literal(l)) => substitute_literal(l, named),
        ClassSet::Item(ClassSetItem::Bracketed(c)) => substitute_class(&mut c.kind, named),
        ClassSet::Item(ClassSetItem::Union(u)) => {
            for item in &mut u.items {
                match item {
                    ClassSetItem::Literal(l) => substitute_literal(l, named),
                    ClassSetItem::Bracketed(c) => substitute_class(&mut c.kind, named),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn substitute_literal(l: &mut ast::Literal, named: &[char]) {
    if let Some(k) = named.iter().position(|&c| c == l.c) {
        l.c = char::from(NAMED[k]);
        l.kind = ast::LiteralKind::Verbatim;
    }
}

/// What a pattern names that projection must know of.
#[derive(Default)]
struct Names {
    /// Non-ASCII characters, each given a byte of [`NAMED`].
    named: Vec<char>,
    /// `_`, alone or in a range.
    underscore: bool,
}

/// Whether a literal character may appear in a projectable pattern; non-ASCII ones and `_` are
/// recorded in `names`.
fn literal(c: char, names: &mut Names) -> bool {
    if c.is_ascii() {
        names.underscore |= c == '_';
        return (c >= ' ' || matches!(c, '\t' | '\n' | '\r')) && c != '\x7F';
    }
    let symbol = !regex_syntax::is_word_character(c) && !c.is_whitespace() && !c.is_numeric();
    if symbol && !names.named.contains(&c) {
        names.named.push(c);
    }
    symbol
}

fn walk(ast: &Ast, names: &mut Names) -> bool {
    match ast {
        Ast::Empty(_) | Ast::Dot(_) | Ast::ClassPerl(_) => true,
        Ast::Flags(f) => flags(&f.flags),
        Ast::Literal(l) => literal(l.c, names),
        Ast::Assertion(a) => matches!(
            a.kind,
            ast::AssertionKind::StartLine
                | ast::AssertionKind::EndLine
                | ast::AssertionKind::StartText
                | ast::AssertionKind::EndText
                | ast::AssertionKind::WordBoundary
                | ast::AssertionKind::NotWordBoundary
        ),
        Ast::ClassUnicode(_) => false,
        Ast::ClassBracketed(c) => class(&c.kind, names),
        Ast::Repetition(r) => walk(&r.ast, names),
        Ast::Group(g) => g.flags().is_none_or(flags) && walk(&g.ast, names),
        Ast::Alternation(a) => a.asts.iter().all(|a| walk(a, names)),
        Ast::Concat(c) => c.asts.iter().all(|a| walk(a, names)),
    }
}

fn flags(f: &ast::Flags) -> bool {
    f.items.iter().all(|i| {
        !matches!(
            i.kind,
            ast::FlagsItemKind::Flag(ast::Flag::Unicode | ast::Flag::CRLF)
        )
    })
}

fn class(set: &ClassSet, names: &mut Names) -> bool {
    match set {
        ClassSet::BinaryOp(_) => false,
        ClassSet::Item(item) => class_item(item, names),
    }
}

fn class_item(item: &ClassSetItem, names: &mut Names) -> bool {
    match item {
        ClassSetItem::Empty(_) | ClassSetItem::Perl(_) => true,
        ClassSetItem::Literal(l) => literal(l.c, names),
        // An ASCII range without control characters.
        ClassSetItem::Range(r) => {
            let (a, b) = (r.start.c, r.end.c);
            names.underscore |= (a..=b).contains(&'_');
            b.is_ascii() && a >= ' ' && b != '\x7F'
        }
        ClassSetItem::Ascii(_) | ClassSetItem::Unicode(_) => false,
        ClassSetItem::Bracketed(c) => class(&c.kind, names),
        ClassSetItem::Union(u) => u.items.iter().all(|i| class_item(i, names)),
    }
}

/// Whether `c` is `ſ` or the Kelvin sign `K`: the two non-ASCII characters that Unicode simple
/// case folding (`(?i)`) matches to ASCII letters (`s` and `k`).
pub fn char_folds_to_ascii(c: char) -> bool {
    matches!(c, '\u{17F}' | '\u{212A}')
}

/// Whether `text` holds a character that [`char_folds_to_ascii`]. Prefilters that look for words
/// with ASCII case-insensitive matching must let such text through.
pub fn folds_to_ascii(text: &str) -> bool {
    // Both are non-ASCII: ASCII text (most lines) holds neither.
    has_non_ascii(text.as_bytes()) && folds_in(text.as_bytes())
}

/// [`folds_to_ascii`] of text with a non-ASCII byte.
#[cold]
#[inline(never)]
fn folds_in(b: &[u8]) -> bool {
    memchr::memchr2_iter(0xC5, 0xE2, b).any(|i| match b[i] {
        0xC5 => b.get(i + 1) == Some(&0xBF),
        _ => b.get(i + 1..i + 3) == Some(&[0x84, 0xAA][..]),
    })
}

/// Whether `b` holds a control byte other than `\t`..`\r` (`0x00..=0x08`, `0x0E..=0x1F`; the
/// bytes of [`NAMED`] are among them), eight bytes at a time as [`has_non_ascii`] reads them.
fn has_control(b: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte of `x` below 0x20 and not in `\t`..`\r` (no byte borrows from the
    // next: each operand byte has bit 7 clear or is offset by 0x80).
    let control = |x: u64| {
        let y = x & !HI;
        let below_space = (0x9F * LO - y) & HI;
        let tab_to_cr = ((y | HI) - 0x09 * LO) & ((0x0D + 0x80) * LO - y) & HI;
        below_space & !tab_to_cr & !x & HI
    };
    let n = b.len();
    if n < 8 {
        return b.iter().any(|&c| c < 0x20 && !(b'\t'..=b'\r').contains(&c));
    }
    let word = |i: usize| {
        b.get(i..i + 8)
            .map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
    };
    let mut acc = control(word(n - 8));
    let mut i = 0;
    while i + 8 < n {
        acc |= control(word(i));
        i += 8;
    }
    acc != 0
}

/// Whether `b` holds a byte `0x80..=0xFF`: its bytes or'ed eight at a time (the last eight
/// overlapping the ones before; the first and last four, or three bytes, for shorter text),
/// without a branch per byte or an early exit.
pub(crate) fn has_non_ascii(b: &[u8]) -> bool {
    let n = b.len();
    let word = |i: usize| {
        b.get(i..i + 8)
            .map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
    };
    let acc = if n >= 8 {
        let mut acc = word(n - 8);
        let mut i = 0;
        while i + 8 < n {
            acc |= word(i);
            i += 8;
        }
        acc
    } else if n >= 4 {
        let half = |i: usize| {
            b.get(i..i + 4)
                .map_or(0, |w| u32::from_le_bytes(w.try_into().unwrap_or_default()))
        };
        u64::from(half(0) | half(n - 4))
    } else if n > 0 {
        u64::from(b[0] | b[n / 2] | b[n - 1])
    } else {
        0
    };
    acc & 0x8080_8080_8080_8080 != 0
}

/// Checks against the regex crate, for the tests of the modules using [`AsciiRegex`].
#[cfg(test)]
pub(crate) mod check {
    use super::AsciiRegex;
    use regex::Regex;

    /// Fails unless `re` finds what the regex crate finds in each of `texts`, and in each text
    /// made from them by inserting or substituting, at each position, a character that ASCII
    /// rules would see otherwise (letters, marks, digits and spaces that are not ASCII, symbols
    /// a pattern may name, `ſ`, and the bytes that projected text uses).
    pub fn agrees_with_regex_crate(re: &AsciiRegex, texts: &[&str]) {
        assert!(re.has_ascii_form(), "{} has no ASCII form", re.as_str());
        let expected = Regex::new(re.as_str()).unwrap();
        let others = [
            "é", "\u{300}", "Ω", "٣", "½", "\u{a0}", "\u{2003}", "—", "–", "’", "“", "€", "…",
            "🚀", "\u{17f}", "\u{212a}", "_", "\x01", "\x02", "\x0b",
        ];
        for text in texts {
            let at: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for (k, &i) in at.iter().enumerate() {
                let next = at.get(k + 1).copied().unwrap_or(i);
                for c in others {
                    for t in [
                        format!("{}{c}{}", &text[..i], &text[i..]),
                        format!("{}{c}{}", &text[..i], &text[next..]),
                    ] {
                        let ours: Vec<Vec<_>> =
                            re.captures_iter(&t).map(|c| c.spans.clone()).collect();
                        let theirs: Vec<Vec<_>> = expected
                            .captures_iter(&t)
                            .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
                            .collect();
                        assert_eq!(ours, theirs, "{} on {t:?}", re.as_str());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn projectable_pattern(pattern: &str) -> Option<Names> {
        projectable(&ast::parse::Parser::new().parse(pattern).unwrap())
    }

    /// Fails unless `re` finds what the regex crate finds in `text`, groups included.
    fn assert_same(re: &AsciiRegex, text: &str) {
        let expected = Regex::new(re.as_str()).unwrap();
        let ours: Vec<Vec<_>> = re.captures_iter(text).map(|c| c.spans.clone()).collect();
        let theirs: Vec<Vec<_>> = expected
            .captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
            .collect();
        assert_eq!(ours, theirs, "{} on {text:?}", re.as_str());
        assert_eq!(re.is_match(text), expected.is_match(text));
        assert_eq!(re.find(text), expected.find(text).map(|m| m.range()));
    }

    #[test]
    fn matches_as_the_regex_crate_does() {
        let patterns = [
            r"(?i)\b(?:it|we)\s+(?:\w+ly\s+)?[^.;]{1,12}?\bhad\b",
            r"(?i)\bna\w+\b",
            r"don[’']t|(?P<dash>\s[-–—]\s)|\W+\w",
            r"(?x) \d{1,3} \s? (?:%|percent) | [$€£¥₦]\s?\d[\d,.]*",
            r"^\W*(?:ERROR|Traceback)\b|.{2}\bx$",
            r"(?i)\bstart\b.{0,5}?:\s*(?P<v>\S+)",
        ];
        let texts = [
            "We badly thought it had. we had",
            "a naïve plan — the naive one; NAÏVE",
            "don’t don't: a – b — c - d éé",
            "15% of 20 percent, €12,000 and $ 5",
            "» ERROR: x; ✓Traceback é x",
            "Start →: 10:00\u{a0}UTC; START\u{2003}: ok",
            // Only the Unicode form: `ſ`, the Kelvin sign, non-ASCII digits, control bytes.
            "\u{17f}tart: 1 \u{212a} x",
            "١٢٣% of users",
            "a \x02 b – c",
        ];
        for p in patterns {
            let re = AsciiRegex::new(p);
            assert!(re.ascii().is_some(), "{p} has an ASCII form");
            for t in texts {
                assert_same(&re, t);
            }
            check::agrees_with_regex_crate(&re, &texts[..6]);
        }
        assert_eq!(
            AsciiRegex::new(r"(?i)\bna\w+\b").find("a naïve plan"),
            Some(2..8)
        );
    }

    #[test]
    fn anchored_searches_at_every_start_find_the_leftmost_match() {
        let patterns = [
            r"(?i)\b(?:the\s+)?(?:cause|reason)\b",
            r"don[’']t|(?P<dash>\s[-–—]\s)|\W+\w",
            r"\bna\w+\b",
        ];
        let texts = [
            "The cause — a naïve reason; the\u{a0}REASON don’t",
            "é the cause, naïve – x; éthe cause; the_cause",
            "nothing",
            "",
        ];
        for p in patterns {
            let re = AsciiRegex::new(p);
            let expected = Regex::new(p).unwrap();
            for t in texts {
                let every: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
                assert_eq!(
                    re.find_at_starts(t, &every),
                    expected.find(t).map(|m| m.range()),
                    "{p} on {t:?}"
                );
                for &i in &every {
                    let want = expected.find_at(t, i).filter(|m| m.start() == i);
                    assert_eq!(
                        re.find_at_starts(t, &[i]),
                        want.map(|m| m.range()),
                        "{p} on {t:?} at {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn case_insensitive_patterns_run_lowered() {
        let lowered = [
            r"(?i)[A-Fx-z]+ERROR\b|[^A-Z]{2}Q",
            r"(?ix) [@-\]]{2} \x51 | (?i:b[^\W_]) | [^a-cK] \w",
            r"(?i)(?:Start|END)\s*[–:]\s*(?P<v>[0-9A-Z]+)|(?i:x)Y",
            r"(?i)a|B(?:c|D)|[^\sA-Y]",
        ];
        let not = [r"(?i)a(?-i)B", r"(?i:a)B", r"a(?i)b", r"(?x)(?i)b"];
        let texts = [
            "Start – 10AM; END: zz9 ERROR abcERROR FfERRORx",
            "@[Q ]\\Q bX B_ k9 K\u{212a}x xy XY",
            "AbcD aBd é é–É bD",
        ];
        for p in lowered {
            let re = AsciiRegex::new(p);
            assert!(re.ascii().unwrap().lowered, "{p} runs lowered");
            for t in texts {
                assert_same(&re, t);
            }
            check::agrees_with_regex_crate(&re, &texts);
        }
        for p in not {
            let re = AsciiRegex::new(p);
            assert!(!re.ascii().unwrap().lowered, "{p} runs as written");
            check::agrees_with_regex_crate(&re, &texts);
        }
    }

    #[test]
    fn patterns_without_an_exact_ascii_form_use_unicode_rules() {
        for p in [r"\p{Greek}+", r"é", r"[[:alpha:]]", r"(?-u:\w)", r"\x01"] {
            assert!(projectable_pattern(p).is_none(), "{p}");
            let re = AsciiRegex::new(p);
            for t in ["αβγ abc", "a_b é Z"] {
                if p != r"(?-u:\w)" {
                    assert_same(&re, t);
                }
            }
        }
        // `_` cannot stand for non-ASCII word characters in these: such text gets Unicode rules.
        for p in [r"[_a-z]+", r"[A-z]+", r"\w+_\w+"] {
            let re = AsciiRegex::new(p);
            assert!(projectable_pattern(p).is_some_and(|n| n.underscore), "{p}");
            check::agrees_with_regex_crate(&re, &["a_b Z", "x_yz — w"]);
        }
    }

    #[test]
    fn non_ascii_bytes_are_found_at_every_length_and_place() {
        for n in 0..40 {
            let ascii = "a".repeat(n);
            assert!(!has_non_ascii(ascii.as_bytes()), "{n}");
            for at in 0..n {
                let mut b = ascii.clone().into_bytes();
                b[at] = 0x80 | (at as u8);
                assert!(has_non_ascii(&b), "{n} {at}");
            }
        }
    }

    #[test]
    fn control_bytes_are_found_at_every_length_and_place() {
        for n in 0..24 {
            for fill in [b'a', b' ', 0x80, 0xFF, b'\t', b'\r'] {
                let text = vec![fill; n];
                assert!(!has_control(&text), "{n} {fill}");
                for at in 0..n {
                    for c in 0..=255u8 {
                        let mut b = text.clone();
                        b[at] = c;
                        let want = c < 0x20 && !(b'\t'..=b'\r').contains(&c);
                        assert_eq!(has_control(&b), want, "{n} {at} {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn folding_characters_are_found() {
        assert!(folds_to_ascii("carele\u{17f}\u{17f}"));
        assert!(folds_to_ascii("5 \u{212a}"));
        assert!(!folds_to_ascii("naïve → café ✓ Ł"));
    }
}
