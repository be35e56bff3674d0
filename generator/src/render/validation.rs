//! The checks of client-side validation as code: an operation's `validated` closure, one
//! `check` per constrained parameter, and the `Checked` implementation of a type whose fields
//! are checked. What is checked was decided by `resolve::validation`; how, lives in the
//! runtime's `validate` module.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::ident;
use crate::resolve::model::{Checks, Field, Schema, SchemaKind};

/// The runtime's names that the checks of `checks` use, for the file's `use` (`Rules`,
/// `pattern`, and with `implements` the names of a `Checked` implementation).
pub fn imports<'a>(checks: impl IntoIterator<Item = &'a Checks>, implements: bool) -> TokenStream {
    let mut rules = implements;
    let mut pattern = false;
    for checks in checks {
        rules |= checks.any() || checks.nested;
        pattern |= checks.pattern.is_some() || checks.item_pattern.is_some();
    }
    let mut names = Vec::new();
    if implements {
        names.push(quote!(Checked));
    }
    if pattern {
        names.push(quote!(pattern));
    }
    if rules {
        names.push(quote!(Rules));
    }
    if implements {
        names.push(quote!(Validator));
    }
    match names.is_empty() {
        true => quote!(),
        false => quote!(use cloudgen_runtime::{#(#names),*};),
    }
}

/// The runtime rules of `checks`.
fn rules(checks: &Checks) -> TokenStream {
    let number = |n: Option<u64>| match n {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let signed = |n: Option<i64>| match n {
        Some(n) => {
            let n = Literal::i64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let pattern = |source: &str| quote!(pattern!(#source));
    let mut calls = Vec::new();
    if checks.min_length.is_some() || checks.max_length.is_some() {
        let (min, max) = (number(checks.min_length), number(checks.max_length));
        calls.push(quote!(.length(#min, #max)));
    }
    if checks.minimum.is_some() || checks.maximum.is_some() {
        let (min, max) = (signed(checks.minimum), signed(checks.maximum));
        calls.push(quote!(.range(#min, #max)));
    }
    if checks.min_items.is_some() || checks.max_items.is_some() {
        let (min, max) = (number(checks.min_items), number(checks.max_items));
        calls.push(quote!(.items(#min, #max)));
    }
    if checks.unique {
        calls.push(quote!(.unique()));
    }
    if let Some(source) = &checks.pattern {
        let pattern = pattern(source);
        calls.push(quote!(.pattern(#pattern)));
    }
    if checks.item_min_length.is_some() || checks.item_max_length.is_some() {
        let (min, max) = (
            number(checks.item_min_length),
            number(checks.item_max_length),
        );
        calls.push(quote!(.item_length(#min, #max)));
    }
    if let Some(source) = &checks.item_pattern {
        let pattern = pattern(source);
        calls.push(quote!(.item_pattern(#pattern)));
    }
    if checks.sensitive {
        calls.push(quote!(.sensitive()));
    }
    quote!(&Rules::new() #(#calls)*)
}

/// The check of one value, stored in `self.<rust_name>` (an `Option` unless `required`) and
/// called `wire_name`; nothing when it has no check.
pub fn check(
    wire_name: &str,
    rust_name: &str,
    required: bool,
    checks: &Checks,
) -> Option<TokenStream> {
    if !checks.any() && !checks.nested {
        return None;
    }
    let name = ident(rust_name);
    let rules = rules(checks);
    Some(match (checks.shallow, required) {
        (true, true) => quote!(v.check_list(#wire_name, Some(self.#name.as_slice()), #rules);),
        (true, false) => quote!(v.check_list(#wire_name, self.#name.as_deref(), #rules);),
        (false, _) => quote!(v.check(#wire_name, &self.#name, #rules);),
    })
}

/// The request builder's `check_values` with `checks`, and the `.validated(...)` of its
/// request that calls it; nothing when there are no checks.
pub fn builder_checks(checks: Vec<TokenStream>) -> (TokenStream, TokenStream) {
    if checks.is_empty() {
        return (quote!(), quote!());
    }
    let method = quote! {
        /// The checks of the values against the specification's constraints.
        fn check_values(&self, v: &mut cloudgen_runtime::Validator) {
            #(#checks)*
        }
    };
    let call = quote!(.validated(&self.client.inner, &self.call_options, |v| self.check_values(v)));
    (method, call)
}

/// The `Checked` implementation of a type whose fields are checked.
pub fn checked_impl(schema: &Schema, name: &proc_macro2::Ident) -> TokenStream {
    let SchemaKind::Object(fields) = &schema.kind else {
        return quote!();
    };
    if !schema.checked {
        return quote!();
    }
    let checks = fields.iter().filter_map(|field: &Field| {
        check(
            &field.wire_name,
            &field.rust_name,
            field.required,
            &field.checks,
        )
    });
    quote! {
        impl Checked for #name {
            fn check_with(&self, _: &Rules, v: &mut Validator) {
                #(#checks)*
            }
        }
    }
}
