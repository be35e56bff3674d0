//! Schemas into Rust types: structs with serde renames, enums that keep unknown values, aliases.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::resolve::model::{EnumValue, Field, Schema, SchemaKind, TypeRef};

/// An identifier from a name the resolve stage made valid (`r#type` included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The wire-facing name of a Rust identifier, as serde would derive it.
fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Where a schema name is written from: inside the `types` module, or from beside it.
#[derive(Clone, Copy)]
pub enum Scope {
    Types,
    Sibling,
}

/// A schema's Rust name as a path from the `types` module (`core_v1::Pod`); inside a package
/// module of `types` the modules it names are imported, so the same path is written there.
pub fn type_path(rust_name: &str) -> TokenStream {
    let segments = rust_name.split("::").map(ident);
    quote!(#(#segments)::*)
}

pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        // Only a form parameter is `binary` (`resolve` keeps it out of schemas).
        TypeRef::Binary => quote!(cloudgen_runtime::FilePart),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Map(item) => {
            let item = type_tokens(item, scope);
            quote!(std::collections::BTreeMap<String, #item>)
        }
        TypeRef::Named(name) => {
            let path = type_path(name);
            match scope {
                Scope::Types => path,
                Scope::Sibling => quote!(types::#path),
            }
        }
        TypeRef::IntOrString => quote!(cloudgen_runtime::IntOrString),
        TypeRef::Patch => quote!(cloudgen_runtime::Patch),
    }
}

pub fn schema(schema: &Schema) -> TokenStream {
    let mut paragraphs = Vec::new();
    if let Some(description) = &schema.description {
        paragraphs.push(docs::escape_lines(description));
    }
    if crate::resolve::naming::last_segment(&schema.doc_name)
        != crate::resolve::naming::split_module(&schema.rust_name).1
    {
        paragraphs.push(format!("Documented as `{}`.", schema.doc_name));
    }
    let doc = docs::outer(&paragraphs);
    let name = ident(crate::resolve::naming::split_module(&schema.rust_name).1);
    match &schema.kind {
        SchemaKind::Object(fields) => {
            let object = object(&doc, &name, fields);
            let checked = super::validation::checked_impl(schema, &name);
            quote!(#object #checked)
        }
        SchemaKind::Enum(values) => string_enum(&doc, &name, values),
        SchemaKind::Alias(ty) => {
            let ty = type_tokens(ty, Scope::Types);
            quote! { #doc pub type #name = #ty; }
        }
    }
}

fn object(doc: &TokenStream, name: &Ident, fields: &[Field]) -> TokenStream {
    let default = fields.iter().all(|f| !f.required).then(|| quote!(Default,));
    let members = fields.iter().map(|field| {
        let doc = docs::outer(&docs::field(&field.docs));
        let rust = ident(&field.rust_name);
        let ty = stored_type(field);
        let mut serde = Vec::new();
        if field.wire_name != bare(&field.rust_name) {
            let wire = &field.wire_name;
            serde.push(quote!(rename = #wire));
        }
        for alias in &field.aliases {
            serde.push(quote!(alias = #alias));
        }
        if !field.required {
            // A missing `Option` field reads as `None` without `default`.
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        } else if reads_leniently(&field.ty) && !field.boxed {
            // "Mandatory" in the definitions is about requests; replies built from the same
            // schema leave such values out or send `null` (see `null_as_default`).
            serde.push(quote!(
                default,
                deserialize_with = "cloudgen_runtime::null_as_default"
            ));
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        quote! { #doc #serde pub #rust: #ty, }
    });
    let methods = model_methods(name, fields);
    // Non-exhaustive: a field the vendor adds is not a breaking change. Values are built
    // with `new` and the `with_` setters of `model!`.
    let (derive_debug, debug) = match fields.iter().any(|f| f.docs.sensitive) {
        false => (quote!(Debug,), quote!()),
        true => (quote!(), redacting_debug(name, fields)),
    };
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#members)* }

        #methods
        #debug
    }
}

/// The field's type as stored: optional fields are `Option`, recursive ones boxed.
fn stored_type(field: &Field) -> TokenStream {
    let ty = value_type(field);
    match field.required {
        true => ty,
        false => quote!(Option<#ty>),
    }
}

/// The type of a value of the field, as a constructor or setter takes it.
fn value_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty, Scope::Types);
    match field.boxed {
        true => quote!(Box<#ty>),
        false => ty,
    }
}

/// `new` with the required fields, a `with_` setter per optional field, and for optional
/// lists an accessor that reads a missing list as empty (see `cloudgen_runtime::model!`).
fn model_methods(name: &Ident, fields: &[Field]) -> TokenStream {
    let required = fields.iter().filter(|f| f.required).map(|field| {
        let rust = ident(&field.rust_name);
        let ty = value_type(field);
        quote!(#rust: #ty)
    });
    let setter = |field: &Field| format_ident!("with_{}", bare(&field.rust_name));
    let list_item = |field: &Field| match (&field.ty, field.boxed) {
        (TypeRef::Array(item), false) => Some(type_tokens(item, Scope::Types)),
        _ => None,
    };
    let optional = fields
        .iter()
        .filter(|f| !f.required && list_item(f).is_none())
        .map(|field| {
            let (setter, rust, ty) = (setter(field), ident(&field.rust_name), value_type(field));
            quote!(#setter => #rust: #ty)
        });
    let lists = fields.iter().filter(|f| !f.required).filter_map(|field| {
        let item = list_item(field)?;
        let (setter, rust) = (setter(field), ident(&field.rust_name));
        Some(quote!(#setter => #rust: #item))
    });
    let optional: Vec<TokenStream> = optional.collect();
    let lists: Vec<TokenStream> = lists.collect();
    let optional = (!optional.is_empty()).then(|| quote!({ #(#optional),* }));
    let lists = (!lists.is_empty()).then(|| quote!([ #(#lists),* ]));
    quote! {
        cloudgen_runtime::model!(#name(#(#required),*) #optional #lists);
    }
}

/// `Debug` that shows the fields the documentation marks sensitive (passwords, secrets,
/// personal data) as `<redacted>`, so logging a value does not leak them.
fn redacting_debug(name: &Ident, fields: &[Field]) -> TokenStream {
    let text = name.to_string();
    let entries = fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let shown = bare(&field.rust_name);
        if field.docs.sensitive {
            quote!(.field(#shown, &"<redacted>"))
        } else {
            quote!(.field(#shown, &self.#rust))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#text) #(#entries)* .finish()
            }
        }
    }
}

/// Whether a mandatory field of this type has an obvious empty value to read a missing or
/// `null` one as: text, numbers, booleans, lists and maps (not objects or enums, whose empty
/// value would be made up).
fn reads_leniently(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::Bool
            | TypeRef::Array(_)
            | TypeRef::Map(_)
    )
}

fn string_enum(doc: &TokenStream, name: &Ident, values: &[EnumValue]) -> TokenStream {
    let unknown = format_ident!("{}", crate::resolve::UNKNOWN_VARIANT);
    let variants: Vec<Ident> = values.iter().map(|v| ident(&v.variant)).collect();
    let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| {
        let mut paragraphs = vec![format!("`{}`", v.value.replace('`', "'"))];
        paragraphs.extend(v.description.as_deref().map(docs::escape_lines));
        docs::outer(&paragraphs)
    });
    // Non-exhaustive: a value the vendor adds is not a breaking change; until the specs list
    // it, it arrives as `Unrecognized`.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the documentation does not list, kept as received.
            #unknown(String),
        }

        cloudgen_runtime::string_enum!(#name { #(#variants = #wire),* });
    }
}
