//! What an import could not map, each with the page line it is on.
//!
//! An importer that silently skipped what it did not understand would turn a vendor's page
//! change into a quiet loss; every such place is a finding instead, and the command fails
//! unless told to accept them.

use std::fmt;

/// One thing of the page the importer could not put into the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// 1-based line of the page; 0 when the finding is about the page as a whole.
    pub line: usize,
    pub message: String,
}

impl Finding {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Finding {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "page: {}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

/// The findings of one page, printed one per line, prefixed with the page's name.
pub struct Report<'a> {
    pub page: &'a str,
    pub findings: &'a [Finding],
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in self.findings {
            if finding.line == 0 {
                writeln!(f, "{}: {}", self.page, finding.message)?;
            } else {
                writeln!(f, "{}:{}: {}", self.page, finding.line, finding.message)?;
            }
        }
        Ok(())
    }
}
