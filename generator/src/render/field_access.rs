//! A path of fields followed from a value, as the expressions paginators and waiters read a
//! reply with.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::resolve::model::FieldPath;

/// `Some(value)`, a reference, followed down `path`: an `Option` of a reference to the field
/// at its end.
pub fn borrowed(value: TokenStream, path: &FieldPath) -> TokenStream {
    let Some((first, rest)) = path.steps.split_first() else {
        return quote!(Some(#value));
    };
    let name = ident(&first.rust_name);
    let mut expr = match first.optional {
        true => quote!(#value.#name.as_ref()),
        false => quote!(Some(&#value.#name)),
    };
    for step in rest {
        let name = ident(&step.rust_name);
        expr = match step.optional {
            true => quote!(#expr.and_then(|v| v.#name.as_ref())),
            false => quote!(#expr.map(|v| &v.#name)),
        };
    }
    expr
}
