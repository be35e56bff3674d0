//! A paged list operation's `into_paginator` and its `cloudgen_runtime::Paged` implementation:
//! where the items are and where the next page starts. The walking lives in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::field_access::borrowed;
use super::types::{ident, type_tokens, Scope};
use crate::resolve::model::{FieldPath, Operation, PagingCursor, PagingMember};

pub fn paginator(op: &Operation) -> TokenStream {
    let Some(paging) = &op.paging else {
        return quote!();
    };
    let builder = ident(&op.builder_name);
    let page = type_tokens(&paging.page_type, Scope::Sibling);
    let item = type_tokens(&paging.item_type, Scope::Sibling);
    let doc = format!(
        " The pages of this list from this request on, each an ordinary call: the next page starts at {}.",
        match &paging.cursor {
            PagingCursor::Offset { .. } => format!("the `{}` after the items received", paging.cursor_member.wire_name),
            PagingCursor::PageNumber { .. } => format!("the next `{}`", paging.cursor_member.wire_name),
            PagingCursor::Token { next } => format!("the reply's `{}`", next.dotted()),
            PagingCursor::LastItem { id } => format!("the last item's `{}`", id.dotted()),
        }
    );
    let with_page_size = match &paging.size_member {
        Some(size) => {
            let name = ident(&size.rust_name);
            let value = stored(size, quote!(cloudgen_runtime::paging::page_size(size)));
            quote! {
                self.#name = #value;
                self
            }
        }
        // The operation takes no page size: the service chooses it.
        None => quote! {
            let _ = size;
            self
        },
    };
    let page_size_self = match paging.size_member {
        Some(_) => quote!(mut self),
        None => quote!(self),
    };
    let cursor = ident(&paging.cursor_member.rust_name);
    let cursor_now = current(&paging.cursor_member);
    let set_cursor = stored(&paging.cursor_member, quote!(cursor));
    let received = match paging.items.steps.is_empty() {
        true => quote!(page.len()),
        false => {
            let listed = borrowed(quote!(page), &paging.items);
            quote!(#listed.map_or(0, Vec::len))
        }
    };
    let next = match &paging.cursor {
        PagingCursor::Offset { total } => {
            let total = optional_borrow(total.as_ref());
            quote!(cloudgen_runtime::paging::next_offset(#cursor_now, #received, #total))
        }
        PagingCursor::PageNumber { total } => {
            let total = optional_borrow(total.as_ref());
            let size = match &paging.size_member {
                Some(size) => current(size),
                None => quote!(None::<&i64>),
            };
            quote!(cloudgen_runtime::paging::next_page_number(#cursor_now, #size, #received, #total))
        }
        PagingCursor::Token { next } => {
            let next = borrowed(quote!(page), next);
            quote!(cloudgen_runtime::paging::next_token(#cursor_now, #next))
        }
        PagingCursor::LastItem { id } => {
            let items = borrowed(quote!(page), &paging.items);
            // An id every item has is a plain borrow of it; one an item may lack, an `Option`.
            let of_last = match id.steps.iter().all(|step| !step.optional) {
                true => {
                    let names = id.steps.iter().map(|step| ident(&step.rust_name));
                    quote!(map(|item| &item #(.#names)*))
                }
                false => {
                    let id = borrowed(quote!(item), id);
                    quote!(and_then(|item| #id))
                }
            };
            quote!(cloudgen_runtime::paging::next_token(
                #cursor_now,
                #items.and_then(|items| items.last()).#of_last,
            ))
        }
    };
    let items = owned(&paging.items);
    quote! {
        impl #builder {
            #[doc = #doc]
            pub fn into_paginator(self) -> cloudgen_runtime::Paginator<Self> {
                cloudgen_runtime::Paginator::new(self)
            }
        }

        impl cloudgen_runtime::Paged for #builder {
            type Page = #page;
            type Item = #item;
            type Error = Error;

            fn send_page(self) -> impl std::future::Future<Output = Result<#page, Error>> + Send {
                self.send()
            }

            fn with_page_size(#page_size_self, size: u32) -> Self {
                #with_page_size
            }

            fn next_page(&self, page: &#page) -> Option<Self> {
                let cursor = #next?;
                let mut next = self.clone();
                next.#cursor = #set_cursor;
                Some(next)
            }

            fn into_items(page: #page) -> Vec<#item> {
                #items
            }
        }
    }
}

/// The member's value as an `Option` of a reference.
fn current(member: &PagingMember) -> TokenStream {
    let name = ident(&member.rust_name);
    match member.required {
        true => quote!(Some(&self.#name)),
        false => quote!(self.#name.as_ref()),
    }
}

/// `value` as the builder stores it in `member`.
fn stored(member: &PagingMember, value: TokenStream) -> TokenStream {
    match member.required {
        true => value,
        false => quote!(Some(#value)),
    }
}

fn optional_borrow(path: Option<&FieldPath>) -> TokenStream {
    match path {
        Some(path) => borrowed(quote!(page), path),
        None => quote!(None::<&i64>),
    }
}

/// The list at the end of `path`, taken out of `page`; empty where a step is absent.
fn owned(path: &FieldPath) -> TokenStream {
    let Some((first, rest)) = path.steps.split_first() else {
        return quote!(page);
    };
    let name = ident(&first.rust_name);
    if rest.is_empty() && !first.optional {
        return quote!(page.#name);
    }
    let mut expr = match first.optional {
        true => quote!(page.#name),
        false => quote!(Some(page.#name)),
    };
    for step in rest {
        let name = ident(&step.rust_name);
        expr = match step.optional {
            true => quote!(#expr.and_then(|v| v.#name)),
            false => quote!(#expr.map(|v| v.#name)),
        };
    }
    quote!(#expr.unwrap_or_default())
}
