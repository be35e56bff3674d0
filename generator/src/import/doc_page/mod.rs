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
pub mod describe;
pub mod huawei;
pub mod lines;
pub mod merge;
pub mod model;
pub mod report;
pub mod service_dir;
pub mod types;

pub use report::{Finding, Report};

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
}

/// Imports one page. `Err` holds the findings when no spec can be made at all (no request line,
/// no operation name).
pub fn import_page(text: &str, context: &PageContext<'_>) -> Result<Imported, Vec<Finding>> {
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
    if let Some(existing) = existing {
        merge::carry_over(&mut operation, existing, context.service);
        operation.operation = name;
    }
    Ok(Imported {
        operation,
        findings,
        updated_existing: existing.is_some(),
    })
}
