//! Client-side validation: the constraints a specification states (patterns, lengths, ranges,
//! item counts, unique items), checked before anything is signed or sent.
//!
//! Generated code lists, per operation, the parameters and body fields that carry a
//! constraint, as [`Validator::check`] calls with their [`Rules`]; a generated type whose fields
//! carry constraints implements [`Checked`] the same way. The first value that breaks a rule
//! becomes [`Error::InvalidRequest`](crate::Error::InvalidRequest), whose
//! [`RequestError::violation`](crate::RequestError::violation) names the parameter or field
//! path, the constraint and the value (`***` for a secret, cut short when long).
//!
//! Validation is on by default; [`Config::validate_requests`](crate::Config::validate_requests)
//! turns it off for a client, [`CallOptions::validate_requests`](crate::CallOptions::validate_requests)
//! for one call (a service that accepts more than its documentation says).
//!
//! Patterns are compiled once, on first use, by `regex` (matching is a small share of a call;
//! see the `call` benchmark). The generator only emits patterns this engine compiles.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::text::snippet;

/// Most characters of a value shown in a violation.
const VALUE_CHARS: usize = 64;

/// A pattern of a specification, compiled on first use and kept.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// The pattern `source`, not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the specification writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches somewhere (as JSON Schema's `pattern`: anchors are the
    /// pattern's own). A pattern that does not compile accepts everything: the generator emits
    /// none, and a refusal the service would not make is worse than a missed one.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
            .map_or(true, |regex| regex.is_match(text))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// A `&'static Pattern` of `source`, compiled the first time it is used and kept: generated
/// code writes one per constrained value.
///
/// ```
/// let pattern: &'static cloudgen_runtime::Pattern = cloudgen_runtime::pattern!("^[a-z]+$");
/// assert!(pattern.is_match("abc"));
/// assert!(!pattern.is_match("ABC"));
/// ```
#[macro_export]
macro_rules! pattern {
    ($source:literal) => {{
        static PATTERN: $crate::Pattern = $crate::Pattern::new($source);
        &PATTERN
    }};
}

/// The constraints of one parameter or field. Generated code builds them with the `const`
/// methods below, starting from [`Rules::new`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules {
    min_length: Option<u64>,
    max_length: Option<u64>,
    minimum: Option<i64>,
    maximum: Option<i64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique: bool,
    pattern: Option<&'static Pattern>,
    item_min_length: Option<u64>,
    item_max_length: Option<u64>,
    item_pattern: Option<&'static Pattern>,
    sensitive: bool,
}

impl Rules {
    /// No constraint: a value whose own fields carry them.
    pub const fn new() -> Self {
        Rules {
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            min_items: None,
            max_items: None,
            unique: false,
            pattern: None,
            item_min_length: None,
            item_max_length: None,
            item_pattern: None,
            sensitive: false,
        }
    }

    /// A text's length in characters.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.min_length = min;
        self.max_length = max;
        self
    }

    /// A number's bounds, inclusive.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.minimum = min;
        self.maximum = max;
        self
    }

    /// A list's number of items.
    pub const fn items(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.min_items = min;
        self.max_items = max;
        self
    }

    /// A list whose items are all different.
    pub const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// A text matches `pattern`.
    pub const fn pattern(mut self, pattern: &'static Pattern) -> Self {
        self.pattern = Some(pattern);
        self
    }

    /// The length of each text of a list.
    pub const fn item_length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.item_min_length = min;
        self.item_max_length = max;
        self
    }

    /// Each text of a list matches `pattern`.
    pub const fn item_pattern(mut self, pattern: &'static Pattern) -> Self {
        self.item_pattern = Some(pattern);
        self
    }

    /// A secret: a violation shows `***`, never the value.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// The rules of each item of a list with these rules.
    const fn for_items(&self) -> Rules {
        Rules::new()
            .length(self.item_min_length, self.item_max_length)
            .with_pattern(self.item_pattern)
            .with_sensitive(self.sensitive)
    }

    const fn with_pattern(mut self, pattern: Option<&'static Pattern>) -> Self {
        self.pattern = pattern;
        self
    }

    const fn with_sensitive(mut self, sensitive: bool) -> Self {
        self.sensitive = sensitive;
        self
    }
}

