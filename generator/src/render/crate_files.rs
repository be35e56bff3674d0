//! The generated crate's `Cargo.toml` and `README.md`, from `minijinja` templates.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::resolve::model::Api;

const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.j2");
const README: &str = include_str!("../../templates/README.md.j2");

/// Where the generated crate finds the runtime crate, relative to itself.
const RUNTIME_PATH: &str = "../runtime";

#[derive(Serialize)]
struct ServiceView {
    feature: String,
    /// The features of its operation groups, each enabling `feature`.
    groups: Vec<String>,
    path: String,
    title: String,
    vendor: &'static str,
    endpoint: Option<String>,
    api_version: Option<String>,
    operations: Vec<OperationView>,
    /// How many operations have a paginator.
    paged: usize,
    /// The operations that take paging parameters and have no paginator, with the reason.
    unpaged: Vec<UnpagedView>,
    /// The patterns of request values the client cannot check, where and why.
    unchecked_patterns: Vec<String>,
}

#[derive(Serialize)]
struct UnpagedView {
    name: String,
    reason: String,
}

#[derive(Serialize)]
struct OperationView {
    name: String,
    fn_name: String,
    method: &'static str,
    path: String,
    title: String,
    /// The paging pattern its paginator follows.
    paging: Option<&'static str>,
}

/// The paths of the files rendered from templates.
pub const PATHS: [&str; 2] = ["Cargo.toml", "README.md"];

/// The text of `path`, one of [`PATHS`], under `header`.
pub fn render(api: &Api, path: &str, header: &str) -> String {
    let template = if path == "README.md" {
        README
    } else {
        CARGO_TOML
    };
    let services: Vec<ServiceView> = api
        .services
        .iter()
        .map(|s| ServiceView {
            feature: s.feature.clone(),
            groups: s.group_features.clone(),
            path: format!("{}::{}", s.vendor.module(), s.module),
            title: s.title.clone(),
            vendor: s.vendor.display_name(),
            endpoint: s.endpoint.template.clone(),
            api_version: s.api_version.clone(),
            operations: s
                .operations
                .iter()
                .map(|o| OperationView {
                    name: o.name.clone(),
                    fn_name: o.fn_name.clone(),
                    method: o.method.as_str(),
                    path: o.path.clone(),
                    title: o.title.clone(),
                    paging: o.paging.as_ref().map(|p| p.cursor.describe()),
                })
                .collect(),
            paged: s.operations.iter().filter(|o| o.paging.is_some()).count(),
            unpaged: s
                .unpaged
                .iter()
                .map(|(name, reason)| UnpagedView {
                    name: name.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            unchecked_patterns: s.unchecked_patterns.clone(),
        })
        .collect();
    let mut environment = Environment::new();
    environment.set_keep_trailing_newline(true);
    // The templates are part of this crate and take only the values below, so a rendering
    // failure is a bug in the template; it shows in the file, not as a panic.
    environment
        .render_str(
            template,
            context! { header => header, services, runtime_path => RUNTIME_PATH },
        )
        .unwrap_or_else(|error| format!("template error in {path}: {error}\n"))
}
