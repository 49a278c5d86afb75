//! PM106 template-placeholder: template text left in the postmortem.

use crate::facts::ascii_regex::{folds_to_ascii, AsciiRegex};
use crate::facts::images::normalize_label;
use crate::facts::word::WordSet;
use crate::facts::Postmortem;
use crate::parse::BlockKind;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use std::sync::LazyLock;

pub static META: RuleMeta = RuleMeta {
    code: "PM106",
    name: "template-placeholder",
    summary: "template text left in: `{X hours Y minutes}`, `[Insert …]`, `YYYY-MM-DD`, `XX:XX`, Lorem ipsum, task text",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM106.md"),
    options: &[],
};

/// What a `[…]` placeholder is called in labels.
const BRACKETED: &str = "a bracketed template field";

/// Whether `[label]` is a shortcut reference link to a definition (`[label]: https://…`).
fn is_reference(pm: &Postmortem, bracketed: &str) -> bool {
    let Some(inner) = bracketed
        .trim()
        .strip_prefix('[')
        .and_then(|s| s.split(']').next())
    else {
        return false;
    };
    let label = normalize_label(inner);
    pm.definitions.iter().any(|d| d.label == label)
}

/// What the ALX 0x19 task text copied into a postmortem is called in labels.
const TASK_TEXT: &str = "the task's requirement text";

/// The words that may start a `{…}` template field, without regard to case, after the letters
/// `XYNZH` that start the regex's case-sensitive `X`, `Y`, `N`, `Z`, `YYYY` and `HH` (and
/// its `your`, `name` and `number`) in either case.
static FIELD_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "insert", "enter", "add", "describe", "fill", "date", "time", "start", "end", "duration",
        "service", "team", "owner", "summary", "impact", "link", "url",
    ])
});
/// The words that may start a `[…]` template field: every alternative of its regex starts with
/// one (`add a`, `fill in`, `time zone` …).
static BRACKET_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "insert your enter add describe fill include write placeholder company service \
        product team name link date time start end duration number percentage url owner tbd todo";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
/// The words that may start a `<…>` template field.
static ANGLE_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&["insert", "your", "enter", "fill", "describe"]));
/// The words of the ALX task text (each right after white space in the regex).
static TASK_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(&["often", "short", "very"]));

/// A placeholder pattern, what it stands for, and when a line may hold it.
struct Placeholder {
    regex: AsciiRegex,
    what: &'static str,
    /// False only when `regex` cannot match the line: each test looks for text that every match
    /// contains (see the comment at each).
    may_match: fn(&Clues) -> bool,
    /// Bits of [`CLUE_BYTES`] ([`clue_bits`]): `may_match` is false on a line holding none of
    /// them (0: no such byte), a test without a call.
    needs: u16,
}

impl Placeholder {
    /// False only when `regex` cannot match the line ([`Placeholder::needs`], then
    /// [`Placeholder::may_match`]).
    fn admits(&self, clues: &Clues) -> bool {
        (self.needs == 0 || clues.bytes & self.needs != 0) && (self.may_match)(clues)
    }
}

/// The bits of `bytes` (each one of [`CLUE_BYTES`]) in [`CLUE_BIT`].
const fn clue_bits(bytes: &[u8]) -> u16 {
    let mut bits = 0;
    let mut i = 0;
    while i < bytes.len() {
        bits |= CLUE_BIT[bytes[i] as usize];
        i += 1;
    }
    bits
}

