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
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
    }
}

pub fn schema(schema: &Schema) -> TokenStream {
    let mut paragraphs = Vec::new();
    if let Some(description) = &schema.description {
        paragraphs.push(docs::escape_lines(description));
    }
    if schema.doc_name != schema.rust_name {
        paragraphs.push(format!("Documented as `{}`.", schema.doc_name));
    }
    let doc = docs::outer(&paragraphs);
    let name = ident(&schema.rust_name);
    match &schema.kind {
        SchemaKind::Object(fields) => object(&doc, &name, fields),
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
        let mut ty = type_tokens(&field.ty, Scope::Types);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        let mut serde = Vec::new();
        if field.wire_name != bare(&field.rust_name) {
            let wire = &field.wire_name;
            serde.push(quote!(rename = #wire));
        }
        for alias in &field.aliases {
            serde.push(quote!(alias = #alias));
        }
        if !field.required {
            serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
            ty = quote!(Option<#ty>);
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
    if !fields.iter().any(|f| f.docs.sensitive) {
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
            pub struct #name { #(#members)* }
        };
    }
    let debug = redacting_debug(name, fields);
    quote! {
        #doc
        #[derive(Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name { #(#members)* }

        #debug
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
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the documentation does not list, kept as received.
            #unknown(String),
        }

        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wire, )*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wire => Self::#variants, )*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::#unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
