//! What the credential chains read from the process: environment variables and the home
//! folder, behind one type so that the chains can be tested with made-up ones (tests must
//! not set the variables of their own process, which other test threads read).

use std::ffi::OsString;
use std::path::PathBuf;

use super::CredentialsError;

/// Reads one environment variable.
type Lookup = Box<dyn Fn(&str) -> Option<OsString> + Send + Sync>;

/// The environment variables and home folder a chain reads.
pub(crate) struct Environment {
    lookup: Lookup,
    home: Option<PathBuf>,
}

impl Environment {
    /// This process's variables, and its home folder (`HOME`, else `USERPROFILE`).
    pub fn process() -> Self {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|home| !home.is_empty())
            .map(PathBuf::from);
        Environment {
            lookup: Box::new(|name| std::env::var_os(name)),
            home,
        }
    }

    /// Made-up variables and home folder.
    #[cfg(test)]
    pub fn of(vars: &[(&str, &str)], home: Option<&std::path::Path>) -> Self {
        let vars: std::collections::HashMap<String, OsString> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), OsString::from(value)))
            .collect();
        Environment {
            lookup: Box::new(move |name| vars.get(name).cloned()),
            home: home.map(std::path::Path::to_path_buf),
        }
    }

    /// A variable as the process holds it.
    pub fn lookup(&self, variable: &str) -> Option<OsString> {
        (self.lookup)(variable)
    }

    /// A variable's value; `None` when unset or empty (as the SDKs treat both).
    pub fn var(&self, variable: &'static str) -> Result<Option<String>, CredentialsError> {
        super::variable_value(variable, self.lookup(variable))
    }

    /// Whether a variable is set to `true` (any case), as the SDKs' switches are.
    pub fn is_true(&self, variable: &'static str) -> bool {
        matches!(self.var(variable), Ok(Some(value)) if value.eq_ignore_ascii_case("true"))
    }

    /// A file the variable names, else `default` below the home folder.
    pub fn file(&self, variable: &'static str, default: &[&str]) -> Option<PathBuf> {
        match self.var(variable) {
            Ok(Some(path)) => Some(PathBuf::from(path)),
            _ => self.in_home(default),
        }
    }

    /// `parts` below the home folder; `None` without one.
    pub fn in_home(&self, parts: &[&str]) -> Option<PathBuf> {
        let mut path = self.home.clone()?;
        path.extend(parts);
        Some(path)
    }
}
