//! Choosing what to generate: whole services, or some operations of a service with the types
//! they need and nothing else.
//!
//! A build script that calls three operations should not compile three hundred. The choice is
//! applied twice, on either side of `resolve`, and never changes a name:
//!
//! - before it ([`Selection::keep_sources`]), the files of services not chosen are dropped, so
//!   they are not even parsed; each service resolves on its own, so this changes nothing in the
//!   others;
//! - after it ([`Selection::retain`]), the operations not chosen are dropped from the resolved
//!   model, then every type that no kept operation and no error body reaches. Names were given
//!   with all of the service's operations in view, so a type keeps its name whichever
//!   operations are chosen, and adding one to the selection later renames nothing.
//!
//! A service or an operation that the specs do not have is an error that names it, never a
//! silently smaller client.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::model::{Api, Schema, Service};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::SourceFile;

/// The services, and the operations of a service, to generate. The default, and a selection
/// that names nothing, is everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `vendor/service` -> the operations chosen, or `None` for all of them.
    services: BTreeMap<String, Option<BTreeSet<String>>>,
}

impl Selection {
    /// Everything in the specs.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether nothing was chosen, which means everything.
    pub fn is_all(&self) -> bool {
        self.services.is_empty()
    }

    /// Adds a whole service, by its folder below the specs (`huawei/cce`).
    pub fn service(mut self, service: impl Into<String>) -> Self {
        self.services.insert(service.into(), None);
        self
    }

    /// Adds operations of a service by the vendor's operation names (`ListClusters`); a service
    /// already chosen whole stays whole.
    pub fn operations<I, S>(mut self, service: impl Into<String>, operations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let entry = self
            .services
            .entry(service.into())
            .or_insert_with(|| Some(BTreeSet::new()));
        if let Some(chosen) = entry {
            chosen.extend(operations.into_iter().map(Into::into));
        }
        self
    }

    /// Parses the CLI's form: `vendor/service` for a whole service, `vendor/service:Operation`
    /// for one operation.
    pub fn with_argument(self, argument: &str) -> Result<Self, String> {
        let (service, operation) = match argument.split_once(':') {
            Some((service, operation)) => (service, Some(operation)),
            None => (argument, None),
        };
        let well_formed = service.split('/').count() == 2
            && service.split('/').all(|part| !part.is_empty())
            && operation.map_or(true, |op| !op.is_empty() && !op.contains([':', '/']));
        if !well_formed {
            return Err(format!(
                "`{argument}` is not `vendor/service` or `vendor/service:Operation` (for example `huawei/cce` or `huawei/cce:ListClusters`)"
            ));
        }
        Ok(match operation {
            Some(operation) => self.operations(service, [operation]),
            None => self.service(service),
        })
    }

    /// The files of the chosen services; a chosen service that has no files is an error.
    pub fn keep_sources(
        &self,
        specs_dir: &Path,
        sources: Vec<SourceFile>,
    ) -> Result<Vec<SourceFile>, Diagnostics> {
        if self.is_all() {
            return Ok(sources);
        }
        let present: BTreeSet<&str> = sources.iter().map(|f| f.role.service_dir()).collect();
        let missing: Vec<Diagnostic> = self
            .services
            .keys()
            .filter(|service| !present.contains(service.as_str()))
            .map(|service| {
                Diagnostic::new(
                    specs_dir,
                    None,
                    format!(
                        "the selection names the service `{service}`, which the specs do not have; they have {}",
                        present.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(Diagnostics::sorted(missing));
        }
        Ok(sources
            .into_iter()
            .filter(|file| self.services.contains_key(file.role.service_dir()))
            .collect())
    }

    /// The chosen operations of the resolved `api` and the types they need; a chosen operation
    /// that its service does not have is an error.
    pub fn retain(&self, specs_dir: &Path, mut api: Api) -> Result<Api, Diagnostics> {
        if self.is_all() {
            return Ok(api);
        }
        let mut problems = Vec::new();
        api.services.retain(|s| self.services.contains_key(&key(s)));
        for service in &mut api.services {
            let Some(Some(chosen)) = self.services.get(&key(service)) else {
                continue;
            };
            for name in chosen {
                if !service.operations.iter().any(|op| &op.name == name) {
                    problems.push(Diagnostic::new(
                        specs_dir.join(key(service)),
                        None,
                        format!(
                            "the selection names the operation `{name}`, which `{}` does not have",
                            key(service)
                        ),
                    ));
                }
            }
            keep_operations(service, chosen);
        }
        if !problems.is_empty() {
            return Err(Diagnostics::sorted(problems));
        }
        Ok(api)
    }
}

/// The folder of a service below the specs (`huawei/cce`), the selection's key.
fn key(service: &Service) -> String {
    format!("{}/{}", service.vendor.module(), service.name)
}

/// Drops the operations not in `chosen`, then the schemas nothing kept reaches, and recomputes
/// what depends on the operations.
fn keep_operations(service: &mut Service, chosen: &BTreeSet<String>) {
    service.operations.retain(|op| chosen.contains(&op.name));
    service.unpaged.retain(|(name, _)| chosen.contains(name));

    let by_name: BTreeMap<&str, &Schema> = service
        .schemas
        .iter()
        .map(|s| (s.rust_name.as_str(), s))
        .collect();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<&str> = vec![service.error.type_name.as_str()];
    for op in &service.operations {
        stack.extend(op.referenced_schemas());
    }
    while let Some(name) = stack.pop() {
        if !reached.insert(name.to_owned()) {
            continue;
        }
        if let Some(schema) = by_name.get(name) {
            stack.extend(schema.referenced_schemas());
        }
    }
    service.schemas.retain(|s| reached.contains(&s.rust_name));
    super::features::assign(service);
}
