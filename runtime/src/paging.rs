//! Paginators: a list operation's pages as a [`Stream`], each page an ordinary call (signed,
//! retried and traced like any other).
//!
//! The generator implements [`Paged`] for the request builder of every list operation whose
//! specification shows a paging pattern: it says how to send one page, where the next page
//! starts and where the items are. Everything else, the walking and the stopping, is here.
//!
//! ```no_run
//! # async fn run<P: cloudgen_runtime::Paged>(list_nodes: P) -> Result<(), P::Error> {
//! use futures_util::TryStreamExt;
//!
//! // Generated builders have `list_nodes.into_paginator()` for this.
//! let mut pages = cloudgen_runtime::Paginator::new(list_nodes).page_size(100).pages();
//! while let Some(page) = pages.try_next().await? {
//!     # let _ = page;
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A walk ends after the last page (no next marker or token, an empty page, or as many items
//! as the reply's total count), after the first error (which the stream yields), or when a
//! service repeats the token it was sent, which would otherwise never end.

use std::future::Future;

use futures_util::stream::{self, Stream, TryStreamExt};

/// A request builder of a list operation that a [`Paginator`] can walk; implemented by the
/// generated code.
pub trait Paged: Clone + Send + Sized + 'static {
    /// One reply of the operation.
    type Page: Send + 'static;
    /// One item of a page's list.
    type Item: Send + 'static;
    /// The service's error.
    type Error: Send + 'static;

    /// Sends this request: one page.
    fn send_page(self) -> impl Future<Output = Result<Self::Page, Self::Error>> + Send;

    /// This request with `size` items per page.
    fn with_page_size(self, size: u32) -> Self;

    /// The request of the page after `page`, which this request fetched; `None` when `page`
    /// is the last.
    fn next_page(&self, page: &Self::Page) -> Option<Self>;

    /// The items of a page.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
}

/// The pages of a list operation, from a first request on.
#[derive(Debug, Clone)]
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<P> {
    first: P,
    page_size: Option<u32>,
}

impl<P: Paged> Paginator<P> {
    /// The pages from `first` on: its own parameters (filters, a starting marker) stay set on
    /// every page.
    pub fn new(first: P) -> Self {
        Paginator {
            first,
            page_size: None,
        }
    }

    /// Items per page, instead of the service's default; the service may cap it.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// The pages, each an ordinary call; the stream ends after the last page or the first
    /// error. It is `Unpin` (boxed once per walk), so `try_next().await` works on it as is.
    pub fn pages(self) -> impl Stream<Item = Result<P::Page, P::Error>> + Send + Unpin {
        let first = match self.page_size {
            Some(size) => self.first.with_page_size(size),
            None => self.first,
        };
        Box::pin(stream::unfold(Some(first), |request| async move {
            let request = request?;
            match request.clone().send_page().await {
                Ok(page) => {
                    let next = request.next_page(&page);
                    Some((Ok(page), next))
                }
                Err(error) => Some((Err(error), None)),
            }
        }))
    }

    /// The items of every page, in order; `Unpin` like [`pages`](Self::pages).
    pub fn items(self) -> impl Stream<Item = Result<P::Item, P::Error>> + Send + Unpin {
        self.pages()
            .map_ok(|page| stream::iter(P::into_items(page).into_iter().map(Ok)))
            .try_flatten()
    }

    /// Every item of every page, collected; the first error ends the walk.
    pub async fn collect_items(self) -> Result<Vec<P::Item>, P::Error> {
        self.items().try_collect().await
    }

    /// The number of pages the walk made, with each page's items counted: for tests and
    /// diagnostics.
    #[doc(hidden)]
    pub async fn page_lengths(self) -> Result<Vec<usize>, P::Error> {
        self.pages()
            .map_ok(|page| P::into_items(page).len())
            .try_collect()
            .await
    }
}

/// A paging parameter's or count's value: the vendors' definitions type the same parameter
/// as an integer in one operation and as a string in another.
pub trait PageValue: Sized {
    /// The value of a count.
    fn from_count(count: u64) -> Self;
    /// The count this value states, if it is one.
    fn to_count(&self) -> Option<u64>;
}