/// Placeholders, each with what it stands for. Searched in the source text of every block
/// except code (code spans and HTML comments are blanked before). A group named `p`, when
/// present, is the placeholder itself; the rest of the match is context.
static PLACEHOLDERS: [Placeholder; 11] = [
    // {X hours Y minutes}, {YYYY-MM-DD HH:MM}, {service name}, {{ incident.title }}
    Placeholder {
        regex: AsciiRegex::new(r"\{\{[^{}\n]{1,80}\}\}"),
        what: "a template variable",
        may_match: |c| c.has(b'{') && c.has(b'}'),
        needs: clue_bits(b"}"),
    },
    Placeholder {
        regex: AsciiRegex::new(
            r"\{\s*(?:[XYNZ]\b|YYYY|HH|(?i:insert|your|enter|add|describe|fill|date|time|start|end|duration|service|name|team|owner|summary|impact|number|link|url)\b)[^{}\n]{0,60}\}",
        ),
        what: "a template field",
        may_match: |c| {
            c.has(b'}')
                && c.opens_with(
                    b'{',
                    |rest| {
                        rest.first().is_some_and(|b| b"XYNZHxynzh".contains(b))
                            || FIELD_WORDS.starts(rest)
                    },
                    |_| true,
                )
        },
        needs: clue_bits(b"}"),
    },
    // [Insert …], [Your name], [Company Name], [Date]; not a link, a reference or a task box.
    Placeholder {
        regex: AsciiRegex::new(
            r"\[\s*(?i:insert|your|enter|add\s+(?:a|an|the|your|link|details|description)|describe|fill\s+in|include|write|placeholder|company(?:\s+name)?|service\s+name|product\s+name|team\s+name|name\s+of|link\s+to|date|time|start\s+time|end\s+time|duration|timezone|time\s+zone|name|link|url|number|percentage|owner|tbd|todo)\b[^\]\n]{0,60}\](?:[^(\[:]|$)",
        ),
        what: BRACKETED,
        // The field is closed by the first `]` after the `[` (the field holds no `]` and no line
        // break), which is not followed by `(`, `[` or `:`.
        may_match: |c| {
            c.has(b']')
                && c.opens_with(
                    b'[',
                    |rest| BRACKET_WORDS.starts(rest),
                    |rest| {
                        memchr::memchr2(b']', b'\n', rest).is_some_and(|j| {
                            rest[j] == b']' && !matches!(rest.get(j + 1), Some(b'(' | b'[' | b':'))
                        })
                    },
                )
        },
        needs: clue_bits(b"]"),
    },
    Placeholder {
        regex: AsciiRegex::new(r"<\s*(?i:insert|your|enter|fill\s+in|describe)\b[^<>\n]{0,60}>"),
        what: "a template field",
        may_match: |c| c.has(b'>') && c.opens_with(b'<', |rest| ANGLE_WORDS.starts(rest), |_| true),
        needs: clue_bits(b">"),
    },
    // Date and time masks.
    Placeholder {
        regex: AsciiRegex::new(
            r"\b(?:YYYY|yyyy)[-/.](?:MM|mm)[-/.](?:DD|dd)\b|\b(?:DD|dd)[-/.](?:MM|mm)[-/.](?:YYYY|yyyy)\b|\b(?:MM|mm)[-/.](?:DD|dd)[-/.](?:YYYY|yyyy)\b",
        ),
        what: "a date mask",
        may_match: |c| (c.has(b'Y') && c.contains(b"YYYY")) || (c.has(b'y') && c.contains(b"yyyy")),
        needs: clue_bits(b"Yy"),
    },
    Placeholder {
        regex: AsciiRegex::new(
            r"\b(?:HH|hh|XX|xx):(?:MM|mm|XX|xx)(?::(?:SS|ss|XX|xx))?\b|\b\d{1,2}:\?\?|\[\?{2,}\]",
        ),
        what: "a time mask",
        // `HH:` or `??`.
        may_match: |c| {
            (c.has(b'?') && c.contains(b"??"))
                || (c.has(b':')
                    && memchr::memchr_iter(b':', c.text.as_bytes()).any(|i| {
                        i >= 2
                            && matches!(&c.text.as_bytes()[i - 2..i], b"HH" | b"hh" | b"XX" | b"xx")
                    }))
        },
        needs: clue_bits(b"?:"),
    },
    // ?mins, ??%, ?? of ??, X% of users, N requests
    Placeholder {
        regex: AsciiRegex::new(
            r"(?:^|[\s(])\?{1,3}\s?(?:mins?|minutes|hours?|hrs?|%)(?:\W|$)|\?\?\s*%|\?\?\s+of\s+\?\?",
        ),
        what: "a number left as `?`",
        may_match: |c| c.has(b'?'),
        needs: clue_bits(b"?"),
    },
    Placeholder {
        regex: AsciiRegex::new(
            r"\b(?:X{1,3}|N)\s?%|\b(?:X{1,3}|N)\s+(?:users|customers|requests|minutes|mins|hours|hrs|seconds|errors|percent)\b|\bT\+X\b",
        ),
        what: "a number left as `X`",
        // `T+X`, or an `X` or `N` followed by white space (perhaps none) and `%`, or by white
        // space and a noun.
        may_match: |c| {
            (c.has(b'+') && c.contains(b"T+X"))
                || ((c.has(b'X') || c.has(b'N')) && c.x_then_percent_or_noun())
        },
        needs: clue_bits(b"+XN"),
    },
    Placeholder {
        regex: AsciiRegex::new(r"(?i)\blorem\s+ipsum\b"),
        what: "filler text",
        // `(?i)` matches none of these letters to a non-ASCII character.
        may_match: |c| c.doc.lorem && c.contains_caseless(b"lorem"),
        needs: clue_bits(b""),
    },
    // The ALX 0x19 task text copied in: "Issue Summary (that is often what executives will
    // read) must contain:", "Timeline (format bullet point, format: time - keep it short, 1 or
    // 2 sentences) must contain:".
    Placeholder {
        regex: AsciiRegex::new(
            r"(?i)\b(?:summary|timeline|root\s+cause|resolution|corrective|preventative|preventive|measures)\b.{0,120}?\b(?P<p>must\s+contain\s*:?)\s*$",
        ),
        what: TASK_TEXT,
        // The line ends with `contain`, then white space and `:` (`(?i)` matches none of its
        // letters to a non-ASCII character).
        may_match: |c| {
            c.doc.contain && {
                let end = c
                    .text
                    .as_bytes()
                    .iter()
                    .rposition(|&b| !is_space(b) && b != b':');
                end.is_some_and(|e| {
                    e + 1 >= 7 && c.text.as_bytes()[e + 1 - 7..=e].eq_ignore_ascii_case(b"contain")
                })
            }
        },
        needs: clue_bits(b""),
    },
    Placeholder {
        regex: AsciiRegex::new(
            r"(?i)\(that\s+is\s+often\s+what\s+executives\s+will\s+read\)|keep\s+it\s+short,\s*1\s+or\s+2\s+sentences|be\s+very\s+specific,\s+like\s+a\s+todo",
        ),
        what: TASK_TEXT,
        // `(` or `,`, and `often`, `short` or `very` at a word start (first found anywhere in
        // the document). `ſ` may stand for the `s` of `short`.
        may_match: |c| {
            c.doc.task_phrases
                && (c.has(b'(') || c.has(b','))
                && ({
                    let mut found = false;
                    TASK_WORDS.find(c.text, |_, _| found = true);
                    found
                } || (c.doc.folds && folds_to_ascii(c.text)))
        },
        needs: clue_bits(b"(,"),
    },
];

