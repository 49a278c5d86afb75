//! pmlint: a linter for incident postmortems written in Markdown.
//!
//! The pipeline, one folder per stage:
//! [`parse`] (comrak → blocks) → [`facts`] (sections, timeline, images, stated facts) →
//! [`rules`] (one file per rule, listed in [`registry`]) → [`diagnostic`]s → [`output`] formats.
//! [`lint::lint`] runs it on one document; [`fix`] applies the fixes of its findings; [`cli`] is
//! the command line.

pub mod atomic;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod facts;
pub mod fix;
pub mod lint;
pub mod output;
pub mod parse;
pub mod profile;
pub mod registry;
pub mod remote;
pub mod rule;
pub mod rules;
pub mod skeleton;
pub mod source;
pub mod suppress;
#[cfg(test)]
mod test_texts;

pub use diagnostic::Diagnostic;
pub use lint::{lint, lint_with_remote, Settings};
pub use source::SourceFile;
