//! The canonical text of an operation spec file, as every importer writes it.
//!
//! One printer for all importers, so the same operation gives the same bytes whichever source
//! it came from, and a re-import after a documentation update is a minimal diff.

use crate::load::model::{OperationFile, SupplementFile};

/// The YAML text of `operation`: keys in the model's field order, empty and default values left
/// out, multi-line text as block scalars.
pub fn operation_yaml(operation: &OperationFile) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(operation)
}

/// The YAML text of a supplement (`supplements/<Operation>.yaml`), printed the same way: the
/// same supplement always gives the same bytes.
pub fn supplement_yaml(supplement: &SupplementFile) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(supplement)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::OperationFile;
    use std::path::Path;

    /// Every committed operation spec survives printing and parsing back unchanged.
    #[test]
    fn committed_specs_round_trip() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let sources = crate::load::discover(&specs).unwrap();
        let mut seen = 0;
        for source in &sources {
            if !matches!(source.role, crate::load::Role::Operation { .. }) {
                continue;
            }
            let parsed: OperationFile = serde_yaml::from_str(&source.text).unwrap();
            let printed = operation_yaml(&parsed).unwrap();
            let reparsed: OperationFile = serde_yaml::from_str(&printed).unwrap();
            assert_eq!(parsed, reparsed, "{}", source.path.display());
            seen += 1;
        }
        assert!(seen >= 5, "found only {seen} operation specs");
    }
}
