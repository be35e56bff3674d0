//! A service's module: its descriptor, its `Client`, its error type, and the module tree.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::types::{ident, schema};
use crate::resolve::model::{AuthScheme, Output, Schema, SchemaKind, Service, Vendor};
use crate::resolve::naming;

/// The body of a service's module; `children` declares (or holds, inline) its `types` module
/// and one module per operation.
pub fn module(service: &Service, children: TokenStream) -> TokenStream {
    let doc = docs::inner(&module_paragraphs(service));
    let vendor = ident(match service.vendor {
        Vendor::Huawei => "Huawei",
        Vendor::Alibaba => "Alibaba",
        Vendor::Kubernetes => "Kubernetes",
    });
    let name = &service.name;
    let api_version = option(service.api_version.as_deref());
    let template = option(service.endpoint.template.as_deref());
    let regions = service
        .endpoint
        .regions
        .iter()
        .map(|(region, url)| quote!((#region, #url)));
    let regions_complete = service.endpoint.regions_source.is_some();
    let global = service.global;
    let auth = service.auth.iter().map(|scheme| {
        ident(match scheme {
            AuthScheme::HuaweiToken => "HuaweiToken",
            AuthScheme::HuaweiAksk => "HuaweiAksk",
            AuthScheme::AlibabaAcs3 => "AlibabaAcs3",
            AuthScheme::BearerToken => "BearerToken",
            AuthScheme::ClientCertificate => "ClientCertificate",
        })
    });
    let request_id = option(service.request_id_header.as_deref());
    let exports = service.operations.iter().map(|op| {
        let module = ident(&op.fn_name);
        let builder = ident(&op.builder_name);
        let gate = operation_gate(op);
        match &op.output {
            Output::ByStatus { enum_name, .. } => {
                let output = ident(enum_name);
                quote!(#gate pub use #module::{#builder, #output};)
            }
            Output::Single { .. } => quote!(#gate pub use #module::#builder;),
        }
    });
    let error = &service.error;
    let error_type = super::types::type_path(&error.type_name);
    let accessor = |access: &crate::resolve::model::FieldAccess| {
        let field = ident(&access.field);
        if access.required {
            quote!(Some(self.#field.as_str()))
        } else {
            quote!(self.#field.as_deref())
        }
    };
    let code = accessor(&error.code);
    let message = accessor(&error.message);
    let client_doc = format!(
        " Client for {} ({}). Cheap to clone: clones share one connection pool.",
        docs::escape(&service.title),
        service.vendor.display_name()
    );

    quote! {
        #doc

        use cloudgen_runtime::{AuthScheme, Config, ConfigError, Request, Response, ServiceDescriptor, Vendor};

        #children

        #(#exports)*

        static SERVICE: ServiceDescriptor = ServiceDescriptor {
            vendor: Vendor::#vendor,
            name: #name,
            api_version: #api_version,
            endpoint_template: #template,
            region_endpoints: &[#(#regions),*],
            regions_complete: #regions_complete,
            global: #global,
            auth: &[#(AuthScheme::#auth),*],
            request_id_header: #request_id,
        };

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: cloudgen_runtime::Client,
        }

        impl Client {
            /// Creates a client. The configuration needs a region, or an endpoint when the
            /// service has no regional endpoint.
            pub fn new(config: Config) -> Result<Self, ConfigError> {
                cloudgen_runtime::Client::new(&SERVICE, config).map(|inner| Self { inner })
            }

            /// Sends a request built by hand, for what the request builders cannot express:
            /// start from an operation's descriptor (`OPERATION` of its builder). It is signed,
            /// retried and checked like every generated call; the reply is returned undecoded.
            pub async fn execute(&self, request: Request) -> Result<Response, Error> {
                self.inner.execute(request).await
            }
        }

        /// The error every operation of this service returns.
        pub type Error = cloudgen_runtime::Error<types::#error_type>;

        impl cloudgen_runtime::ServiceError for types::#error_type {
            fn code(&self) -> Option<&str> {
                #code
            }

            fn message(&self) -> Option<&str> {
                #message
            }
        }
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn module_paragraphs(service: &Service) -> Vec<String> {
    let mut paragraphs = vec![format!(
        "{}, {} (`{}`), behind the cargo feature `{}`.",
        docs::escape(&service.title),
        service.vendor.display_name(),
        service.name,
        service.feature
    )];
    paragraphs.extend(service.description.iter().map(|d| docs::escape_lines(d)));
    if let Some(version) = &service.api_version {
        paragraphs.push(format!("API version `{version}`."));
    }
    match &service.endpoint.template {
        Some(template) => paragraphs.push(format!("Endpoint: `{template}`.")),
        None => paragraphs.push(
            "This service has no regional endpoint: configure the client's endpoint.".to_owned(),
        ),
    }
    if let Some(source) = &service.endpoint.regions_source {
        let names: Vec<String> = service
            .endpoint
            .regions
            .iter()
            .map(|(region, _)| format!("`{region}`"))
            .collect();
        paragraphs.push(format!(
            "Regions ({}, from {}): {}. Another region is refused unless the client's endpoint is set.",
            names.len(),
            docs::escape(source),
            names.join(", ")
        ));
    }
    if let Some(note) = &service.endpoint.note {
        paragraphs.push(docs::escape_lines(note));
    }
    let mut operations = String::from("Operations:");
    for op in &service.operations {
        operations.push_str(&format!(
            "\n- [`Client::{}`] (`{}`): {}",
            op.fn_name,
            op.name,
            docs::escape(&op.title)
        ));
    }
    paragraphs.push(operations);
    paragraphs
}

/// `<vendor>/<service>/types.rs`.
/// The types of `module` (a package module of `types`), or with `None` those of `types`
/// itself. A package module imports the modules its types name, so that a type is written
/// `meta_v1::ObjectMeta` wherever it is used.
pub fn types(service: &Service, module: Option<&str>) -> TokenStream {
    let doc = match module {
        None => docs::inner(&[format!(
            "The data types of {}: request and response bodies, and the values they hold.",
            docs::escape(&service.title)
        )]),
        Some(module) => docs::inner(&[format!(
            "The types of the package `{}`.",
            package_name(service, module)
        )]),
    };
    let in_module: Vec<&Schema> = service
        .schemas
        .iter()
        .filter(|s| naming::split_module(&s.rust_name).0 == module)
        .collect();
    let imports = module.map(|_| {
        let used: BTreeSet<&str> = in_module
            .iter()
            .flat_map(|s| s.referenced_schemas())
            .filter_map(|name| naming::split_module(name).0)
            .collect();
        let used = used.into_iter().map(ident);
        quote! { #[allow(unused_imports)] use super::{#(#used),*}; }
    });
    let checked: Vec<&Schema> = in_module.iter().copied().filter(|s| s.checked).collect();
    let checks = checked.iter().flat_map(|s| match &s.kind {
        SchemaKind::Object(fields) => fields.iter().map(|f| &f.checks).collect(),
        _ => Vec::new(),
    });
    let validation = super::validation::imports(checks, !checked.is_empty());
    let schemas = in_module.into_iter().map(schema);
    quote! { #doc #imports #validation #(#schemas)* }
}

/// The package modules of a service's types, sorted; none unless it has `types_by_package`.
pub fn type_modules(service: &Service) -> Vec<String> {
    let modules: BTreeSet<String> = service
        .schemas
        .iter()
        .filter_map(|s| naming::split_module(&s.rust_name).0)
        .map(str::to_owned)
        .collect();
    modules.into_iter().collect()
}

/// The documentation's package of `module` (`io.k8s.api.core.v1`).
fn package_name(service: &Service, module: &str) -> String {
    service
        .schemas
        .iter()
        .find(|s| naming::split_module(&s.rust_name).0 == Some(module))
        .and_then(|s| s.doc_name.rsplit_once('.'))
        .map(|(package, _)| package.to_owned())
        .unwrap_or_else(|| module.to_owned())
}

/// The `#[cfg]` of an operation in a group: its group's feature.
pub fn operation_gate(op: &crate::resolve::model::Operation) -> Option<TokenStream> {
    op.feature
        .as_ref()
        .map(|feature| quote!(#[cfg(feature = #feature)]))
}

/// The `#[cfg]` of a package module of `service`'s types: compiled with any of the features
/// whose operations use it (`resolve` works out which), always when none of them is known.
pub fn module_gate(service: &Service, module: &str) -> Option<TokenStream> {
    let features = service.module_features.get(module)?;
    match features.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        several => Some(quote!(#[cfg(any(#(feature = #several),*))])),
    }
}
