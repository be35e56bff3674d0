//! An operation's waiters: one `wait_until_<name>` method per waiter on its request builder,
//! telling from a reply whether the change is done, failed or pending. The polling lives in
//! the runtime's `wait` module.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::field_access::borrowed;
use super::types::{ident, type_path};
use crate::resolve::model::{Operation, StateValue, WaitUntil, Waiter};

/// The waiters of `op`, whose `send` returns `output`.
pub fn waiters(op: &Operation, output: &TokenStream) -> TokenStream {
    if op.waiters.is_empty() {
        return quote!();
    }
    let builder = ident(&op.builder_name);
    let methods = op.waiters.iter().map(|waiter| method(waiter, output));
    quote! {
        impl #builder { #(#methods)* }
    }
}

fn method(waiter: &Waiter, output: &TokenStream) -> TokenStream {
    let name = ident(&waiter.method);
    let delay = Literal::u64_unsuffixed(waiter.delay);
    let max_delay = Literal::u64_unsuffixed(waiter.max_delay);
    let timing = quote!(
        options,
        std::time::Duration::from_secs(#delay),
        std::time::Duration::from_secs(#max_delay),
        || self.clone().send()
    );
    let (outcome, doc, body) = match &waiter.until {
        WaitUntil::Gone => (
            quote!(()),
            "the service answers 404: the resource is gone".to_owned(),
            quote!(cloudgen_runtime::wait::until_gone(#timing).await),
        ),
        WaitUntil::State {
            state,
            enum_type,
            success,
            failure,
            reason,
        } => {
            let read = borrowed(quote!(reply), state);
            let (read, arm) = match enum_type {
                Some(enum_type) => {
                    let path = type_path(enum_type);
                    let arm = move |values: &[StateValue]| {
                        let variants = values.iter().map(|v| {
                            let variant = ident(v.variant.as_deref().unwrap_or(&v.value));
                            quote!(types::#path::#variant)
                        });
                        quote!(Some(#(#variants)|*))
                    };
                    (
                        read,
                        Box::new(arm) as Box<dyn Fn(&[StateValue]) -> TokenStream>,
                    )
                }
                None => {
                    let arm = |values: &[StateValue]| {
                        let texts = values.iter().map(|v| v.value.as_str());
                        quote!(Some(#(#texts)|*))
                    };
                    let read = match state.steps.as_slice() {
                        [only] if only.optional => {
                            let name = ident(&only.rust_name);
                            quote!(reply.#name.as_deref())
                        }
                        _ => quote!(#read.map(String::as_str)),
                    };
                    (
                        read,
                        Box::new(arm) as Box<dyn Fn(&[StateValue]) -> TokenStream>,
                    )
                }
            };
            let done = arm(success);
            let failed = (!failure.is_empty()).then(|| {
                let pattern = arm(failure);
                let reason = match reason {
                    Some(reason) => {
                        let reason = borrowed(quote!(reply), reason);
                        quote!(#reason.cloned())
                    }
                    None => quote!(None),
                };
                quote!(#pattern => cloudgen_runtime::wait::Poll::Failed(#reason),)
            });
            let listed = |values: &[StateValue]| {
                values
                    .iter()
                    .map(|v| format!("`{}`", v.value))
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            let mut doc = format!("`{}` is {}", state.dotted(), listed(success));
            if !failure.is_empty() {
                doc.push_str(&format!(
                    ", and fails when it is {}{}",
                    listed(failure),
                    match reason {
                        Some(reason) => format!(" (with the reason in `{}`)", reason.dotted()),
                        None => String::new(),
                    }
                ));
            }
            (
                output.clone(),
                doc,
                quote! {
                    cloudgen_runtime::wait::until_state(#timing, |reply| match #read {
                        #done => cloudgen_runtime::wait::Poll::Done,
                        #failed
                        _ => cloudgen_runtime::wait::Poll::Pending,
                    })
                    .await
                },
            )
        }
    };
    let paragraphs = vec![
        format!("Waits until {}.", docs::escape(&waiter.description)),
        format!(
            "Sends this request every {} s at first, backing off to every {} s, until {doc}; gives up after the timeout of `options` (30 minutes unless set). The states are documented in {}.",
            waiter.delay, waiter.max_delay, docs::escape(&waiter.source)
        ),
    ];
    let doc = docs::outer(&paragraphs);
    quote! {
        #doc
        pub async fn #name(
            self,
            options: cloudgen_runtime::WaitOptions,
        ) -> Result<#outcome, cloudgen_runtime::WaitError<#output, Error>> {
            #body
        }
    }
}