/// The bytes [`Clues::has`] knows about, each with its bit.
const CLUE_BYTES: &[u8] = b"{}[]<>?:%+XNYy(,";
static CLUE_BIT: [u16; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < CLUE_BYTES.len() {
        t[CLUE_BYTES[i] as usize] = 1 << i;
        i += 1;
    }
    t
};

/// What the whole document holds: which placeholders may match in some line, and whether it
/// holds rare words. A line's text is source text with some bytes blanked to spaces, so text
/// without white space in a line is also in the source: each test below looks in the source for
/// text without white space that every match contains, and rules out no line the regex matches.
struct DocClues {
    /// Bit `i` set when `PLACEHOLDERS[i]` may match in some line.
    possible: u16,
    lorem: bool,
    contain: bool,
    /// The source holds `(that`, `short,` or `specific,` (lowered), text every match of the last
    /// placeholder holds, or `ſ` or the Kelvin sign.
    task_phrases: bool,
    /// The source holds `ſ` or the Kelvin sign ([`folds_to_ascii`]); when false, no line does.
    folds: bool,
    /// Sorted source offsets of the bytes that the possible placeholders need
    /// ([`Placeholder::needs`]): a line whose source holds none of them holds none in its text
    /// (which is source text with some bytes blanked to spaces), so no placeholder admits it
    /// and it is not read. None when every line is read: some possible placeholder needs bytes
    /// common in prose (`y`, `:`, `,`) or none.
    hits: Option<Vec<usize>>,
}