/// A constraint a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// Fewer characters than the minimum.
    MinLength(u64),
    /// More characters than the maximum.
    MaxLength(u64),
    /// Below the minimum.
    Minimum(i64),
    /// Above the maximum.
    Maximum(i64),
    /// Fewer items than the minimum.
    MinItems(u64),
    /// More items than the maximum.
    MaxItems(u64),
    /// An item repeats an earlier one.
    UniqueItems,
    /// Does not match the pattern.
    Pattern(&'static str),
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::MinLength(n) => write!(f, "must be at least {n} characters long"),
            Constraint::MaxLength(n) => write!(f, "must be at most {n} characters long"),
            Constraint::Minimum(n) => write!(f, "must be at least {n}"),
            Constraint::Maximum(n) => write!(f, "must be at most {n}"),
            Constraint::MinItems(n) => write!(f, "must have at least {n} items"),
            Constraint::MaxItems(n) => write!(f, "must have at most {n} items"),
            Constraint::UniqueItems => write!(f, "must not repeat an item"),
            Constraint::Pattern(p) => write!(f, "must match the pattern `{p}`"),
        }
    }
}

/// A value that broke a constraint of the specification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The field inside the parameter or body (`spec.hostNetwork.vpc`, `nodes[2].name`);
    /// empty for the parameter itself.
    pub field: String,
    /// The constraint.
    pub constraint: Constraint,
    /// The value as shown: cut to 64 characters, `***` for a secret, a count for a list.
    pub value: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.field.is_empty() {
            write!(f, "field `{}` ", self.field)?;
        }
        write!(f, "{} (got {})", self.constraint, self.value)
    }
}

enum Segment {
    Name(&'static str),
    Index(usize),
    Key(String),
}

/// Collects the first violation of a request's values. Generated code calls [`check`](Self::check)
/// per constrained parameter or field.
#[derive(Default)]
pub struct Validator {
    path: Vec<Segment>,
    first: Option<(&'static str, Violation)>,
}

impl Validator {
    pub(crate) fn new() -> Self {
        Validator::default()
    }

    /// Checks `value`, called `name` (a parameter's or field's wire name), against `rules`
    /// and, for a generated type, its fields' own rules. Nothing is checked once a value broke
    /// a rule.
    pub fn check<T: Checked + ?Sized>(&mut self, name: &'static str, value: &T, rules: &Rules) {
        self.at(Segment::Name(name), value, rules);
    }

    /// Checks the item count and uniqueness of `list`, called `name`, whose items have no
    /// checks of their own (enums, types without constraints); `None` passes.
    pub fn check_list<T: PartialEq>(
        &mut self,
        name: &'static str,
        list: Option<&[T]>,
        rules: &Rules,
    ) {
        let Some(list) = list else { return };
        if self.first.is_some() {
            return;
        }
        self.path.push(Segment::Name(name));
        check_count(list, rules, self);
        self.path.pop();
    }

    fn at<T: Checked + ?Sized>(&mut self, segment: Segment, value: &T, rules: &Rules) {
        if self.first.is_some() {
            return;
        }
        self.path.push(segment);
        value.check_with(rules, self);
        self.path.pop();
    }

    fn fail(&mut self, constraint: Constraint, rules: &Rules, shown: impl FnOnce() -> String) {
        if self.first.is_some() {
            return;
        }
        let mut segments = self.path.iter();
        let parameter = match segments.next() {
            Some(Segment::Name(name)) => name,
            _ => "body",
        };
        let mut field = String::new();
        for segment in segments {
            match segment {
                Segment::Name(name) => {
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(name);
                }
                Segment::Index(index) => field.push_str(&format!("[{index}]")),
                Segment::Key(key) => {
                    field.push_str(&format!("[{:?}]", snippet(key.as_bytes(), 32)))
                }
            }
        }
        let value = if rules.sensitive {
            "***".to_owned()
        } else {
            shown()
        };
        self.first = Some((
            parameter,
            Violation {
                field,
                constraint,
                value,
            },
        ));
    }