impl PageValue for i32 {
    fn from_count(count: u64) -> Self {
        i32::try_from(count).unwrap_or(i32::MAX)
    }
    fn to_count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl PageValue for i64 {
    fn from_count(count: u64) -> Self {
        i64::try_from(count).unwrap_or(i64::MAX)
    }
    fn to_count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl PageValue for String {
    fn from_count(count: u64) -> Self {
        count.to_string()
    }
    fn to_count(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
}

/// A page size parameter's value. Generated code calls this.
pub fn page_size<T: PageValue>(size: u32) -> T {
    T::from_count(u64::from(size))
}

/// The offset of the page after one that started at `current` (none: 0) and held `received`
/// items, out of `total`; `None` when that page was the last. Generated code calls this.
pub fn next_offset<T: PageValue, N: PageValue>(
    current: Option<&T>,
    received: usize,
    total: Option<&N>,
) -> Option<T> {
    if received == 0 {
        return None;
    }
    let next = current
        .and_then(PageValue::to_count)
        .unwrap_or(0)
        .saturating_add(received as u64);
    match total.and_then(PageValue::to_count) {
        Some(total) if next >= total => None,
        _ => Some(T::from_count(next)),
    }
}

/// The number of the page after page `current` (none: the first, 1) of `size` items (none:
/// as many as it held), which held `received` items, out of `total`; `None` when that page
/// was the last. Generated code calls this.
pub fn next_page_number<T: PageValue, S: PageValue, N: PageValue>(
    current: Option<&T>,
    size: Option<&S>,
    received: usize,
    total: Option<&N>,
) -> Option<T> {
    if received == 0 {
        return None;
    }
    let page = current.and_then(PageValue::to_count).unwrap_or(1).max(1);
    let size = size
        .and_then(PageValue::to_count)
        .unwrap_or(received as u64);
    let seen = (page - 1)
        .saturating_mul(size)
        .saturating_add(received as u64);
    match total.and_then(PageValue::to_count) {
        Some(total) if seen >= total => None,
        _ => Some(T::from_count(page.saturating_add(1))),
    }
}

/// The token of the page after one requested with `current`, from the reply's `next`; `None`
/// when there is none, it is empty, or it repeats `current`. Generated code calls this.
pub fn next_token(current: Option<&String>, next: Option<&String>) -> Option<String> {
    let next = next?;
    (!next.is_empty() && Some(next) != current).then(|| next.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_advance_by_the_items_received_until_the_total() {
        assert_eq!(next_offset::<i32, i32>(None, 10, Some(&25)), Some(10));
        assert_eq!(next_offset::<i32, i32>(Some(&10), 10, Some(&25)), Some(20));
        assert_eq!(next_offset::<i32, i32>(Some(&20), 5, Some(&25)), None);
        assert_eq!(
            next_offset::<String, i64>(None, 3, None),
            Some("3".to_owned())
        );
        assert_eq!(next_offset::<i32, i32>(Some(&3), 0, None), None);
    }

    #[test]
    fn page_numbers_advance_by_one_until_the_total() {
        assert_eq!(
            next_page_number::<i64, i64, i64>(None, Some(&10), 10, Some(&25)),
            Some(2)
        );
        assert_eq!(
            next_page_number::<i64, i64, i64>(Some(&3), Some(&10), 5, Some(&25)),
            None
        );
        assert_eq!(
            next_page_number::<i64, i64, i64>(Some(&2), None, 10, None),
            Some(3)
        );
        assert_eq!(
            next_page_number::<i64, i64, i64>(Some(&2), None, 0, None),
            None
        );
    }

    #[test]
    fn a_token_ends_the_walk_when_missing_empty_or_repeated() {
        let token = "t1".to_owned();
        assert_eq!(next_token(None, Some(&token)), Some(token.clone()));
        assert_eq!(next_token(Some(&token), Some(&token)), None);
        assert_eq!(next_token(None, Some(&String::new())), None);
        assert_eq!(next_token(None, None), None);
    }

    #[test]
    fn values_typed_as_strings_count_too() {
        assert_eq!(page_size::<String>(50), "50");
        assert_eq!(page_size::<i32>(50), 50);
        assert_eq!(" 7".to_owned().to_count(), Some(7));
        assert_eq!((-1i32).to_count(), None);
        assert_eq!(i32::from_count(u64::MAX), i32::MAX);
    }
}
