//! Huawei's machine-readable API definitions (the API Explorer's JSON, one file per operation,
//! as published in the `huawei-cloud-api-definitions-<Service>` crates) turned into specs.
//!
//! The definition files are inputs like the documentation pages: they are kept verbatim under
//! `specs/<vendor>/<service>/definitions/` with a `VERSION` file, and the import writes
//!
//! - `operations/<Operation>.yaml` for every operation, through the canonical printer, except
//!   where that file was transcribed from a documentation page (it is kept, and
//!   `cloudgen cross-check` lists where the two sources disagree);
//! - `supplements/<Operation>.yaml` beside each kept page spec, through the canonical printer:
//!   the constraints only the definition states, which `resolve` fills into the page's spec so
//!   that the client holds what both sources state;
//! - `schemas.yaml`, the schemas several operations share;
//! - `import-report.md`, everything of the definitions that the specs do not hold, per file and
//!   place, and the operations that are not generated and why.
//!
//! The import reads only local files and writes the same bytes for the same definitions, so a
//! new release of the definitions is a reviewable diff of `specs/`.

pub mod alibaba;
pub mod convert;
pub mod cross_check;
pub mod gate;
pub mod huawei;
pub mod intermediate;
pub mod openapi;
mod report;
pub mod share;
pub mod supplement;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::import::spec_file::{operation_yaml, supplement_yaml};
use crate::load::model::{HttpMethod, OperationFile, SchemasFile, ServiceFile};
use crate::resolve::naming;
use convert::{Draft, ServiceFacts};

/// The folder below a service's specs that holds the definition files.
pub const DEFINITIONS_DIR: &str = "definitions";
/// The `source.page` prefix of an operation spec written by this importer.
pub const SOURCE_PREFIX: &str = "definitions/";

/// Whether this importer wrote `source` for the operations it imports: the shared
/// `schemas.yaml`, or an operation spec whose `source.page` is a definition file. Tests that want
/// only the seed specs leave these out. A supplement completes an operation transcribed from a
/// page, so it stays with the seed specs.
pub fn is_imported(source: &crate::load::SourceFile) -> bool {
    match source.role {
        crate::load::Role::Schemas { .. } => true,
        crate::load::Role::Service { .. } | crate::load::Role::Supplement { .. } => false,
        crate::load::Role::Operation { .. } => serde_yaml::from_str::<OperationFile>(&source.text)
            .is_ok_and(|spec| spec.source.page.starts_with(SOURCE_PREFIX)),
    }
}

/// The seed specs of `sources`: without the operations this importer wrote (and without the
/// services left with none), and with each
/// `schemas.yaml` cut down to the shared schemas the remaining files name, directly or not (a
/// page-transcribed operation of an imported API uses the API's own types, as the Kubernetes
/// seed uses `meta.v1.Status`). Tests that cover only the seed specs read these.
pub fn seed_specs(sources: Vec<crate::load::SourceFile>) -> Vec<crate::load::SourceFile> {
    use crate::load::model::SchemaSpec;
    use crate::load::Role;
    use share::{operation_references, references};
    let kept: Vec<crate::load::SourceFile> = sources
        .into_iter()
        .filter(|s| matches!(s.role, Role::Schemas { .. }) || !is_imported(s))
        .collect();
    // A service whose every operation is imported (IAM, VPC, ...) has no seed spec at all.
    let with_operations: BTreeSet<String> = kept
        .iter()
        .filter(|s| matches!(s.role, Role::Operation { .. }))
        .map(|s| s.role.service_dir().to_owned())
        .collect();
    let kept: Vec<crate::load::SourceFile> = kept
        .into_iter()
        .filter(|s| with_operations.contains(s.role.service_dir()))
        .collect();
    let mut out = Vec::new();
    for source in &kept {
        let Role::Schemas { service_dir } = &source.role else {
            out.push(source.clone());
            continue;
        };
        let Ok(mut file) = serde_yaml::from_str::<SchemasFile>(&source.text) else {
            out.push(source.clone());
            continue;
        };
        // What the service's other kept files name.
        let mut wanted: Vec<String> = Vec::new();
        for other in &kept {
            let same_service = match &other.role {
                Role::Service { service_dir: dir } | Role::Operation { service_dir: dir } => {
                    dir == service_dir
                }
                _ => false,
            };
            if !same_service {
                continue;
            }
            if let Ok(service) = serde_yaml::from_str::<ServiceFile>(&other.text) {
                wanted.push(service.errors.body.clone());
                wanted.extend(service.schemas.iter().flat_map(references));
            } else if let Ok(op) = serde_yaml::from_str::<OperationFile>(&other.text) {
                wanted.extend(operation_references(&op));
            }
        }
        let by_name: std::collections::BTreeMap<&str, &SchemaSpec> =
            file.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
        let mut closure = BTreeSet::new();
        while let Some(name) = wanted.pop() {
            if let Some(schema) = by_name.get(name.as_str()) {
                if closure.insert(name) {
                    wanted.extend(references(schema));
                }
            }
        }
        if closure.is_empty() {
            continue;
        }
        file.schemas.retain(|s| closure.contains(&s.name));
        if let Ok(text) = serde_yaml::to_string(&file) {
            out.push(crate::load::SourceFile {
                text,
                ..source.clone()
            });
        }
    }
    out
}

