//! Stage 2: check the parsed specs and resolve them into the model the renderer reads.
//!
//! Every problem is collected, not only the first, and each is reported at the file and line
//! it comes from. Nothing is rendered unless the whole input is valid.

mod features;
pub mod model;
pub mod naming;
mod operation;
mod paging;
mod schema;
pub mod select;
pub(crate) mod supplement;
pub mod unify;
mod validation;
mod waiters;

pub use schema::UNKNOWN_VARIANT;
pub mod type_expr;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::locations::NodePath;
use crate::load::model as spec;
use crate::load::{Parsed, ServiceSources};
use model::{Api, AuthScheme, Endpoint, ErrorBody, FieldAccess, Service, TypeRef, Vendor};
use schema::SchemaTable;

/// Checks and resolves every service.
pub fn resolve(sources: &[ServiceSources]) -> Result<Api, Diagnostics> {
    // Each service resolves on its own, so the services are resolved on all cores; the results
    // keep the sources' order and are sorted below, so the model does not depend on threads.
    let resolved: Vec<(Option<Service>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let mut problems = Vec::new();
            let service = resolve_service(source, &mut problems);
            (service, problems)
        })
        .collect();
    let mut problems = Vec::new();
    let mut services = Vec::new();
    for (service, found) in resolved {
        services.extend(service);
        problems.extend(found);
    }
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    services.sort_by(|a, b| (a.vendor.module(), &a.module).cmp(&(b.vendor.module(), &b.module)));
    Ok(Api { services })
}

/// Problems found while resolving, and the file they belong to.
pub(crate) struct Report<'a, T> {
    pub file: &'a Parsed<T>,
    pub problems: &'a mut Vec<Diagnostic>,
}

impl<T> Report<'_, T> {
    pub fn error(&mut self, at: &NodePath, message: impl Into<String>) {
        self.problems.push(self.file.error(at, message));
    }
}

fn resolve_service(source: &ServiceSources, problems: &mut Vec<Diagnostic>) -> Option<Service> {
    // The supplements complete the page-transcribed operations first, so that everything
    // below sees one spec per operation.
    let merged = supplement::merge(source, problems);
    let source: &ServiceSources = &merged.sources;
    let file = &source.service;
    let spec = &file.value;
    let root = NodePath::root();
    let before = problems.len();
    let mut report = Report { file, problems };

    let vendor = match spec.vendor {
        spec::Vendor::Huawei => Vendor::Huawei,
        spec::Vendor::Alibaba => Vendor::Alibaba,
        spec::Vendor::Kubernetes => Vendor::Kubernetes,
    };
    let expected_dir = format!("{}/{}", vendor.module(), spec.service);
    if source.service_dir != expected_dir {
        report.error(
            &root.key("service"),
            format!(
                "the folder `{}` does not match vendor `{}` and service `{}`: move the files to `{expected_dir}`",
                source.service_dir,
                vendor.module(),
                spec.service
            ),
        );
    }
    let module = naming::snake(&spec.service);
    if spec.service.is_empty() || module.starts_with("r#") || module.ends_with('_') {
        report.error(
            &root.key("service"),
            format!("`{}` cannot name a module", spec.service),
        );
    }
    if spec.auth.is_empty() {
        report.error(
            &root.key("auth"),
            "a service needs at least one authentication scheme",
        );
    }
    check_endpoint(&spec.endpoint, &mut report);
    if spec.scope == spec::Scope::Global && vendor != Vendor::Huawei {
        report.error(
            &root.key("scope"),
            "`scope: global` is for Huawei Cloud's global services (calls scoped to the account's domain)",
        );
    }

    let schemas = SchemaTable::collect(source, report.problems);
    let error = resolve_error_body(
        spec,
        &schemas,
        &mut Report {
            file,
            problems: report.problems,
        },
    );
    let resolved_schemas = schemas.resolve(report.problems);

    let mut operations = Vec::new();
    let mut operation_names: BTreeMap<String, String> = BTreeMap::new();
    for operation_file in &source.operations {
        let mut report = Report {
            file: operation_file,
            problems: &mut *problems,
        };
        let Some(operation) = operation::resolve(
            operation_file,
            source,
            &schemas,
            error.as_ref(),
            &mut report,
        ) else {
            continue;
        };
        for (rust_name, what) in [
            (operation.fn_name.clone(), "method"),
            (operation.builder_name.clone(), "type"),
        ] {
            let key = format!("{what} {rust_name}");
            if let Some(previous) = operation_names.insert(key, operation.name.clone()) {
                report.error(
                    &NodePath::root().key("operation"),
                    format!(
                        "operation `{}` gets the Rust {what} name `{rust_name}`, which operation `{previous}` already has",
                        operation.name
                    ),
                );
            }
        }
        operations.push(operation);
    }

    if problems.len() > before {
        return None;
    }
    let mut sources: Vec<String> =
        std::iter::once(source_name(&source.service_dir, "service.yaml"))
            .chain(
                source
                    .schemas
                    .as_ref()
                    .map(|_| source_name(&source.service_dir, "schemas.yaml")),
            )
            .chain(operations.iter().map(|o| o.source.clone()))
            .chain(
                merged
                    .supplemented
                    .values()
                    .map(|file| source_name(&source.service_dir, file)),
            )
            .collect();
    sources.sort();
    for operation in &mut operations {
        if let Some(file) = merged.supplemented.get(&operation.name) {
            operation.source = format!("{} and {file}", operation.source);
        }
    }
    let mut service = Service {
        vendor,
        feature: naming::service_feature(spec),
        name: spec.service.clone(),
        module,
        title: spec.title.clone(),
        description: spec.description.clone(),
        api_version: spec.api_version.clone(),
        endpoint: Endpoint {
            template: spec.endpoint.template.clone(),
            regions: spec
                .endpoint
                .regions
                .iter()
                .map(|r| (r.region.clone(), r.url.clone()))
                .collect(),
            regions_source: spec.endpoint.regions_source.clone(),
            note: spec.endpoint.note.clone(),
        },
        global: spec.scope == spec::Scope::Global,
        auth: spec
            .auth
            .iter()
            .map(|scheme| match scheme {
                spec::AuthScheme::HuaweiToken => AuthScheme::HuaweiToken,
                spec::AuthScheme::HuaweiAksk => AuthScheme::HuaweiAksk,
                spec::AuthScheme::AlibabaAcs3 => AuthScheme::AlibabaAcs3,
                spec::AuthScheme::BearerToken => AuthScheme::BearerToken,
                spec::AuthScheme::ClientCertificate => AuthScheme::ClientCertificate,
            })
            .collect(),
        request_id_header: spec.request_id_header.clone(),
        error: error?,
        schemas: resolved_schemas,
        operations,
        sources,
        merged_schemas: 0,
        group_features: Vec::new(),
        module_features: BTreeMap::new(),
        unpaged: Vec::new(),
        unchecked_patterns: Vec::new(),
    };
    // A package's types are the API's own named types, each documented and versioned on its
    // own (`SecretKeySelector` and `ConfigMapKeySelector` look alike today): they are kept.
    if !spec.types_by_package {
        service.merged_schemas = unify::unify(&mut service);
    }
    features::assign(&mut service);
    paging::assign(&mut service);
    validation::assign(&mut service);
    let before = problems.len();
    waiters::assign(&mut service, &spec.waiters, &mut Report { file, problems });
    (problems.len() == before).then_some(service)
}