    /// The parameter (wire name) and violation of the first value that broke a rule.
    pub(crate) fn finish(self) -> Option<(&'static str, Violation)> {
        self.first
    }
}

/// A value [`Validator::check`] can check: texts, numbers, lists and maps of them, and the
/// generated types whose fields carry constraints.
pub trait Checked {
    /// Checks this value against `rules`, reporting to `validator`.
    fn check_with(&self, rules: &Rules, validator: &mut Validator);
}

fn quoted(text: &str) -> String {
    format!(
        "`{}`",
        snippet(text.as_bytes(), VALUE_CHARS).replace('`', "'")
    )
}

impl Checked for String {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        self.as_str().check_with(rules, v);
    }
}

impl Checked for str {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        if rules.min_length.is_none() && rules.max_length.is_none() && rules.pattern.is_none() {
            return;
        }
        let length = self.chars().count() as u64;
        let shown = || format!("{} ({length} characters)", quoted(self));
        if let Some(min) = rules.min_length.filter(|min| length < *min) {
            return v.fail(Constraint::MinLength(min), rules, shown);
        }
        if let Some(max) = rules.max_length.filter(|max| length > *max) {
            return v.fail(Constraint::MaxLength(max), rules, shown);
        }
        // After the length: a text far too long is not run through the pattern.
        if let Some(pattern) = rules.pattern.filter(|p| !p.is_match(self)) {
            v.fail(Constraint::Pattern(pattern.source()), rules, || {
                quoted(self)
            });
        }
    }
}

fn check_number(value: i128, shown: impl Fn() -> String, rules: &Rules, v: &mut Validator) {
    if let Some(min) = rules.minimum.filter(|min| value < i128::from(*min)) {
        return v.fail(Constraint::Minimum(min), rules, shown);
    }
    if let Some(max) = rules.maximum.filter(|max| value > i128::from(*max)) {
        v.fail(Constraint::Maximum(max), rules, shown);
    }
}

impl Checked for i32 {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        check_number(i128::from(*self), || self.to_string(), rules, v);
    }
}

impl Checked for i64 {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        check_number(i128::from(*self), || self.to_string(), rules, v);
    }
}

impl Checked for f64 {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        if let Some(min) = rules.minimum.filter(|min| *self < *min as f64) {
            return v.fail(Constraint::Minimum(min), rules, || self.to_string());
        }
        if let Some(max) = rules.maximum.filter(|max| *self > *max as f64) {
            v.fail(Constraint::Maximum(max), rules, || self.to_string());
        }
    }
}

/// Values no constraint of a specification applies to, so that lists and maps of them check.
macro_rules! unconstrained {
    ($($ty:ty),*) => {
        $(impl Checked for $ty {
            fn check_with(&self, _: &Rules, _: &mut Validator) {}
        })*
    };
}

unconstrained!(
    bool,
    serde_json::Value,
    crate::IntOrString,
    crate::Patch,
    crate::FilePart
);

impl<T: Checked + ?Sized> Checked for Box<T> {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        (**self).check_with(rules, v);
    }
}

impl<T: Checked> Checked for Option<T> {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        if let Some(value) = self {
            value.check_with(rules, v);
        }
    }
}

/// A list's item count and uniqueness; `false` when it broke one.
fn check_count<T: PartialEq>(list: &[T], rules: &Rules, v: &mut Validator) -> bool {
    let count = list.len() as u64;
    let shown = || format!("{count} items");
    if let Some(min) = rules.min_items.filter(|min| count < *min) {
        v.fail(Constraint::MinItems(min), rules, shown);
        return false;
    }
    if let Some(max) = rules.max_items.filter(|max| count > *max) {
        v.fail(Constraint::MaxItems(max), rules, shown);
        return false;
    }
    if rules.unique {
        let repeated = list.iter().enumerate().find_map(|(i, item)| {
            let j = list.get(..i)?.iter().position(|e| e == item)?;
            Some((i, j))
        });
        if let Some((i, j)) = repeated {
            v.fail(Constraint::UniqueItems, rules, || {
                format!("item {i} equal to item {j}")
            });
            return false;
        }
    }
    true
}

impl<T: Checked + PartialEq> Checked for Vec<T> {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        if !check_count(self, rules, v) {
            return;
        }
        let item_rules = rules.for_items();
        for (index, item) in self.iter().enumerate() {
            v.at(Segment::Index(index), item, &item_rules);
        }
    }
}

