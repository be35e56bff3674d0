//! Problems found in the specs, each tied to the file and position it comes from.
//!
//! A [`Diagnostic`] is a file, a position and a message; its `Display` is the one-line form
//! `file:line:column: message`. [`Diagnostics`], every problem of a run, additionally keeps
//! the text of the spec files its problems point into (attached once, by the entry points of
//! the crate, with [`Diagnostics::with_sources`]), so that its `Display` — what the CLI and
//! [`BuildScript`](crate::BuildScript) print — shows each problem the way a compiler does:
//!
//! ```text
//! error: unknown type `intger`
//!   --> specs/huawei/demo/operations/Broken.yaml:6:11
//!    |
//!  6 |     type: intger
//!    |           ^^^^^^
//! ```
//!
//! The one-line form stays available as [`Diagnostics::plain`].
//!
//! # Why `codespan-reporting`
//!
//! The snippets are drawn by [`codespan-reporting`](https://docs.rs/codespan-reporting) rather
//! than `annotate-snippets`: its API has been stable for years (a file database, a diagnostic
//! with labelled byte ranges, an `emit` function), where `annotate-snippets` has been
//! reshaped in most releases while rustc's needs drive it; it maps byte ranges to lines and
//! columns itself; it writes into any `termcolor` writer, so one code path gives plain text for
//! tests, build logs and pipes and colour on a terminal; and its ASCII character set gives the
//! familiar rustc look (`-->`, `|`, `^`) with no Unicode box drawing in CI logs. Its only
//! dependencies are `termcolor` and `unicode-width`.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Color, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Chars, Config};

use crate::load::SourceFile;

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line and column, when the problem can be pinned to a place in the file.
    pub position: Option<Position>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<PathBuf>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(Position { line, column }) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem of a run, sorted by file and position so that reports are stable.
///
/// `Display` renders each problem with a snippet of its line when the text of its file is
/// attached (see [`Diagnostics::with_sources`]), and as one line otherwise; never with colour.
#[derive(Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>, SourceTexts);

/// The texts of the files that problems point into, by path.
#[derive(Clone, Default)]
struct SourceTexts(BTreeMap<PathBuf, Arc<str>>);

impl fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Diagnostics").field(&self.0).finish()
    }
}

/// Two reports are equal when they name the same problems, whatever texts are attached.
impl PartialEq for Diagnostics {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Diagnostics {}

impl Diagnostics {
    pub fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Self(list, SourceTexts::default())
    }

    /// Attaches the texts of those of `sources` that a problem points into, so that the
    /// problems are shown with a snippet of their line.
    pub fn with_sources(mut self, sources: &[SourceFile]) -> Self {
        for diagnostic in self.0.iter().filter(|d| d.position.is_some()) {
            if self.1 .0.contains_key(&diagnostic.file) {
                continue;
            }
            if let Some(source) = sources.iter().find(|s| s.path == diagnostic.file) {
                self.1
                     .0
                    .insert(source.path.clone(), Arc::from(source.text.as_str()));
            }
        }
        self
    }

    /// The one-line form: `error: file:line:column: message` per problem, and the count.
    pub fn plain(&self) -> impl fmt::Display + '_ {
        Plain(self)
    }

    /// Writes the report with snippets to `out`, in colour when `out` supports it (a
    /// `termcolor::StandardStream` on a terminal); the CLI uses this for stderr.
    pub fn emit<W: WriteColor>(&self, out: &mut W) -> io::Result<()> {
        let mut files = SimpleFiles::new();
        let mut ids: BTreeMap<&Path, usize> = BTreeMap::new();
        for (path, text) in &self.1 .0 {
            let id = files.add(path.display().to_string(), Arc::clone(text));
            ids.insert(path.as_path(), id);
        }
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        for diagnostic in &self.0 {
            let snippet = diagnostic.position.and_then(|position| {
                let id = *ids.get(diagnostic.file.as_path())?;
                let text = self.1 .0.get(&diagnostic.file)?;
                Some((id, span_at(text, position)))
            });
            let rendered = snippet.and_then(|(id, span)| {
                let report = Report::error()
                    .with_message(&diagnostic.message)
                    .with_labels(vec![Label::primary(id, span)]);
                let mut buffer = NoColor::new(Vec::new());
                // Rendering into memory first: a failure (never expected) falls back to the
                // one-line form instead of leaving half a snippet.
                term::emit_to_io_write(&mut buffer, &config, &files, &report).ok()?;
                Some(report)
            });
            match rendered {
                Some(report) => term::emit_to_write_style(out, &config, &files, &report)
                    .map_err(|error| io::Error::other(error.to_string()))?,
                None => {
                    out.set_color(ColorSpec::new().set_bold(true).set_fg(Some(Color::Red)))?;
                    write!(out, "error")?;
                    out.reset()?;
                    writeln!(out, ": {diagnostic}")?;
                }
            }
        }
        let count = self.0.len();
        write!(
            out,
            "{count} problem{} found in the specs",
            if count == 1 { "" } else { "s" }
        )
    }
}

/// The byte range to underline for a problem at `position`: the token that starts there (a
/// quoted string, or a plain word up to `: `, `,`, `]`, `}` or a comment), one character when
/// no token starts there, and the end of the line when the position is past it.
fn span_at(text: &str, position: Position) -> Range<usize> {
    let line_start = text
        .split_inclusive('\n')
        .take(position.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let rest = &text[line_start..];
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let start = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(index, _)| index);
    let token = &line[start..];
    let length = match token.chars().next() {
        None => 0,
        Some(quote @ ('"' | '\'')) => token[1..].find(quote).map_or(token.len(), |end| end + 2),
        Some(first @ ('{' | '[' | '-' | '|' | '>' | '&' | '*' | '!')) => first.len_utf8(),
        Some(_) => {
            let mut end = token.len();
            for (index, c) in token.char_indices() {
                let next = token[index + c.len_utf8()..].chars().next();
                let stop = match c {
                    ',' | ']' | '}' => true,
                    ':' => next.map_or(true, char::is_whitespace),
                    '#' => index > 0 && token[..index].ends_with(char::is_whitespace),
                    _ => false,
                };
                if stop {
                    end = index;
                    break;
                }
            }
            token[..end].trim_end().len().max(1).min(token.len())
        }
    };
    let start = line_start + start;
    start..start + length
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = NoColor::new(Vec::new());
        self.emit(&mut buffer).map_err(|_| fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&buffer.into_inner()))
    }
}

struct Plain<'a>(&'a Diagnostics);

impl fmt::Display for Plain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 .0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        let count = self.0 .0.len();
        write!(
            f,
            "{count} problem{} found in the specs",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