/// The texts [`DocClues::of`] looks for in the source with ASCII letters lowered, in one pass
/// (bit `i` of its mask for `DOC_TEXTS[i]`). No two overlap unless equal (no suffix of one is a
/// prefix of another, none holds another), so a non-overlapping search misses none that occurs,
/// save overlapping `yyyy`, handled where it is found.
///
/// Each at least three bytes long, so that the search's SIMD prefilter looks at three bytes
/// (two would let common pairs such as `co` and `sh` through): `??` and `ſ` are looked for on
/// their own.
const DOC_TEXTS: [&str; 9] = [
    "yyyy",
    "hh:",
    "xx:",
    "lorem",
    "contain",
    "(that",
    "short,",
    "specific,",
    // The Kelvin sign ([`folds_to_ascii`]): lowering leaves it as it is.
    "\u{212A}",
];

static DOC_FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    // Leftmost-first (the same matches here, as none overlap) lets the search use its SIMD
    // prefilter, which standard semantics rule out.
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(DOC_TEXTS)
        .expect("a few short literal texts")
});

impl DocClues {
    /// `source`: the document's text. Whether it holds `ſ` or the Kelvin sign is found here.
    fn of(source: &str) -> Self {
        let b = source.as_bytes();
        let has = |c: u8| memchr::memchr(c, b).is_some();
        // `}`, `[` and `>` in one pass, collecting where they are (for brackets, the `[` that
        // may open a field, [`may_open_field`]; most open links and task boxes), and `?`, `X`
        // and `N` in another. The other byte of each pair is looked for only when needed.
        let mut hits = Vec::new();
        let (mut close_brace, mut open_field, mut close_angle) = (false, false, false);
        for i in memchr::memchr3_iter(b'}', b'[', b'>', b) {
            match b[i] {
                b'}' => close_brace = true,
                b'>' => close_angle = true,
                // A field's words may be written with `ſ` or the Kelvin sign, but then every
                // line is read (see `hits` below): only whether there is one matters.
                _ if may_open_field(b, i) => open_field = true,
                _ => continue,
            }
            hits.push(i);
        }
        let braces = close_brace && has(b'{');
        let brackets = open_field && has(b']');
        let angles = close_angle && has(b'<');
        if !(braces || brackets || angles) {
            hits.clear();
        } else if !(braces && brackets && angles) {
            // Only the bytes of pairs whose other byte occurs too.
            hits.retain(|&i| match b[i] {
                b'}' => braces,
                b'>' => angles,
                _ => brackets,
            });
        }
        // `?`, `X` and `N` in one more pass. An `X` or `N` counts only where the `X users`
        // placeholder may use it ([`may_be_number_x`]): most are letters of words (`Nginx`).
        let (mut question, mut x_or_n) = (false, false);
        for i in memchr::memchr3_iter(b'?', b'X', b'N', b) {
            if b[i] != b'?' && !may_be_number_x(b, i) {
                continue;
            }
            question |= b[i] == b'?';
            x_or_n |= b[i] != b'?';
            hits.push(i);
        }
        // The source with ASCII letters lowered (what `to_ascii_lowercase` gives), by a loop
        // without a branch per byte, which the compiler turns into 16-byte steps.
        let lower: Vec<u8> = b
            .iter()
            .map(|&c| c | u8::from(c.wrapping_sub(b'A') < 26) << 5)
            .collect();
        let lower = &lower[..];
        let mut seen = 0u16;
        // `YYYY` or `yyyy`: where the lowered source holds `yyyy`, at every position of the run
        // of `y` of either case from there (overlapping ones too: `yYYYY` holds `YYYY` at 1).
        let mut years = false;
        let mut run_checked = 0;
        for m in DOC_FINDER.find_iter(lower) {
            let at = m.start();
            if m.pattern().as_usize() != 0 {
                seen |= 1 << m.pattern().as_usize();
            } else if !years && at >= run_checked {
                let mut q = at;
                while lower.get(q..q + 4) == Some(b"yyyy") {
                    years |= matches!(&b[q..q + 4], b"YYYY" | b"yyyy");
                    q += 1;
                }
                run_checked = q;
            }
        }
        let found = |texts: &[&str]| {
            texts.iter().any(|t| {
                DOC_TEXTS
                    .iter()
                    .position(|d| d == t)
                    .is_some_and(|i| seen >> i & 1 != 0)
            })
        };
        // `ſ` is C5 BF in UTF-8, and C5 starts few other characters.
        let folds = found(&["\u{212A}"])
            || memchr::memchr_iter(0xC5, b).any(|i| b.get(i + 1) == Some(&0xBF));
        // `HH:`, `hh:`, `XX:` or `xx:` (and their mixed-case forms).
        let clock_mask = found(&["hh:", "xx:"]);
        let lorem = found(&["lorem"]);
        let contain = found(&["contain"]);
        let task_phrases = folds || found(&["(that", "short,", "specific,"]);
        let brackets = brackets || (folds && has(b']') && has(b'['));
        let marks = question && memchr::memmem::find(b, b"??").is_some();
        let possible = [
            braces,
            braces,
            brackets,
            angles,
            years,
            marks || clock_mask,
            question,
            // `T+X` holds an `X`.
            x_or_n,
            lorem,
            contain,
            task_phrases,
        ]
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &p)| acc | u16::from(p) << i);
        // `Yy`, `:` (a clock mask) and `(,` are common in prose; `lorem` and `contain` need no
        // byte. `T+X` holds an `X`, so `X` and `N` stand for the `+XN` of the `X users`
        // placeholder; `?` for the `?:` of a time mask written with `??`.
        let hits = (!(years || clock_mask || lorem || contain || task_phrases)).then(|| {
            hits.sort_unstable();
            hits
        });
        DocClues {
            possible,
            lorem,
            contain,
            task_phrases,
            folds,
            hits,
        }
    }
}

