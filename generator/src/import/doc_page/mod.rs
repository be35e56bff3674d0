//! Saved documentation pages imported into operation specs, so that a vendor's page update
//! becomes a reviewed diff of `specs/`.
//!
//! The flow is one way: a vendor reader ([`huawei`], [`alibaba`]) turns the page's text into
//! a [`model::Page`] of what it states, [`assemble`] applies the rules both vendors share
//! (types, constraints, value sets, schema names, managed parameters), and [`merge`] carries
//! over the facts no page states from the spec being updated. Whatever cannot be mapped is a
//! [`Finding`] with its line.

pub mod alibaba;
pub mod assemble;
pub mod decode;
pub mod describe;
pub mod huawei;
pub mod lines;
pub mod merge;
pub mod model;
pub mod refine;
pub mod report;
pub mod service_dir;
pub mod types;

pub use report::{Finding, Report};

use std::path::Path;

use crate::import::definitions;
use crate::load::model::{OperationFile, ServiceFile, Vendor};

/// What an import needs besides the page.
#[derive(Debug, Clone, Copy)]
pub struct PageContext<'a> {
    /// The service's hand-written `service.yaml`.
    pub service: &'a ServiceFile,
    /// The service's operation specs as they are; the one for this page, found by name or
    /// else by method and path, keeps its hand-written facts.
    pub existing: &'a [OperationFile],
    /// The operation's name, for pages that do not state it (Huawei's) when no spec exists yet.
    pub operation: Option<&'a str>,
}

/// The spec of an imported page and what the importer could not map.
#[derive(Debug, Clone)]
pub struct Imported {
    pub operation: OperationFile,
    pub findings: Vec<Finding>,
    /// Whether an existing spec was updated (its hand-written facts carried over).
    pub updated_existing: bool,
    /// Where the page and the definitions disagree, when the page refined a spec the
    /// definitions importer wrote (see [`refine`]); never blocking, always listed.
    pub disagreements: Vec<String>,
}

/// Imports one page. `Err` holds the findings when no spec can be made at all (no request line,
/// no operation name).
pub fn import_page(text: &str, context: &PageContext<'_>) -> Result<Imported, Vec<Finding>> {
    let text = decode::without_bom(text).map_err(|finding| vec![finding])?;
    let text = text.as_str();
    let mut findings = Vec::new();
    let page = match context.service.vendor {
        // The Kubernetes API pages the project reads are CCE's, in Huawei's layout.
        Vendor::Huawei | Vendor::Kubernetes => huawei::read(text, &mut findings),
        Vendor::Alibaba => alibaba::read(text, &mut findings),
    };
    let by_name = |name: &str| context.existing.iter().find(|o| o.operation == name);
    let existing = context
        .operation
        .or(page.operation.as_deref())
        .and_then(by_name)
        .or_else(|| {
            let (_, method, path) = page.request_line.as_ref()?;
            context
                .existing
                .iter()
                .find(|o| o.method == *method && o.path == *path)
        });
    let name = context
        .operation
        .map(str::to_owned)
        .or_else(|| existing.map(|o| o.operation.clone()))
        .or_else(|| page.operation.clone());
    let Some(name) = name else {
        if page.request_line.is_none() {
            findings.push(Finding::new(
                0,
                "the page has no request line (METHOD /path)",
            ));
        }
        findings.push(Finding::new(
            0,
            "the page does not name its operation and no spec has its method and path; name it (--operation)",
        ));
        findings.sort();
        return Err(findings);
    };
    let (operation, assembled) = assemble::assemble(page, context.service, &name);
    findings.extend(assembled);
    findings.sort();
    let Some(mut operation) = operation else {
        return Err(findings);
    };
    let mut disagreements = Vec::new();
    match existing {
        // A spec of the definitions importer, or one a page refined before: the page is laid
        // over it, so what only the definitions state stays however often the page is imported.
        Some(existing)
            if existing.source.page.starts_with(definitions::SOURCE_PREFIX)
                || existing.source.refines.is_some() =>
        {
            let refined = refine::refine(&operation, existing);
            operation = refined.operation;
            disagreements = refined.disagreements;
        }
        Some(existing) => {
            merge::carry_over(&mut operation, existing, context.service);
            operation.operation = name;
        }
        None => {}
    }
    Ok(Imported {
        operation,
        findings,
        updated_existing: existing.is_some(),
        disagreements,
    })
}

/// Checks that the service folder `dir` still generates once `operation` is written there: an
/// import never writes a spec that breaks `generate`, with or without `--accept-unmapped`. The
/// problems are those the write would add; a folder that had problems before keeps them.
pub fn check_generates(dir: &Path, operation: &OperationFile) -> Result<(), Vec<Finding>> {
    let unreadable = |error: String| vec![Finding::new(0, error)];
    let after = service_dir::sources_with(dir, Some(operation)).map_err(unreadable)?;
    let Err(problems) = crate::generate_from_sources(&after) else {
        return Ok(());
    };
    let before = service_dir::sources_with(dir, None).map_err(unreadable)?;
    let known = crate::generate_from_sources(&before)
        .err()
        .map(|d| d.0)
        .unwrap_or_default();
    let added: Vec<Finding> = problems
        .0
        .iter()
        .filter(|p| !known.contains(p))
        .map(|p| Finding::new(0, format!("the spec would not generate: {p}")))
        .collect();
    if added.is_empty() {
        Ok(())
    } else {
        Err(added)
    }
}

/// Why [`import_into`] wrote nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// No spec can be made from the page (no request line, no operation name).
    NoSpec(Vec<Finding>),
    /// Parts of the page could not be mapped, and that was not accepted.
    Unmapped(Vec<Finding>),
    /// The spec would break `generate`: these are its problems, after the page's findings.
    WouldNotGenerate(Vec<Finding>),
}

/// What [`import_into`] wrote.
#[derive(Debug, Clone)]
pub struct Applied {
    pub imported: Imported,
    pub written: service_dir::Written,
}

/// `cloudgen import-page` without the printing: imports `text` into the service folder `dir`
/// and writes the spec, unless the page gives none, parts are unmapped (and `accept_unmapped`
/// is false), or the spec would not generate (whatever `accept_unmapped` says).
pub fn import_into(
    dir: &Path,
    text: &str,
    operation: Option<&str>,
    accept_unmapped: bool,
) -> Result<Applied, Refusal> {
    let folder = service_dir::read(dir).map_err(|e| Refusal::NoSpec(vec![Finding::new(0, e)]))?;
    let imported = prepare(&folder, text, operation)?;
    if !imported.findings.is_empty() && !accept_unmapped {
        return Err(Refusal::Unmapped(imported.findings));
    }
    let written = service_dir::write_operation(dir, &imported.operation)
        .map_err(|e| Refusal::NoSpec(vec![Finding::new(0, e)]))?;
    Ok(Applied { imported, written })
}

/// The spec `text` gives in the folder, checked to generate there; nothing is written.
pub fn prepare(
    folder: &service_dir::ServiceDir,
    text: &str,
    operation: Option<&str>,
) -> Result<Imported, Refusal> {
    let context = PageContext {
        service: &folder.service,
        existing: &folder.operations,
        operation,
    };
    let imported = import_page(text, &context).map_err(Refusal::NoSpec)?;
    if let Err(problems) = check_generates(&folder.dir, &imported.operation) {
        let mut findings = imported.findings;
        findings.extend(problems);
        return Err(Refusal::WouldNotGenerate(findings));
    }
    Ok(imported)
}