/// A failure that stops the import: a file that cannot be read or written.
#[derive(Debug)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

pub(crate) fn io_error(path: &Path, error: impl fmt::Display) -> ImportError {
    ImportError(format!("{}: {error}", path.display()))
}

/// What to import, and where.
pub struct Request {
    /// The specs folder.
    pub specs: PathBuf,
    /// The service's folder below it (`huawei/cce`).
    pub service_dir: String,
    /// A folder of definition files, or a crate whose `src/` holds them.
    pub from: PathBuf,
    /// `<crate> <version>` of the definitions, when `from` has no `Cargo.toml` to read it from.
    pub version: Option<String>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Summary {
    pub definitions: usize,
    pub imported: usize,
    /// Operations whose spec comes from a documentation page and was kept.
    pub kept: Vec<String>,
    /// Those of `kept` with a supplement: constraints only the definition states.
    pub supplemented: Vec<String>,
    /// Operations not generated, with the reasons.
    pub not_generated: Vec<(String, Vec<String>)>,
    /// Places of the definitions the specs do not hold.
    pub findings: usize,
    /// Files written or removed, relative to the specs folder.
    pub changed: Vec<String>,
}

/// Imports the definitions of `request`.
pub fn import(request: &Request) -> Result<Summary, ImportError> {
    let service_root = request.specs.join(&request.service_dir);
    let definitions_dir = service_root.join(DEFINITIONS_DIR);
    let mut changed = Vec::new();
    sync_definitions(request, &definitions_dir, &mut changed)?;
    let version = read_text(&definitions_dir.join("VERSION"))?
        .trim()
        .to_owned();

    let service_path = service_root.join("service.yaml");
    if !service_path.exists() {
        write_first_service_file(request, &definitions_dir, &service_path, &mut changed)?;
    }
    let service: ServiceFile =
        serde_yaml::from_str(&read_text(&service_path)?).map_err(|e| io_error(&service_path, e))?;
    let facts = ServiceFacts {
        error_body: &service.errors.body,
        error_code: &service.errors.code,
        error_message: &service.errors.message,
        request_id_header: service.request_id_header.as_deref(),
        endpoint: service.endpoint.template.as_deref(),
    };

    let (drafts, absent) = read_drafts(&definitions_dir, &facts)?;
    let existing = existing_operations(&service_root.join("operations"))?;
    let page_owned: Vec<&OperationFile> = existing
        .iter()
        .map(|e| &e.spec)
        .filter(|op| !op.source.page.starts_with(SOURCE_PREFIX))
        .collect();

    // A page that refined a spec of this importer (`source.refines`) keeps naming the shared
    // schemas its spec had: that operation's draft still takes part in the sharing, as if it
    // were imported, so the shared schemas and their names stay what they were.
    let refined: BTreeSet<&str> = page_owned
        .iter()
        .filter(|op| op.source.refines.is_some())
        .map(|op| op.operation.as_str())
        .collect();
    let mut reserved: BTreeSet<String> = service.schemas.iter().map(|s| s.name.clone()).collect();
    reserved.extend(
        page_owned
            .iter()
            .filter(|op| !refined.contains(op.operation.as_str()))
            .flat_map(|op| op.schemas.iter().map(|s| s.name.clone())),
    );
    let mut taken_types: BTreeSet<String> = ["Client", "Error", "SERVICE"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    for name in drafts
        .iter()
        .map(|d| d.operation.operation.as_str())
        .chain(page_owned.iter().map(|op| op.operation.as_str()))
    {
        let builder = naming::camel(name);
        taken_types.insert(format!("{builder}Response"));
        taken_types.insert(builder);
    }

    let mut summary = Summary {
        definitions: drafts.len(),
        ..Summary::default()
    };
    let mut drafts = drafts;
    note_repeated_names(&mut drafts);
    note_same_endpoint(&mut drafts, &page_owned);
    let mut importing = Vec::new();
    let mut report_drafts = Vec::new();
    let mut supplements = Vec::new();
    for mut draft in drafts {
        let page = page_owned
            .iter()
            .find(|op| op.operation == draft.operation.operation);
        let kept = page.is_some();
        if let Some(page) = page {
            summary.kept.push(draft.operation.operation.clone());
            // The page's spec and its supplement hold none of these.
            draft.findings.append(&mut draft.page_findings);
            draft.findings.sort();
            let checked =
                cross_check::check_operation(&request.service_dir, &service, page, &draft, None);
            if let Some(supplement) = checked.supplement {
                summary.supplemented.push(supplement.operation.clone());
                supplements.push(supplement);
            }
        } else if !draft.unsupported.is_empty() {
            summary
                .not_generated
                .push((draft.operation.operation.clone(), draft.unsupported.clone()));
        }
        summary.findings += draft.findings.len();
        let shares = !kept || refined.contains(draft.operation.operation.as_str());
        if shares && draft.unsupported.is_empty() {
            importing.push(draft.clone());
        }
        report_drafts.push(draft);
    }
    let kept_texts: Vec<(PathBuf, String)> = existing
        .iter()
        .filter(|e| !e.spec.source.page.starts_with(SOURCE_PREFIX))
        .map(|e| (e.path.clone(), e.text.clone()))
        .collect();
    let supplements = supplements
        .iter()
        .map(|s| {
            supplement_yaml(s)
                .map(|text| (s.operation.clone(), text))
                .map_err(|e| {
                    ImportError(format!("{}: cannot print the supplement: {e}", s.operation))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sharing = Sharing {
        service_dir: &request.service_dir,
        service_root: &service_root,
        service: &service,
        page_owned: &page_owned,
        refined: &refined,
        reserved: &reserved,
        taken_types: &taken_types,
        kept_texts: &kept_texts,
    };
    let Outcome {
        operations: printed,
        schemas_text,
        supplements,
        left_out,
    } = share_what_generates(&sharing, &importing, supplements)?;
    summary
        .supplemented
        .retain(|name| supplements.iter().any(|(operation, _)| operation == name));
    for draft in &mut report_drafts {
        if let Some(reasons) = left_out.get(&draft.operation.operation) {
            draft.unsupported.extend(reasons.iter().cloned());
        }
    }
    summary.not_generated.extend(left_out);
    summary.not_generated.extend(absent);
    summary.not_generated.sort();
    summary.imported = printed.len();

    let operations_dir = service_root.join("operations");
    let mut written = BTreeSet::new();
    for (operation, text) in &printed {
        let name = format!("{operation}.yaml");
        write_if_changed(
            &operations_dir.join(&name),
            text,
            &request.specs,
            &mut changed,
        )?;
        written.insert(name);
    }
    for ExistingSpec { path, spec, .. } in &existing {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if spec.source.page.starts_with(SOURCE_PREFIX) && !written.contains(name) {
            fs::remove_file(path).map_err(|e| io_error(path, e))?;
            changed.push(relative(path, &request.specs));
        }
    }
    write_supplements(&service_root, &supplements, &request.specs, &mut changed)?;
    let schemas_path = service_root.join("schemas.yaml");
    match schemas_text {
        None if schemas_path.exists() => {
            fs::remove_file(&schemas_path).map_err(|e| io_error(&schemas_path, e))?;
            changed.push(relative(&schemas_path, &request.specs));
        }
        None => {}
        Some(text) => write_if_changed(&schemas_path, &text, &request.specs, &mut changed)?,
    }
    let report_text = report::render(&version, &summary, &report_drafts);
    write_if_changed(
        &service_root.join("import-report.md"),
        &report_text,
        &request.specs,
        &mut changed,
    )?;
    changed.sort();
    summary.changed = changed;
    Ok(summary)
}

/// What the sharing needs to know of the service and of the specs the import keeps.
struct Sharing<'a> {
    service_dir: &'a str,
    service_root: &'a Path,
    service: &'a ServiceFile,
    page_owned: &'a [&'a OperationFile],
    refined: &'a BTreeSet<&'a str>,
    reserved: &'a BTreeSet<String>,
    taken_types: &'a BTreeSet<String>,
    kept_texts: &'a [(PathBuf, String)],
}

/// What the import writes, printed once: the operation specs, `schemas.yaml` (none when no
/// schema is shared) and the supplements, by operation; and the operations left out because
/// their spec would not generate, with the problems.
struct Outcome {
    operations: Vec<(String, String)>,
    schemas_text: Option<String>,
    supplements: Vec<(String, String)>,
    left_out: BTreeMap<String, Vec<String>>,
}

/// Shares the schemas of `importing`, checks that the service would generate ([`gate`]),
/// leaves out what would not, and again, until it does.
fn share_what_generates(
    sharing: &Sharing<'_>,
    importing: &[Draft],
    mut supplements: Vec<(String, String)>,
) -> Result<Outcome, ImportError> {
    let mut left_out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut round = 0;
    loop {
        round += 1;
        let candidates: Vec<Draft> = importing
            .iter()
            .filter(|d| !left_out.contains_key(&d.operation.operation))
            .cloned()
            .collect();
        let mut shared = share::share(
            candidates,
            sharing.reserved,
            sharing.taken_types,
            sharing.service.types_by_package,
        );
        shared
            .drafts
            .retain(|d| !sharing.refined.contains(d.operation.operation.as_str()));
        check_refined(
            sharing.service,
            &shared.schemas,
            sharing.page_owned,
            sharing.refined,
        )?;
        let operations: Vec<(String, String)> = shared
            .drafts
            .iter()
            .map(|draft| {
                let name = &draft.operation.operation;
                operation_yaml(&draft.operation)
                    .map(|text| (name.clone(), text))
                    .map_err(|e| ImportError(format!("{name}.yaml: cannot print the spec: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let schemas_text = match shared.schemas.is_empty() {
            true => None,
            false => {
                let file = SchemasFile {
                    // Without the version, so that a release that leaves the shared schemas
                    // alone leaves this file alone.
                    source: format!("{DEFINITIONS_DIR}/ (see {DEFINITIONS_DIR}/VERSION)"),
                    schemas: shared.schemas.clone(),
                };
                Some(
                    serde_yaml::to_string(&file)
                        .map_err(|e| ImportError(format!("schemas.yaml: cannot print: {e}")))?,
                )
            }
        };
        let blame = gate::check(&gate::Candidate {
            service_dir: sharing.service_dir,
            service_root: sharing.service_root,
            operations: &operations,
            kept: sharing.kept_texts,
            schemas: &shared.schemas,
            schemas_text: schemas_text.as_deref(),
            supplements: &supplements,
        })
        .map_err(ImportError)?;
        if blame.is_empty() {
            return Ok(Outcome {
                operations,
                schemas_text,
                supplements,
                left_out,
            });
        }
        if !blame.elsewhere.is_empty() || round >= MAX_ROUNDS {
            let mut problems = blame.elsewhere;
            problems.extend(
                blame
                    .operations
                    .iter()
                    .map(|(op, why)| format!("{op}: {}", why.join("; "))),
            );
            return Err(ImportError(format!(
                "{}: the service would not generate, and the import cannot leave out what causes it; nothing was written: {}",
                sharing.service_root.display(),
                problems.join("; ")
            )));
        }
        for (operation, problems) in blame.operations {
            let reasons = problems
                .into_iter()
                .map(|p| format!("the spec would not generate: {p}"));
            left_out.entry(operation).or_default().extend(reasons);
        }
        supplements.retain(|(operation, _)| !blame.supplements.contains_key(operation));
    }
}

/// Rounds of [`share_what_generates`] before it gives up: leaving an operation out changes
/// which schemas are shared and how they are named, which can surface a problem elsewhere, so
/// one round may not settle a service; a bound keeps a pathological one from looping.
const MAX_ROUNDS: usize = 8;

/// Writes the `service.yaml` of a service the specs do not have yet, from its Huawei
/// definitions ([`huawei::service_file`]); other sources have no such facts, and their folder
/// needs a hand-written one.
fn write_first_service_file(
    request: &Request,
    definitions_dir: &Path,
    service_path: &Path,
    changed: &mut Vec<String>,
) -> Result<(), ImportError> {
    let huawei_definitions = holds_huawei_definitions(definitions_dir);
    let (vendor, service) = request
        .service_dir
        .split_once('/')
        .unwrap_or(("", request.service_dir.as_str()));
    if !huawei_definitions || vendor != "huawei" {
        return Err(io_error(
            service_path,
            "no service file; write one (only a Huawei service's is derived from its definitions)",
        ));
    }
    let (read, _) = huawei::read(definitions_dir)?;
    let file = huawei::service_file::derive(service, &read);
    let text = serde_yaml::to_string(&file)
        .map_err(|e| ImportError(format!("service.yaml: cannot print: {e}")))?;
    let text = format!(
        "# Derived from the definitions by `cloudgen import-definitions`, once: edit it freely\n\
         # (the import never overwrites it). The regions table and a description are not in\n\
         # the definitions.\n{text}"
    );
    write_if_changed(service_path, &text, &request.specs, changed)
}

/// Fails, before anything is written, when a spec refined by its page names a schema that
/// neither it, `service.yaml` nor the new shared schemas define: the definitions changed under
/// it, and writing would leave a spec that does not generate.
fn check_refined(
    service: &ServiceFile,
    shared: &[crate::load::model::SchemaSpec],
    page_owned: &[&OperationFile],
    refined: &BTreeSet<&str>,
) -> Result<(), ImportError> {
    let mut missing = Vec::new();
    for op in page_owned
        .iter()
        .filter(|op| refined.contains(op.operation.as_str()))
    {
        let defined = |name: &str| {
            op.schemas.iter().any(|s| s.name == name)
                || service.schemas.iter().any(|s| s.name == name)
                || shared.iter().any(|s| s.name == name)
        };
        for name in share::operation_references(op) {
            if !defined(&name) {
                missing.push(format!("{} names {name}", op.operation));
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort();
    missing.dedup();
    Err(ImportError(format!(
        "specs refined by their pages name schemas the definitions no longer share ({}); no spec was written: import those pages again (cloudgen import-page) after removing their specs, or restore the definitions",
        missing.join("; ")
    )))
}

/// Writes `supplements/<Operation>.yaml` for each of `supplements` and removes the other
/// supplements of the folder: a kept spec that the definitions no longer complete has none.
fn write_supplements(
    service_root: &Path,
    supplements: &[(String, String)],
    specs: &Path,
    changed: &mut Vec<String>,
) -> Result<(), ImportError> {
    let dir = service_root.join(supplement::SUPPLEMENTS_DIR);
    let mut written = BTreeSet::new();
    for (operation, text) in supplements {
        let name = format!("{operation}.yaml");
        write_if_changed(&dir.join(&name), text, specs, changed)?;
        written.insert(name);
    }
    if !dir.is_dir() {
        return Ok(());
    }
    let mut stale = Vec::new();
    for entry in fs::read_dir(&dir).map_err(|e| io_error(&dir, e))? {
        let path = entry.map_err(|e| io_error(&dir, e))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".yaml") && !written.contains(name) {
            stale.push(path);
        }
    }
    stale.sort();
    for path in stale {
        fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        changed.push(relative(&path, specs));
    }
    if written.is_empty() {
        // An empty folder is left behind only if something else is in it.
        let _ = fs::remove_dir(&dir);
    }
    Ok(())
}

/// Whether `dir` holds Huawei's definitions: what neither of the other readers claims.
fn holds_huawei_definitions(dir: &Path) -> bool {
    !alibaba::holds_definitions(dir) && !openapi::holds_definitions(dir)
}

/// Operations a reader knows of but has nothing to convert from, with the reasons.
pub type Absent = Vec<(String, Vec<String>)>;

/// Reads the definitions of `dir` with the reader of their source and converts each
/// operation. Returns the drafts and the operations the reader knows of but cannot convert.
pub fn read_drafts(
    dir: &Path,
    facts: &ServiceFacts<'_>,
) -> Result<(Vec<Draft>, Absent), ImportError> {
    let huawei = holds_huawei_definitions(dir);
    let (read, absent) = if alibaba::holds_definitions(dir) {
        let read = alibaba::read(dir)?;
        let absent = alibaba::absent(&read);
        (read, absent)
    } else if openapi::holds_definitions(dir) {
        openapi::read(dir)?
    } else {
        huawei::read(dir)?
    };
    let drafts = read
        .into_iter()
        .map(|one| {
            let mut draft = convert::convert(&one.file, &one.document, facts);
            // A Huawei definition names the host it is served at; one the service's endpoint
            // does not reach cannot be called through the service's client.
            let host = huawei
                .then(|| huawei::service_file::endpoint_template(&one.document))
                .flatten();
            if let (Some(expected), Some(host)) = (facts.endpoint, host) {
                if host != expected {
                    draft.unsupported.push(format!(
                        "the definition is served at `{host}`, not at the service's endpoint `{expected}`"
                    ));
                }
            }
            draft.findings.extend(one.findings);
            draft.findings.sort();
            draft.findings.dedup();
            draft
        })
        .collect();
    Ok((drafts, absent))
}

/// Copies the definition files of `request.from` verbatim into `target` (removing files of an
/// older release that the new one no longer has) and writes `VERSION`. Nothing is copied when
/// `from` is the target itself.
fn sync_definitions(
    request: &Request,
    target: &Path,
    changed: &mut Vec<String>,
) -> Result<(), ImportError> {
    let source = if request.from.join("src").is_dir() {
        request.from.join("src")
    } else {
        request.from.clone()
    };
    let same = match (fs::canonicalize(&source), fs::canonicalize(target)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let version = match &request.version {
        Some(version) => Some(version.clone()),
        None => crate_version(&source)?,
    };
    if same {
        if let Some(version) = version {
            write_if_changed(
                &target.join("VERSION"),
                &format!("{version}\n"),
                &request.specs,
                changed,
            )?;
        }
        return Ok(());
    }
    let Some(version) = version else {
        return Err(ImportError(format!(
            "{}: no Cargo.toml beside the definitions says their version; pass --version",
            request.from.display()
        )));
    };
    let files = source_files(&source)?;
    if files.is_empty() {
        return Err(ImportError(format!(
            "{}: no definition files (*.json, *.tea)",
            source.display()
        )));
    }
    fs::create_dir_all(target).map_err(|e| io_error(target, e))?;
    let names: BTreeSet<_> = files.iter().filter_map(|p| p.file_name()).collect();
    for old in source_files(target)? {
        if old.file_name().is_some_and(|n| !names.contains(n)) {
            fs::remove_file(&old).map_err(|e| io_error(&old, e))?;
            changed.push(relative(&old, &request.specs));
        }
    }
    for file in &files {
        let Some(name) = file.file_name() else {
            continue;
        };
        let destination = target.join(name);
        let bytes = fs::read(file).map_err(|e| io_error(file, e))?;
        if fs::read(&destination).ok().as_deref() != Some(bytes.as_slice()) {
            fs::write(&destination, &bytes).map_err(|e| io_error(&destination, e))?;
            changed.push(relative(&destination, &request.specs));
        }
    }
    write_if_changed(
        &target.join("VERSION"),
        &format!("{version}\n"),
        &request.specs,
        changed,
    )
}

/// `<name> <version>` from the `[package]` of the `Cargo.toml` beside or above `source`.
fn crate_version(source: &Path) -> Result<Option<String>, ImportError> {
    let candidates = [
        Some(source.join("Cargo.toml")),
        source.parent().map(|p| p.join("Cargo.toml")),
    ];
    let Some(path) = candidates.into_iter().flatten().find(|p| p.is_file()) else {
        return Ok(None);
    };
    let text = read_text(&path)?;
    let mut in_package = false;
    let (mut name, mut version) = (None, None);
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_owned();
        match key.trim() {
            "name" if in_package => name = Some(value),
            "version" if in_package => version = Some(value),
            _ => {}
        }
    }
    Ok(name.zip(version).map(|(n, v)| format!("{n} {v}")))
}

/// The files of a definitions folder that the readers read: `*.json` and `*.tea`.
fn source_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        let read = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "tea")
        );
        if read && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// An operation spec already in the folder: where it is, its text and what it says.
pub struct ExistingSpec {
    pub path: PathBuf,
    pub text: String,
    pub spec: OperationFile,
}

/// The operation specs of a folder, parsed; a file that does not parse stops the import, so
/// that a hand-made file is never taken for an imported one and overwritten.
pub fn existing_operations(dir: &Path) -> Result<Vec<ExistingSpec>, ImportError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            paths.push(path);
        }
    }
    paths.sort();
    for path in paths {
        let text = read_text(&path)?;
        let spec: OperationFile = serde_yaml::from_str(&text).map_err(|e| io_error(&path, e))?;
        out.push(ExistingSpec { path, text, spec });
    }
    Ok(out)
}

fn read_text(path: &Path) -> Result<String, ImportError> {
    fs::read_to_string(path).map_err(|e| io_error(path, e))
}

/// Writes `text` to `path` when its bytes differ, through a temporary file and a rename (the
/// write stage's), so an interrupted import never leaves a truncated spec.
fn write_if_changed(
    path: &Path,
    text: &str,
    specs: &Path,
    changed: &mut Vec<String>,
) -> Result<(), ImportError> {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Err(ImportError(format!("{}: not a file path", path.display())));
    };
    let file = crate::write::GeneratedFile {
        path: name.to_owned(),
        contents: text.to_owned(),
    };
    crate::write::write_files(dir, &[file]).map_err(|e| io_error(path, e))?;
    changed.push(relative(path, specs));
    Ok(())
}

fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Leaves out all but one of the definitions that name the same operation: a release can hold
/// one operation in two files (ELB's `CreateHealthMonitor.json` and `CreateHealthmonitor.json`
/// both define `CreateHealthMonitor`), and one name is one generated operation. The file named
/// exactly after the operation is kept, else the first by name.
fn note_repeated_names(drafts: &mut [Draft]) {
    let mut by_name: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (index, draft) in drafts.iter().enumerate() {
        if draft.unsupported.is_empty() {
            by_name
                .entry(draft.operation.operation.clone())
                .or_default()
                .push(index);
        }
    }
    for (name, indices) in by_name.into_iter().filter(|(_, i)| i.len() > 1) {
        let own_file = format!("{name}.json");
        let kept = indices
            .iter()
            .copied()
            .find(|&i| drafts[i].file == own_file)
            .unwrap_or(indices[0]);
        let (kept_file, kept_method, kept_path) = {
            let d = &drafts[kept];
            (d.file.clone(), d.operation.method, d.operation.path.clone())
        };
        for index in indices.into_iter().filter(|&i| i != kept) {
            let draft = &mut drafts[index];
            let endpoint =
                match draft.operation.method == kept_method && draft.operation.path == kept_path {
                    true => "the same endpoint".to_owned(),
                    false => format!(
                        "`{} {}` where it has `{} {}`",
                        draft.operation.method.as_str(),
                        draft.operation.path,
                        kept_method.as_str(),
                        kept_path
                    ),
                };
            draft.unsupported.push(format!(
                "`{}` defines the operation again, as `{kept_file}` does ({endpoint}); `{kept_file}` is the one generated",
                draft.file
            ));
        }
    }
}

/// Tells, for an operation that cannot be generated, which generated operation serves the same
/// method and path: definitions releases keep a superseded definition of an endpoint beside
/// the current one (CCE's `ShowClusterSupportConfiguration` and `GetClusterSupportConfiguration`).
fn note_same_endpoint(drafts: &mut [Draft], page_owned: &[&OperationFile]) {
    let generated: Vec<(HttpMethod, String, String)> = drafts
        .iter()
        .filter(|d| d.unsupported.is_empty())
        .map(|d| &d.operation)
        .chain(page_owned.iter().copied())
        .map(|op| (op.method, op.path.clone(), op.operation.clone()))
        .collect();
    for draft in drafts.iter_mut().filter(|d| !d.unsupported.is_empty()) {
        let op = &draft.operation;
        if let Some((_, _, other)) = generated.iter().find(|(method, path, name)| {
            *method == op.method && *path == op.path && *name != op.operation
        }) {
            draft.unsupported.push(format!(
                "the same endpoint (`{} {}`) is generated as `{other}`",
                op.method.as_str(),
                op.path
            ));
        }
    }
}