/// Whether the `[` at `i` of `source` may open a field of the bracketed placeholder: after white
/// space (perhaps none, [`skip_space`]) comes one of [`BRACKET_WORDS`], or a byte that may start
/// a code span or HTML comment (`` ` ``, `<`), blanked to spaces in a line's text. (A field
/// written with `ſ` or the Kelvin sign is not seen here.)
fn may_open_field(source: &[u8], i: usize) -> bool {
    let rest = skip_space(&source[i + 1..], false).unwrap_or_default();
    matches!(rest.first(), Some(b'`' | b'<')) || BRACKET_WORDS.starts(rest)
}

/// Whether the `X` or `N` at `i` of `source` may be one that the `X users` placeholder reads
/// ([`Clues::x_then_percent_or_noun`], or the `X` of `T+X`): followed by `%`, by white space
/// ([`is_space`]) or by nothing, or right after `+`. A line's text is the source with code spans
/// and HTML comments blanked to spaces, so the byte after it is also taken for white space when
/// it may start one of them (`` ` ``, `<`).
fn may_be_number_x(source: &[u8], i: usize) -> bool {
    source
        .get(i + 1)
        .is_none_or(|&c| is_space(c) || matches!(c, b'%' | b'`' | b'<'))
        || (source[i] == b'X' && i > 0 && source[i - 1] == b'+')
}

