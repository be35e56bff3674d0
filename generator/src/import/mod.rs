//! Importers: other forms of the vendors' documentation turned into spec files.
//!
//! They run before the generation pipeline, not inside it: an importer writes the YAML under
//! `specs/` that a person reviews and commits, and `generate` reads only that YAML.

pub mod definitions;
pub mod doc_page;
pub mod spec_file;
