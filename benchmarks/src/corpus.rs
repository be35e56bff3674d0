//! A synthetic corpus of N operations in the spec format, for benchmarks of every size.
//!
//! Operation `i` takes the shape of seed `i % 5` (the five seed pages, compiled in, so the
//! corpus never changes when more specs are added to `specs/`) and lives in that seed's
//! service. The first five operations are the seeds themselves; every later one is a copy
//! whose operation name, path and types carry the suffix `N<i>`, with its own copy of every
//! schema it uses, including those the seed takes from its service file; only the service's
//! error body stays shared, as the spec format requires. The same N always gives the same
//! bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use cloudgen::load::model::{FieldSpec, OperationFile, SchemaSpec, ServiceFile};
use cloudgen::load::{Role, SourceFile};
use cloudgen::resolve::type_expr;

/// A seed operation: its service folder, the service file and the operation file.
pub struct Seed {
    pub service_dir: &'static str,
    pub service_yaml: &'static str,
    pub operation_yaml: &'static str,
}

macro_rules! seed {
    ($dir:literal, $op:literal) => {
        Seed {
            service_dir: $dir,
            service_yaml: include_str!(concat!("../../specs/", $dir, "/service.yaml")),
            operation_yaml: include_str!(concat!(
                "../../specs/",
                $dir,
                "/operations/",
                $op,
                ".yaml"
            )),
        }
    };
}

/// The five seed shapes, in the order the corpus cycles through them.
pub const SEEDS: [Seed; 5] = [
    // Path parameters, an empty reply.
    seed!("huawei/cce", "DeletePodIdentityAssociation"),
    // A top-level array response.
    seed!("huawei/cce", "ListPodIdentityAssociations"),
    // Query parameters, a JSON body, two success statuses, shared Kubernetes types. The
    // operation as the seed page gives it, with the few Kubernetes types it uses in its service
    // file (a copy in `fixtures/`: the Kubernetes API's own service holds all of them).
    Seed {
        service_dir: "huawei/cce-kubernetes",
        service_yaml: include_str!("../fixtures/cce-kubernetes/service.yaml"),
        operation_yaml: include_str!(
            "../fixtures/cce-kubernetes/operations/DeleteRbacAuthorizationV1NamespacedRoleBinding.yaml"
        ),
    },
    // A DELETE with a JSON body and several error bodies.
    seed!("huawei/workspace", "BatchDeleteAccessPolicies"),
    // A boolean query parameter and an empty `{}` reply.
    seed!("alibaba/cs", "CleanClusterUserPermissions"),
];

/// The parsed corpus: per service folder, its service file and its operations in order.
pub struct Corpus {
    pub services: BTreeMap<String, (ServiceFile, Vec<OperationFile>)>,
}

/// Why the corpus could not be built: a seed that does not parse (a broken checkout).
#[derive(Debug)]
pub struct CorpusError(pub String);

impl std::fmt::Display for CorpusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CorpusError {}

impl Corpus {
    /// `operations` operations, cycling through the seed shapes.
    pub fn new(operations: usize) -> Result<Corpus, CorpusError> {
        let mut services: BTreeMap<String, (ServiceFile, Vec<OperationFile>)> = BTreeMap::new();
        for index in 0..operations {
            let seed = &SEEDS[index % SEEDS.len()];
            let service: ServiceFile = parse(seed.service_yaml, seed.service_dir)?;
            let operation: OperationFile = parse(seed.operation_yaml, seed.service_dir)?;
            let operation = if index < SEEDS.len() {
                operation
            } else {
                copy_operation(&service, operation, &format!("N{index}"))
            };
            services
                .entry(seed.service_dir.to_owned())
                .or_insert_with(|| (service, Vec::new()))
                .1
                .push(operation);
        }
        Ok(Corpus { services })
    }