impl<T: Checked> Checked for BTreeMap<String, T> {
    fn check_with(&self, rules: &Rules, v: &mut Validator) {
        let item_rules = rules.for_items();
        for (key, value) in self {
            v.at(Segment::Key(key.clone()), value, &item_rules);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first<T: Checked + ?Sized>(value: &T, rules: Rules) -> Option<String> {
        let mut v = Validator::new();
        v.check("name", value, &rules);
        v.finish()
            .map(|(parameter, violation)| format!("{parameter}: {violation}"))
    }

    static UUID: Pattern =
        Pattern::new("^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$");

    #[test]
    fn each_constraint_kind_is_named_with_the_value() {
        assert_eq!(
            first("NOT-A-UUID", Rules::new().pattern(&UUID)).as_deref(),
            Some("name: must match the pattern `^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$` (got `NOT-A-UUID`)")
        );
        assert_eq!(
            first(
                "4d1ecb2c-229a-11e8-9c75-0255ac100ceb",
                Rules::new().pattern(&UUID)
            ),
            None
        );
        assert_eq!(
            first("ab", Rules::new().length(Some(3), None)).as_deref(),
            Some("name: must be at least 3 characters long (got `ab` (2 characters))")
        );
        assert_eq!(
            first("abcd", Rules::new().length(None, Some(3))).as_deref(),
            Some("name: must be at most 3 characters long (got `abcd` (4 characters))")
        );
        assert_eq!(
            first(&-5i32, Rules::new().range(Some(1), Some(2000))).as_deref(),
            Some("name: must be at least 1 (got -5)")
        );
        assert_eq!(
            first(&2001i64, Rules::new().range(Some(1), Some(2000))).as_deref(),
            Some("name: must be at most 2000 (got 2001)")
        );
        assert_eq!(
            first(&Vec::<String>::new(), Rules::new().items(Some(1), None)).as_deref(),
            Some("name: must have at least 1 items (got 0 items)")
        );
        assert_eq!(
            first(&vec![1i32, 2, 3], Rules::new().items(None, Some(2))).as_deref(),
            Some("name: must have at most 2 items (got 3 items)")
        );
        assert_eq!(
            first(
                &vec!["a".to_owned(), "b".to_owned(), "a".to_owned()],
                Rules::new().unique()
            )
            .as_deref(),
            Some("name: must not repeat an item (got item 2 equal to item 0)")
        );
        assert_eq!(
            first(
                &vec!["ok".to_owned(), "x".to_owned()],
                Rules::new().item_length(Some(2), None)
            )
            .as_deref(),
            Some("name: field `[1]` must be at least 2 characters long (got `x` (1 characters))")
        );
    }

    #[test]
    fn each_text_of_a_list_is_checked_against_the_item_pattern() {
        static WORD: Pattern = Pattern::new("^[a-z]+$");
        assert_eq!(
            first(
                &vec!["ok".to_owned(), "NOT OK".to_owned()],
                Rules::new().item_pattern(&WORD)
            )
            .as_deref(),
            Some("name: field `[1]` must match the pattern `^[a-z]+$` (got `NOT OK`)")
        );
        assert_eq!(
            first(&vec!["ok".to_owned()], Rules::new().item_pattern(&WORD)),
            None
        );
    }

    #[test]
    fn secrets_are_redacted_and_long_values_cut() {
        assert_eq!(
            first("short", Rules::new().length(Some(12), None).sensitive()).as_deref(),
            Some("name: must be at least 12 characters long (got ***)")
        );
        let long = "x".repeat(70_000);
        let message =
            first(long.as_str(), Rules::new().length(None, Some(255))).unwrap_or_default();
        assert!(message.len() < 200, "{message}");
        assert!(message.ends_with("(70000 characters))"), "{message}");
    }

    #[test]
    fn absent_values_and_unconstrained_ones_pass() {
        assert_eq!(
            first(&None::<String>, Rules::new().length(Some(1), None)),
            None
        );
        assert_eq!(first(&true, Rules::new()), None);
        assert_eq!(first("", Rules::new()), None);
    }

    #[test]
    fn only_the_first_violation_is_kept() {
        let mut v = Validator::new();
        v.check("a", &0i32, &Rules::new().range(Some(1), None));
        v.check("b", &0i32, &Rules::new().range(Some(1), None));
        assert_eq!(v.finish().map(|(p, _)| p), Some("a"));
    }

    #[test]
    fn a_pattern_that_does_not_compile_accepts_everything() {
        static BROKEN: Pattern = Pattern::new("(unclosed");
        assert!(BROKEN.is_match("anything"));
    }
}