/// What one line holds.
struct Clues<'a> {
    text: &'a str,
    /// Bit `i` set when the line holds `CLUE_BYTES[i]`.
    bytes: u16,
    doc: &'a DocClues,
}

impl<'a> Clues<'a> {
    fn new(text: &'a str, doc: &'a DocClues) -> Self {
        let bytes = text
            .as_bytes()
            .iter()
            .fold(0, |acc, &b| acc | CLUE_BIT[b as usize]);
        Clues { text, bytes, doc }
    }

    /// `b` must be one of [`CLUE_BYTES`].
    fn has(&self, b: u8) -> bool {
        debug_assert!(CLUE_BYTES.contains(&b));
        self.bytes & CLUE_BIT[b as usize] != 0
    }

    fn contains(&self, needle: &[u8]) -> bool {
        memchr::memmem::find(self.text.as_bytes(), needle).is_some()
    }

    fn contains_caseless(&self, needle: &[u8]) -> bool {
        self.text
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    }

    /// Whether an `X` or `N` is followed by white space (perhaps none) and `%`, or by white
    /// space and one of the nouns of the `X users` placeholder (case-sensitive, as there).
    fn x_then_percent_or_noun(&self) -> bool {
        let b = self.text.as_bytes();
        memchr::memchr2_iter(b'X', b'N', b).any(|i| {
            let after = &b[i + 1..];
            let rest = skip_space(after, false).unwrap_or_default();
            rest.starts_with(b"%")
                || (rest.len() < after.len()
                    && [
                        &b"users"[..],
                        b"customers",
                        b"requests",
                        b"minutes",
                        b"mins",
                        b"hours",
                        b"hrs",
                        b"seconds",
                        b"errors",
                        b"percent",
                    ]
                    .iter()
                    .any(|w| rest.starts_with(w)))
        })
    }

    /// Whether `open` occurs followed by white space (perhaps none) and text that `word` is
    /// true of, with `close` true of the text after `open`; or the line holds `ſ` or the Kelvin
    /// sign, which `(?i)` matches to `s` and `k`. `open` must be one of [`CLUE_BYTES`].
    fn opens_with(
        &self,
        open: u8,
        word: impl Fn(&[u8]) -> bool,
        close: impl Fn(&[u8]) -> bool,
    ) -> bool {
        let b = self.text.as_bytes();
        self.has(open)
            && (memchr::memchr_iter(open, b)
                .any(|i| skip_space(&b[i + 1..], false).is_some_and(&word) && close(&b[i + 1..]))
                || (self.doc.folds && folds_to_ascii(self.text)))
    }
}

/// A byte of white space for the prefilters: ASCII white space, and every byte of a non-ASCII
/// character (a superset of the regex's Unicode `\s`).
fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0B || b >= 0x80
}