/// The name of a spec file relative to the specs folder, with `/` on every platform.
pub(crate) fn source_name(service_dir: &str, file: &str) -> String {
    format!("{service_dir}/{file}")
}

fn check_endpoint(endpoint: &spec::EndpointSpec, report: &mut Report<'_, spec::ServiceFile>) {
    let at = NodePath::root().key("endpoint");
    match &endpoint.template {
        Some(template) => {
            if !(template.starts_with("https://") || template.starts_with("http://")) {
                report.error(
                    &at.key("template"),
                    format!("the endpoint `{template}` must start with https://"),
                );
            }
            let placeholders = placeholders(template);
            if placeholders.iter().any(|p| p != "region") {
                report.error(
                    &at.key("template"),
                    format!("the endpoint `{template}` may only use the `{{region}}` placeholder"),
                );
            }
        }
        None if endpoint.note.is_none() => report.error(
            &at,
            "an endpoint without a template needs a `note` telling the caller which address to use",
        ),
        None => {}
    }
    if endpoint.regions_source.is_some() && endpoint.regions.is_empty() {
        report.error(
            &at.key("regions_source"),
            "`regions_source` says where the complete table of `regions` comes from, and there are no `regions`",
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (index, region) in endpoint.regions.iter().enumerate() {
        if !seen.insert(region.region.as_str()) {
            report.error(
                &at.key("regions").index(index).key("region"),
                format!("the region `{}` is listed twice", region.region),
            );
        }
        if !(region.url.starts_with("https://") || region.url.starts_with("http://")) {
            report.error(
                &at.key("regions").index(index).key("url"),
                format!("the endpoint `{}` must start with https://", region.url),
            );
        }
    }
}

/// The `{name}` placeholders of a template, in order.
pub(crate) fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    names
}

fn resolve_error_body(
    spec: &spec::ServiceFile,
    schemas: &SchemaTable,
    report: &mut Report<'_, spec::ServiceFile>,
) -> Option<ErrorBody> {
    let at = NodePath::root().key("errors");
    let ty = match schemas.resolve_type(&spec.errors.body) {
        Ok(ty) => ty,
        Err(message) => {
            report.error(&at.key("body"), message);
            return None;
        }
    };
    let TypeRef::Named(type_name) = ty else {
        report.error(&at.key("body"), "the error body must be an object schema");
        return None;
    };
    let Some(fields) = schemas.object_fields(&type_name) else {
        report.error(
            &at.key("body"),
            format!(
                "the error body `{}` must be an object schema",
                spec.errors.body
            ),
        );
        return None;
    };
    let mut access = |key: &str, wire_name: &str| {
        let field = fields.iter().find(|f| f.name == wire_name);
        match field {
            Some(field) if field.type_expr.trim() == "string" => Some(FieldAccess {
                field: field
                    .rust_name
                    .clone()
                    .unwrap_or_else(|| naming::snake(&field.name)),
                required: field.required,
            }),
            Some(_) => {
                report.error(
                    &at.key(key),
                    format!("the property `{wire_name}` of the error body must be a string"),
                );
                None
            }
            None => {
                report.error(
                    &at.key(key),
                    format!(
                        "the error body `{}` has no property `{wire_name}`",
                        spec.errors.body
                    ),
                );
                None
            }
        }
    };
    let code = access("code", &spec.errors.code);
    let message = access("message", &spec.errors.message);
    Some(ErrorBody {
        type_name,
        code: code?,
        message: message?,
    })
}
