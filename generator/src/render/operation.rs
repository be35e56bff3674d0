//! One operation into its descriptor, its client method, its request builder and, when it has
//! several success statuses, its response enum. Everything else lives in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::types::{ident, type_tokens, Scope};
use crate::resolve::model::{
    HttpMethod, Location, Operation, Output, Parameter, QueryEncoding, ReplyBody, Supplier, TypeRef,
};

pub fn operation(op: &Operation) -> TokenStream {
    let descriptor = descriptor(op);
    let members: Vec<Member> = op
        .parameters
        .iter()
        .filter_map(Member::parameter)
        .chain(op.body.as_ref().map(|body| Member {
            name: "body".to_owned(),
            ty: body.ty.clone(),
            required: body.required,
            doc: match &body.description {
                Some(description) => vec![docs::escape_lines(description)],
                None => vec!["The request body.".to_owned()],
            },
            summary: Some(match &body.description {
                Some(description) => docs::escape_lines(description),
                None => "The request body.".to_owned(),
            }),
            facts: Vec::new(),
            deprecated: None,
            wire: None,
            encoding: QueryEncoding::Repeated,
        }))
        .collect();
    let builder = ident(&op.builder_name);
    let method = ident(&op.fn_name);

    let required: Vec<&Member> = members.iter().filter(|m| m.required).collect();
    let args = required.iter().map(|m| {
        let name = ident(&m.name);
        let ty = m.argument_type();
        quote!(#name: #ty)
    });
    let inits = members.iter().map(|m| {
        let name = ident(&m.name);
        if !m.required {
            quote!(#name: None)
        } else if m.ty == TypeRef::String {
            quote!(#name: #name.into())
        } else {
            quote!(#name)
        }
    });
    let fields = members.iter().map(|m| {
        let name = ident(&m.name);
        let ty = m.stored_type();
        quote!(#name: #ty)
    });
    let setters = members.iter().filter(|m| !m.required).map(setter);
    let method_doc = docs::outer(&method_paragraphs(op, &required));
    let builder_doc = format!(" Request builder for [`Client::{}`]: set optional parameters, then call [`send`](Self::send).", op.fn_name);
    let (output_type, output_enum, decode) = output(op);
    let (check_values, validated) = super::validation::builder_checks(
        op.parameters
            .iter()
            .filter(|p| p.supplier == Supplier::Caller)
            .filter_map(|p| {
                super::validation::check(&p.wire_name, &p.rust_name, p.required, &p.checks)
            })
            .chain(op.body.iter().filter_map(|body| {
                super::validation::check("body", "body", body.required, &body.checks)
            }))
            .collect(),
    );
    let request = request_chain(
        op,
        &members,
        op.output.download_media_type().is_some(),
        validated,
    );
    let send_doc = docs::outer(&[send_paragraph(op)]);
    let imports = if mentions_schema(op) {
        quote!(
            use super::{types, Client, Error};
        )
    } else {
        quote!(
            use super::{Client, Error};
        )
    };
    let paginator = super::paging::paginator(op);
    let waiters = super::waiters::waiters(op, &output_type);
    let project = op
        .parameters
        .iter()
        .any(|p| p.supplier == Supplier::CallerOrProject)
        .then(|| quote!(, project_id));

    let validation_imports = super::validation::imports(
        op.parameters
            .iter()
            .filter(|p| p.supplier == Supplier::Caller)
            .map(|p| &p.checks)
            .chain(op.body.iter().map(|b| &b.checks)),
        false,
    );
    quote! {
        #imports
        use cloudgen_runtime::{CallOptions, OperationDescriptor, Request, WithMetadata};
        #validation_imports

        impl Client {
            #method_doc
            pub fn #method(&self #(, #args)*) -> #builder {
                #builder { client: self.clone(), call_options: CallOptions::default(), #(#inits),* }
            }
        }

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            client: Client,
            call_options: CallOptions,
            #(#fields),*
        }

        impl #builder {
            #descriptor

            #(#setters)*

            #send_doc
            pub async fn send(self) -> Result<#output_type, Error> {
                self.send_with_metadata().await.map(WithMetadata::into_value)
            }

            /// Like [`send`](Self::send), also giving the reply's status, headers and request id.
            pub async fn send_with_metadata(self) -> Result<WithMetadata<#output_type>, Error> {
                #request
                #decode
            }

            #check_values
        }

        cloudgen_runtime::request_builder!(#builder #project);

        #paginator

        #waiters

        #output_enum
    }
}

/// Whether the operation's code names a type of the service's `types` module.
fn mentions_schema(op: &Operation) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Array(item) | TypeRef::Map(item) => named(item),
            _ => false,
        }
    }
    let outputs: Vec<&TypeRef> = op
        .output
        .bodies()
        .into_iter()
        .filter_map(|body| match body {
            ReplyBody::Json(ty) => Some(ty),
            ReplyBody::Binary { .. } => None,
        })
        .collect();
    op.parameters
        .iter()
        .filter(|p| matches!(p.supplier, Supplier::Caller | Supplier::CallerOrProject))
        .map(|p| &p.ty)
        .chain(op.body.iter().map(|b| &b.ty))
        .chain(outputs)
        .any(named)
}