/// `text` after its leading white space ([`is_space`]); None when `required` and there is none.
fn skip_space(text: &[u8], required: bool) -> Option<&[u8]> {
    let gap = text.iter().take_while(|&&b| is_space(b)).count();
    (gap > 0 || !required).then(|| &text[gap..])
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let doc = DocClues::of(&pm.source.text);
    if doc.possible == 0 {
        return;
    }
    // The first of `doc.hits` at or after the start of the line before.
    let (mut next, mut previous) = (0, 0);
    for block in &pm.markdown.blocks {
        if matches!(block.kind, BlockKind::Code | BlockKind::ThematicBreak) {
            continue;
        }
        for line in &block.lines {
            if let Some(hits) = &doc.hits {
                if line.start < previous {
                    next = hits.partition_point(|&h| h < line.start);
                }
                previous = line.start;
                while hits.get(next).is_some_and(|&h| h < line.start) {
                    next += 1;
                }
                if hits
                    .get(next)
                    .is_none_or(|&h| h >= line.start + line.raw().len())
                {
                    continue;
                }
            }
            let clues = Clues::new(line.raw(), &doc);
            let mut found: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
            let mut open = doc.possible;
            while open != 0 {
                let placeholder = &PLACEHOLDERS[open.trailing_zeros() as usize];
                open &= open - 1;
                if !placeholder.admits(&clues) {
                    continue;
                }
                let what = &placeholder.what;
                for c in placeholder.regex.captures_iter(line.raw()) {
                    let Some(m) = c.name("p").or_else(|| c.get(0)) else {
                        continue;
                    };
                    if what == &BRACKETED && is_reference(pm, &line.raw()[m.clone()]) {
                        continue;
                    }
                    // Trim the context characters some patterns match around the placeholder.
                    let text = &line.raw()[m.clone()];
                    let lead = text.len() - text.trim_start_matches([' ', '\t', '(']).len();
                    let mut range = m.start + lead..m.end;
                    let tail = &line.raw()[range.clone()];
                    let kept = tail.trim_end_matches(|c: char| {
                        !(c.is_alphanumeric() || matches!(c, '}' | ']' | '>' | '%' | '?' | ':'))
                    });
                    range.end = range.start + kept.len();
                    if range.is_empty()
                        || found
                            .iter()
                            .any(|(f, _)| f.start < range.end && range.start < f.end)
                    {
                        continue;
                    }
                    found.push((range, what));
                }
            }
            found.sort_by_key(|(rg, _)| rg.start);
            for (range, what) in found {
                let span = line.start + range.start..line.start + range.end;
                // Quoted from the source: `raw` has code spans and comments blanked, and the
                // range ends at characters masking kept, so it is a range of the source too.
                let text = pm
                    .source
                    .text
                    .get(span.clone())
                    .unwrap_or(&line.raw()[range.clone()])
                    .trim()
                    .to_string();
                if what == TASK_TEXT {
                    r.report(span, format!("the task's requirement text `{text}` is copied into the postmortem"))
                        .label(what)
                        .help("remove the task's instructions and write the section itself under a plain title (`## Issue Summary`)");
                } else {
                    r.report(
                        span,
                        format!("template placeholder `{text}` left in the postmortem"),
                    )
                    .label(what)
                    .help("replace the placeholder with the real value, or remove it");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Fails when a placeholder matches `text` but its prefilter rules the line out, or when its
    /// [`AsciiRegex`] finds other matches than the regex crate's `Regex`.
    fn assert_prefilters_keep_matches(text: &str) {
        static REGEXES: std::sync::LazyLock<Vec<Regex>> = std::sync::LazyLock::new(|| {
            PLACEHOLDERS
                .iter()
                .map(|p| Regex::new(p.regex.as_str()).unwrap())
                .collect()
        });
        let doc = DocClues::of(text);
        assert_eq!(doc.folds, folds_to_ascii(text), "{text:?}");
        // A line with a match holds a hit, unless every line is read.
        let hit = doc.hits.as_ref().is_none_or(|h| !h.is_empty());
        let clues = Clues::new(text, &doc);
        for (i, p) in PLACEHOLDERS.iter().enumerate() {
            let matches: Vec<_> = REGEXES[i].find_iter(text).map(|m| m.range()).collect();
            assert!(
                doc.possible & (1 << i) != 0 || matches.is_empty(),
                "placeholder {i} matches {text:?} but the document test rules it out"
            );
            assert!(
                p.admits(&clues) || matches.is_empty(),
                "placeholder {i} matches {text:?} but its prefilter rules it out"
            );
            assert!(
                hit || matches.is_empty(),
                "placeholder {i} matches {text:?} but the line holds no hit"
            );
            let ours: Vec<_> = p.regex.find_iter(text).collect();
            assert_eq!(ours, matches, "placeholder {i} on {text:?}");
        }
    }

    /// Lines with a match of each pattern, and near misses.
    const SAMPLES: &[&str] = &[
        "{{ incident.title }} and { X hours } and {\u{a0}service name}",
        "[ Insert revenue ] [YOUR NAME] [add a link here] [Todo]",
        "< fill in the blanks > <Describe it>",
        "YYYY-MM-DD, dd/mm/yyyy",
        "Yyyy YYYY.MM.DD and YyyyYYYY-MM-DD",
        "at HH:MM, xx:xx:xx, 14:??, [???]",
        "?mins (??% of ?? of ??)",
        "XXX% of users, N requests, X\u{2003}customers, T+X",
        "Nginx at T+X. Networks",
        "NGINX; xXX%; Nx users; N\tusers",
        "LoReM   iPsUm",
        "Issue Summary (that is often what executives will read) must contain: ",
        "Timeline (format: time - keep it short, 1 or 2 sentences) must CONTAIN :\u{a0}",
        "be very specific, like a todo",
        // `ſ` and the Kelvin sign match `s` and `k` under `(?i)`.
        "[in\u{17f}ert here] {\u{17f}tart} be very \u{17f}pecific, li\u{212a}e a todo",
        "keep it \u{17f}hort, 1 or 2 sentences",
    ];

    #[test]
    fn prefilters_keep_every_line_a_placeholder_matches() {
        for text in SAMPLES {
            assert_prefilters_keep_matches(text);
        }
        // Every line of the fixtures and rule docs.
        let mut lines = 0;
        for text in crate::test_texts::shipped_markdown() {
            for line in text.lines() {
                assert_prefilters_keep_matches(line);
                lines += 1;
            }
        }
        assert!(lines > 1000, "{lines} lines read");
    }

    /// The document test ([`DocClues::hits`]) reads a line's bytes in the source: a line's raw
    /// text must be its source text with some bytes blanked to spaces.
    #[test]
    fn raw_text_is_source_text_or_blanks() {
        let profile = crate::profile::Profile::built_in("default").unwrap();
        for text in crate::test_texts::shipped_markdown() {
            let src = crate::source::SourceFile::new("t.md", &text);
            let pm = Postmortem::build(&src, &profile, None);
            for line in pm.markdown.blocks.iter().flat_map(|b| &b.lines) {
                let source = &src.text.as_bytes()[line.start..line.start + line.raw().len()];
                assert!(
                    (line.raw().bytes().zip(source)).all(|(r, &s)| r == s || r == b' '),
                    "{:?} / {:?}",
                    line.raw(),
                    String::from_utf8_lossy(source)
                );
            }
        }
    }

    #[test]
    fn prefilters_rule_out_ordinary_lines() {
        let doc = DocClues::of("");
        for text in [
            "See the [dashboard](https://grafana.example.net/d/login) at 14:00 UTC.",
            "- [x] Roll back release 2024.03.1 (@dana)",
            "Nginx returned 502s to 30% of users, and NOTHING else.",
        ] {
            let clues = Clues::new(text, &doc);
            let open: Vec<_> = (0..PLACEHOLDERS.len())
                .filter(|&i| PLACEHOLDERS[i].admits(&clues))
                .collect();
            assert!(open.is_empty(), "{text:?}: {open:?}");
        }
    }

    #[test]
    fn ascii_forms_agree_with_the_regex_crate() {
        for p in PLACEHOLDERS.iter() {
            crate::facts::ascii_regex::check::agrees_with_regex_crate(&p.regex, SAMPLES);
        }
    }
}
