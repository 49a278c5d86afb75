//! `pmlint completions SHELL` and `pmlint man`: generated at run time from the same clap
//! definition as the parser, so they always match the binary that prints them.

use super::{error, EXIT_CLEAN, EXIT_ERROR};
use std::io::Write;

/// Writes the output of `render` to standard output; a closed pipe is not an error.
fn emit(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> u8 {
    let mut out = std::io::stdout().lock();
    match render(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            error(&format!("cannot write output: {e}"));
            EXIT_ERROR
        }
        _ => EXIT_CLEAN,
    }
}

/// Prints the completion script for `shell` (clap_complete), for the command named `pmlint`.
pub fn completions(shell: clap_complete::Shell, mut cmd: clap::Command) -> u8 {
    emit(|w| {
        clap_complete::generate(shell, &mut cmd, "pmlint", w);
        Ok(())
    })
}

/// Prints the man page `pmlint(1)` in roff: clap_mangen's title, NAME, SYNOPSIS, DESCRIPTION,
/// OPTIONS and VERSION sections, with SUBCOMMANDS (written here, as `pmlint rules` … rather than
/// references to `pmlint-rules(1)` pages that are not shipped) and EXIT STATUS between them.
pub fn man(cmd: clap::Command) -> u8 {
    let subcommands = subcommands_section(&cmd);
    let man = clap_mangen::Man::new(cmd);
    emit(|w| {
        man.render_title(w)?;
        man.render_name_section(w)?;
        man.render_synopsis_section(w)?;
        man.render_description_section(w)?;
        man.render_options_section(w)?;
        w.write_all(subcommands.as_bytes())?;
        w.write_all(EXIT_STATUS_SECTION.as_bytes())?;
        man.render_version_section(w)
    })
}

/// The exit statuses of `shared/spec/PRODUCT.md`, in roff.
const EXIT_STATUS_SECTION: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
No finding at the failing severity (error, or warning with \fB\-\-fail\-on warning\fR).
.TP
\fB1\fR
At least one finding at the failing severity.
.TP
\fB2\fR
Usage, configuration or I/O error; every other file is still linted and reported.
"#;

/// `.SH SUBCOMMANDS` with one `.TP` paragraph per visible subcommand: its usage and about line.
fn subcommands_section(cmd: &clap::Command) -> String {
    let mut s = String::from(".SH SUBCOMMANDS\n");
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        let args: String = sub
            .get_positionals()
            .map(|a| {
                format!(
                    " \\fI{}\\fR",
                    roff_escape(&a.get_id().to_string().to_uppercase())
                )
            })
            .collect();
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        s.push_str(&format!(
            ".TP\n\\fBpmlint {}\\fR{args}\n{}\n",
            roff_escape(sub.get_name()),
            roff_escape(&about)
        ));
    }
    s
}

/// Escapes text for a roff text line: backslashes, hyphens (so they are not hyphenation points
/// or typeset as dashes), and a leading `.` or `'` that would read as a request.
fn roff_escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
