//! A service's module: its descriptor, its `Client`, its error type, and the module tree.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::types::{ident, schema};
use crate::resolve::model::{AuthScheme, Output, Service, Vendor};

/// The body of a service's module; `children` declares (or holds, inline) its `types` module
/// and one module per operation.
pub fn module(service: &Service, children: TokenStream) -> TokenStream {
    let doc = docs::inner(&module_paragraphs(service));
    let vendor = ident(match service.vendor {
        Vendor::Huawei => "Huawei",
        Vendor::Alibaba => "Alibaba",
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
        match &op.output {
            Output::ByStatus { enum_name, .. } => {
                let output = ident(enum_name);
                quote!(pub use #module::{#builder, #output};)
            }
            Output::Single { .. } => quote!(pub use #module::#builder;),
        }
    });
    let error = &service.error;
    let error_type = ident(&error.type_name);
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
pub fn types(service: &Service) -> TokenStream {
    let doc = docs::inner(&[format!(
        "The data types of {}: request and response bodies, and the values they hold.",
        docs::escape(&service.title)
    )]);
    let schemas = service.schemas.iter().map(schema);
    quote! { #doc #(#schemas)* }
}
