//! The whole lint of arbitrary bytes: decoding, parsing, every fact, every rule (default
//! profile) and every output format. Fails on any panic, and on any finding whose span is not a
//! range of the text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pmlint::output::{self, FileReport, Format};
use pmlint::profile::Profile;
use pmlint::{lint, Settings, SourceFile};
use std::sync::LazyLock;

static SETTINGS: LazyLock<Settings> =
    LazyLock::new(|| Settings::new(Profile::built_in("default").expect("built-in profile")));

fuzz_target!(|data: &[u8]| {
    let source = SourceFile::from_bytes("fuzz.md", data);
    let diagnostics = lint(&source, None, &SETTINGS);
    let text = &source.text;
    for d in &diagnostics {
        let spans = std::iter::once(&d.span)
            .chain(d.related.iter().map(|(s, _)| s))
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &e.span)));
        for s in spans {
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "{} span {s:?} outside the text ({} bytes)",
                d.rule.code,
                text.len()
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{} span {s:?} splits a character",
                d.rule.code
            );
        }
    }
    let reports = [FileReport {
        source,
        diagnostics,
    }];
    for format in [Format::Human, Format::Short, Format::Json] {
        let mut out = Vec::new();
        output::write(format, &reports, false, &mut out).expect("writing to memory");
    }
});