/// A value the caller sets on the builder: a parameter or the request body.
struct Member {
    name: String,
    ty: TypeRef,
    required: bool,
    doc: Vec<String>,
    /// The description, for the argument list.
    summary: Option<String>,
    /// What the spec says of the values (range, lengths, pattern, ...), for the argument list.
    facts: Vec<String>,
    /// The deprecation notice, for deprecated parameters.
    deprecated: Option<String>,
    /// Wire name and location, for parameters.
    wire: Option<(String, Location)>,
    encoding: QueryEncoding,
}

impl Member {
    /// The member of a parameter the caller sets; `None` for those the runtime fills (the
    /// project, from the call's options or the client's; credentials; the body's encoding).
    fn parameter(parameter: &Parameter) -> Option<Member> {
        match parameter.supplier {
            Supplier::Caller => {}
            Supplier::CallerOrProject | Supplier::Credentials | Supplier::BodyEncoding => {
                return None
            }
        }
        Some(Member {
            name: parameter.rust_name.clone(),
            ty: parameter.ty.clone(),
            required: parameter.required,
            doc: docs::field(&parameter.docs),
            summary: parameter
                .docs
                .description
                .as_deref()
                .map(docs::escape_lines),
            facts: docs::facts(&parameter.docs),
            deprecated: parameter.docs.deprecated.clone(),
            wire: Some((parameter.wire_name.clone(), parameter.location)),
            encoding: parameter.encoding,
        })
    }

    fn value_type(&self) -> TokenStream {
        type_tokens(&self.ty, Scope::Sibling)
    }

    fn argument_type(&self) -> TokenStream {
        if self.ty == TypeRef::String {
            quote!(impl Into<String>)
        } else {
            self.value_type()
        }
    }