    /// The spec files as the generator's loader would find them below `specs/`.
    pub fn sources(&self) -> Result<Vec<SourceFile>, CorpusError> {
        let mut files = Vec::new();
        for (dir, (service, operations)) in &self.services {
            files.push(SourceFile {
                path: PathBuf::from(format!("{dir}/service.yaml")),
                role: Role::Service {
                    service_dir: dir.clone(),
                },
                text: print(service)?,
            });
            for operation in operations {
                files.push(SourceFile {
                    path: PathBuf::from(format!("{dir}/operations/{}.yaml", operation.operation)),
                    role: Role::Operation {
                        service_dir: dir.clone(),
                    },
                    text: cloudgen::import::spec_file::operation_yaml(operation)
                        .map_err(|e| CorpusError(format!("{}: {e}", operation.operation)))?,
                });
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Writes the spec files below `root` (which is emptied first).
    pub fn write(&self, root: &Path) -> io::Result<()> {
        if root.exists() {
            fs::remove_dir_all(root)?;
        }
        let sources = self.sources().map_err(io::Error::other)?;
        for source in sources {
            let path = root.join(&source.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, source.text)?;
        }
        Ok(())
    }

    /// The number of operations.
    pub fn len(&self) -> usize {
        self.services.values().map(|(_, ops)| ops.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, dir: &str) -> Result<T, CorpusError> {
    serde_yaml::from_str(text).map_err(|e| CorpusError(format!("seed of {dir}: {e}")))
}

fn print(service: &ServiceFile) -> Result<String, CorpusError> {
    serde_yaml::to_string(service).map_err(|e| CorpusError(format!("{}: {e}", service.service)))
}

/// A copy of `operation` whose name, path and every schema it uses carry `suffix`; the
/// schemas it took from the service file are copied into the operation file.
fn copy_operation(
    service: &ServiceFile,
    mut operation: OperationFile,
    suffix: &str,
) -> OperationFile {
    operation.operation.push_str(suffix);
    operation.path = format!("/{}{}", suffix.to_lowercase(), operation.path);

    // Every schema the operation reaches, from its own file or from the service file.
    let available: BTreeMap<&str, &SchemaSpec> = service
        .schemas
        .iter()
        .chain(&operation.schemas)
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut used = BTreeSet::new();
    let error_body = service.errors.body.as_str();
    let mut pending: Vec<String> = operation_types(&operation, error_body);
    while let Some(expr) = pending.pop() {
        for name in type_expr::schema_names(&expr) {
            if let Some(schema) = available.get(name.as_str()) {
                if used.insert(name) {
                    pending.extend(schema_types(schema));
                }
            }
        }
    }
    let renamed = |expr: &str| rename(expr, &used, suffix);
    let mut schemas: Vec<SchemaSpec> = Vec::new();
    for name in &used {
        let Some(original) = available.get(name.as_str()) else {
            continue;
        };
        let mut schema = (*original).clone();
        schema.name = format!("{}{suffix}", schema.name);
        if let Some(rust_name) = &mut schema.rust_name {
            rust_name.push_str(suffix);
        }
        if let Some(properties) = &mut schema.properties {
            rename_fields(properties, &renamed);
        }
        if let Some(alias) = &mut schema.alias {
            *alias = renamed(alias);
        }
        schemas.push(schema);
    }
    rename_fields(&mut operation.parameters, &renamed);
    if let Some(body) = &mut operation.request_body {
        body.type_expr = renamed(&body.type_expr);
    }
    for response in &mut operation.responses {
        if let Some(body) = &mut response.body {
            if body.type_expr != error_body {
                body.type_expr = renamed(&body.type_expr);
            }
        }
    }
    operation.schemas = schemas;
    operation
}

fn rename_fields(fields: &mut [FieldSpec], renamed: &impl Fn(&str) -> String) {
    for field in fields {
        field.type_expr = renamed(&field.type_expr);
    }
}

/// The type expressions an operation names directly, but for the service's error body, which
/// all operations of a service share.
fn operation_types(operation: &OperationFile, error_body: &str) -> Vec<String> {
    let mut types: Vec<String> = operation
        .parameters
        .iter()
        .map(|p| p.type_expr.clone())
        .collect();
    types.extend(operation.request_body.iter().map(|b| b.type_expr.clone()));
    types.extend(
        operation
            .responses
            .iter()
            .filter_map(|r| r.body.as_ref().map(|b| b.type_expr.clone()))
            .filter(|t| t != error_body),
    );
    types.extend(operation.schemas.iter().map(|s| s.name.clone()));
    types
}

fn schema_types(schema: &SchemaSpec) -> Vec<String> {
    let mut types: Vec<String> = schema
        .properties
        .iter()
        .flatten()
        .map(|p| p.type_expr.clone())
        .collect();
    types.extend(schema.alias.clone());
    types
}

/// `expr` with every schema name in `names` suffixed.
fn rename(expr: &str, names: &BTreeSet<String>, suffix: &str) -> String {
    match type_expr::parse(expr) {
        Ok(parsed) => parsed.text_with(&|name| match names.contains(name) {
            true => format!("{name}{suffix}"),
            false => name.to_owned(),
        }),
        Err(_) => expr.to_owned(),
    }
}