    fn stored_type(&self) -> TokenStream {
        let ty = self.value_type();
        if self.required {
            ty
        } else {
            quote!(Option<#ty>)
        }
    }
}

fn setter(member: &Member) -> TokenStream {
    let name = ident(&member.name);
    let ty = member.argument_type();
    let value = if member.ty == TypeRef::String {
        quote!(value.into())
    } else {
        quote!(value)
    };
    let doc = docs::outer(&member.doc);
    let deprecated = member
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #doc
        #deprecated
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn descriptor(op: &Operation) -> TokenStream {
    let name = &op.name;
    let method = ident(match op.method {
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Post",
        HttpMethod::Put => "Put",
        HttpMethod::Patch => "Patch",
        HttpMethod::Delete => "Delete",
        HttpMethod::Head => "Head",
        HttpMethod::Options => "Options",
    });
    let path = &op.path;
    let success = op
        .output
        .success_statuses()
        .into_iter()
        .map(Literal::u16_unsuffixed);
    let idempotent = op.idempotent;
    quote! {
        /// The operation's descriptor, for a request sent with [`Client::execute`].
        pub const OPERATION: OperationDescriptor = OperationDescriptor {
            name: #name,
            method: cloudgen_runtime::HttpMethod::#method,
            path: #path,
            success: &[#(#success),*],
            idempotent: #idempotent,
        };
    }
}

/// The statements that build the request from the builder's members; `downloads` when a
/// reply is read as raw bytes.
fn request_chain(
    op: &Operation,
    members: &[Member],
    downloads: bool,
    validated: TokenStream,
) -> TokenStream {
    let mut calls = Vec::new();
    let mut body = None;
    for parameter in &op.parameters {
        if parameter.supplier == Supplier::CallerOrProject {
            let wire = &parameter.wire_name;
            calls.push(quote!(.project_path_param(#wire)));
        }
    }
    for member in members {
        let name = ident(&member.name);
        let Some((wire, location)) = &member.wire else {
            // A patch's kind sets its media type; any other body is JSON.
            let media_type = op.body.as_ref().and_then(|b| b.media_type.as_deref());
            let encode = |value: TokenStream| match (&member.ty, media_type) {
                (TypeRef::Patch, _) => quote!(patch_body(#value)),
                // The documented media type, which the signature covers.
                (_, Some(media_type)) => quote!(json_body_as(#media_type, #value)),
                _ => quote!(json_body(#value)),
            };
            body = Some(if member.required {
                let call = encode(quote!(&self.body));
                quote! { let request = request.#call; }
            } else {
                let call = encode(quote!(body));
                quote! {
                    let request = match &self.body {
                        Some(body) => request.#call,
                        None => request,
                    };
                }
            });
            continue;
        };
        let optional = !member.required;
        let is_array = matches!(member.ty, TypeRef::Array(_));
        calls.push(match (location, optional, is_array) {
            (Location::Path, _, _) => quote!(.path_param(#wire, &self.#name)),
            (Location::Query, false, _) if member.encoding == QueryEncoding::Json => {
                quote!(.query_json(#wire, &self.#name))
            }
            (Location::Query, true, _) if member.encoding == QueryEncoding::Json => {
                quote!(.query_json_opt(#wire, self.#name.as_ref()))
            }
            (Location::Query, false, _) if member.encoding == QueryEncoding::Comma => {
                quote!(.query_joined(#wire, &self.#name))
            }
            (Location::Query, true, _) if member.encoding == QueryEncoding::Comma => {
                quote!(.query_joined_opt(#wire, self.#name.as_deref()))
            }
            (Location::Query, false, false) => quote!(.query(#wire, &self.#name)),
            (Location::Query, true, false) => quote!(.query_opt(#wire, self.#name.as_ref())),
            (Location::Query, false, true) => quote!(.query_each(#wire, &self.#name)),
            (Location::Query, true, true) => {
                quote!(.query_each(#wire, self.#name.as_deref().unwrap_or_default()))
            }
            (Location::Header, false, _) => quote!(.header(#wire, &self.#name)),
            (Location::Header, true, _) => quote!(.header_opt(#wire, self.#name.as_ref())),
            (Location::Form, optional, _) => match (member.ty == TypeRef::Binary, optional) {
                (true, false) => quote!(.form_file(#wire, &self.#name)),
                (true, true) => quote!(.form_file_opt(#wire, self.#name.as_ref())),
                (false, false) => quote!(.form_text(#wire, &self.#name)),
                (false, true) => quote!(.form_text_opt(#wire, self.#name.as_ref())),
            },
        });
    }
    if downloads {
        calls.push(quote!(.accept_any()));
    }
    quote! {
        let request = Request::new(&Self::OPERATION) #validated .options(self.call_options) #(#calls)*;
        #body
    }
}

/// The Rust type of a success reply's body.
fn reply_type(body: &ReplyBody) -> TokenStream {
    match body {
        ReplyBody::Json(ty) => type_tokens(ty, Scope::Sibling),
        ReplyBody::Binary { .. } => quote!(cloudgen_runtime::Download),
    }
}

/// The call that reads a success reply's body from `response`, which stays usable.
fn reply_read(body: &ReplyBody) -> TokenStream {
    match body {
        ReplyBody::Json(_) => quote!(json()?),
        ReplyBody::Binary { .. } => quote!(download()),
    }
}

/// The type `send` returns, the response enum when there is one, and the decoding statements
/// of `send_with_metadata`.
fn output(op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    let execute = quote!(self.client.inner.execute(request).await?);
    match &op.output {
        Output::Single { body: None, .. } => {
            (quote!(()), quote!(), quote! { Ok(#execute.into_empty()) })
        }
        Output::Single {
            body: Some(body), ..
        } => {
            let read = match body {
                ReplyBody::Json(_) => quote! { #execute.into_json() },
                ReplyBody::Binary { .. } => quote! { Ok(#execute.into_file()) },
            };
            (reply_type(body), quote!(), read)
        }
        Output::ByStatus {
            enum_name,
            variants,
        } => {
            let name = ident(enum_name);
            let doc = format!(
                " The documented success replies of [`Client::{}`].",
                op.fn_name
            );
            let definitions = variants.iter().map(|v| {
                let variant = ident(&v.variant);
                let doc = format!(
                    " {}: {}",
                    v.status.status,
                    docs::escape(&v.status.description)
                );
                match &v.body {
                    Some(body) => {
                        let ty = reply_type(body);
                        quote!(#[doc = #doc] #variant(#ty))
                    }
                    None => quote!(#[doc = #doc] #variant),
                }
            });
            let arms = variants.iter().map(|v| {
                let variant = ident(&v.variant);
                let status = Literal::u16_unsuffixed(v.status.status);
                match &v.body {
                    Some(body) => {
                        let read = reply_read(body);
                        quote!(#status => #name::#variant(response.#read))
                    }
                    None => quote!(#status => #name::#variant),
                }
            });
            let definition = quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name { #(#definitions),* }
            };
            let decode = quote! {
                let response = #execute;
                let value = match response.status() {
                    #(#arms,)*
                    _ => return Err(response.unexpected_status()),
                };
                Ok(response.with_value(value))
            };
            (quote!(#name), definition, decode)
        }
    }
}

fn method_paragraphs(op: &Operation, required: &[&Member]) -> Vec<String> {
    let mut paragraphs = vec![docs::escape(&op.title)];
    paragraphs.extend(op.description.iter().map(|d| docs::escape_lines(d)));
    paragraphs.push(format!("`{} {}`", op.method.as_str(), op.path));
    for permission in &op.permissions {
        let mut text = format!("Permission: `{}`", permission.action);
        if let Some(level) = &permission.access_level {
            text.push_str(&format!(" ({})", docs::escape(level)));
        }
        if !permission.resource_types.is_empty() {
            let types: Vec<String> = permission
                .resource_types
                .iter()
                .map(|r| {
                    let mut text = docs::escape(&r.name);
                    if r.required {
                        text.push_str(" (required)");
                    }
                    if let Some(pattern) = &r.pattern {
                        text.push_str(&format!(", `{}`", pattern.replace('`', "'")));
                    }
                    text
                })
                .collect();
            text.push_str(&format!("; resource types: {}", types.join("; ")));
        }
        if !permission.condition_keys.is_empty() {
            let keys: Vec<String> = permission
                .condition_keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect();
            text.push_str(&format!("; condition keys: {}", keys.join(", ")));
        }
        if !permission.dependencies.is_empty() {
            text.push_str(&format!(
                "; depends on: {}",
                docs::escape(&permission.dependencies.join(", "))
            ));
        }
        paragraphs.push(text);
    }
    if !required.is_empty() {
        let mut arguments = String::from("# Arguments");
        for member in required {
            let summary = member
                .summary
                .as_deref()
                .map(|d| d.replace('\n', " "))
                .unwrap_or_default();
            let name = member.name.trim_start_matches("r#");
            arguments.push_str(&match summary.is_empty() {
                true => format!("\n- `{name}`"),
                false => format!("\n- `{name}`: {summary}"),
            });
            // What the spec says of the values (range, lengths, pattern, ...), on the item's
            // line: a required argument has no setter whose doc could carry them.
            let facts: Vec<String> = member
                .facts
                .iter()
                .map(|fact| {
                    fact.replace('\n', " ")
                        .trim()
                        .trim_end_matches('.')
                        .to_owned()
                })
                .filter(|fact| !fact.is_empty())
                .collect();
            if !facts.is_empty() {
                arguments.push_str(&format!(" ({})", facts.join("; ")));
            }
        }
        paragraphs.push(arguments);
    }
    if !op.notes.is_empty() {
        paragraphs.push("# Notes from the documentation".to_owned());
        paragraphs.extend(op.notes.iter().map(|n| docs::escape_lines(n)));
    }
    paragraphs
}

fn send_paragraph(op: &Operation) -> String {
    let statuses = match &op.output {
        Output::Single { status, .. } => format!(
            "HTTP {} ({})",
            status.status,
            docs::escape(&status.description)
        ),
        Output::ByStatus { variants, .. } => variants
            .iter()
            .map(|v| {
                format!(
                    "HTTP {} ({})",
                    v.status.status,
                    docs::escape(&v.status.description)
                )
            })
            .collect::<Vec<_>>()
            .join(" or "),
    };
    let errors: Vec<String> = op
        .errors
        .iter()
        .map(|e| format!("{} ({})", e.status, docs::escape(&e.description)))
        .collect();
    let mut text = format!("Sends the request. Succeeds on {statuses}.");
    if let Some(content_type) = op.output.download_media_type() {
        text.push_str(&format!(
            " The reply is a file (documented as `{content_type}`), returned whole as raw bytes."
        ));
    }
    if !errors.is_empty() {
        text.push_str(&format!(" Documented errors: {}.", errors.join(", ")));
    }
    text
}
