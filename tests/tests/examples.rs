//! Every JSON example of the specs against the generated type it documents: the request body, the
//! success reply of its status, or the service's error body.
//!
//! `tests/build.rs` pairs each example with its type from the specs (`EXAMPLES`). An example
//! *round-trips* when it decodes and encodes back to the same JSON value; it *decodes lossily*
//! when it decodes but loses or changes something on the way back (a property the type does not
//! have, an integer where the type has text); it *does not decode* when the type rejects it.
//! The examples of the vendors' definitions contradict their own schemas in places, so the test
//! does not require every example to decode: `tests/examples/expected.txt` lists each example's
//! outcome, and the test fails when any example does worse than listed (or is new and not
//! listed), so a generator change that breaks an example is caught. Run with `-- --nocapture` for
//! the report; `UPDATE_EXPECTED_EXAMPLES=1` rewrites the list after an improvement.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

struct ExampleCase {
    label: &'static str,
    body: &'static str,
    check: fn(&str) -> Outcome,
}

include!(concat!(env!("OUT_DIR"), "/example_cases.rs"));

/// How an example fares, best first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    RoundTrips,
    DecodesLossily(String),
    DoesNotDecode(String),
    NotJson(String),
}

impl Outcome {
    fn word(&self) -> &'static str {
        match self {
            Outcome::RoundTrips => "round-trips",
            Outcome::DecodesLossily(_) => "decodes-lossily",
            Outcome::DoesNotDecode(_) => "does-not-decode",
            Outcome::NotJson(_) => "not-json",
        }
    }

    fn rank(word: &str) -> Option<u8> {
        [
            "round-trips",
            "decodes-lossily",
            "does-not-decode",
            "not-json",
        ]
        .iter()
        .position(|w| *w == word)
        .and_then(|p| u8::try_from(p).ok())
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::RoundTrips => f.write_str("round-trips"),
            Outcome::DecodesLossily(why) | Outcome::DoesNotDecode(why) | Outcome::NotJson(why) => {
                write!(f, "{}: {why}", self.word())
            }
        }
    }
}

fn check<T: DeserializeOwned + Serialize>(body: &str) -> Outcome {
    let original: Value = match serde_json::from_str(body) {
        Ok(value) => value,
        Err(e) => return Outcome::NotJson(e.to_string()),
    };
    let typed: T = match serde_json::from_value(original.clone()) {
        Ok(typed) => typed,
        Err(e) => return Outcome::DoesNotDecode(e.to_string()),
    };
    match serde_json::to_value(&typed) {
        Ok(back) => match first_difference(&original, &back, "") {
            None => Outcome::RoundTrips,
            Some(difference) => Outcome::DecodesLossily(difference),
        },
        Err(e) => Outcome::DecodesLossily(format!("does not encode back: {e}")),
    }
}

/// Where `back` differs from `original`; numbers compare by value (`10` and `10.0` are one
/// number to JSON) and an explicit `null` equals an absent property.
fn first_difference(original: &Value, back: &Value, at: &str) -> Option<String> {
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .filter(|(_, v)| !v.is_null())
            .find_map(|(key, value)| match b.get(key) {
                None => Some(format!("{at}/{key} is dropped")),
                Some(other) => first_difference(value, other, &format!("{at}/{key}")),
            })
            .or_else(|| {
                b.iter()
                    .filter(|(k, v)| !v.is_null() && !a.contains_key(*k))
                    .map(|(k, _)| format!("{at}/{k} is added"))
                    .next()
            }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{at}/{i}"))),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (a, b) if a == b => None,
        (a, b) => Some(format!("{} {a} comes back as {b}", display(at))),
    }
}

fn display(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

fn expected_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/expected.txt")
}

/// `label<TAB>outcome word` per line.
fn expected() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(expected_path()).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(label, word)| (label.to_owned(), word.to_owned()))
        .collect()
}

#[test]
fn every_example_does_at_least_as_well_as_listed() {
    let outcomes: Vec<(&str, Outcome)> = EXAMPLES
        .iter()
        .map(|case| (case.label, (case.check)(case.body)))
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, outcome) in &outcomes {
        *counts.entry(outcome.word()).or_default() += 1;
    }
    println!(
        "examples: {} checked; {}",
        outcomes.len(),
        counts
            .iter()
            .map(|(word, n)| format!("{n} {word}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (label, outcome) in &outcomes {
        if *outcome != Outcome::RoundTrips {
            println!("{label}: {outcome}");
        }
    }

    if std::env::var_os("UPDATE_EXPECTED_EXAMPLES").is_some() {
        let text: String = outcomes
            .iter()
            .map(|(label, outcome)| format!("{label}\t{}\n", outcome.word()))
            .collect();
        std::fs::write(expected_path(), text).expect("the list is writable");
        return;
    }
    let expected = expected();
    let worse: Vec<String> = outcomes
        .iter()
        .filter_map(|(label, outcome)| {
            let listed = expected.get(*label).and_then(|w| Outcome::rank(w));
            let now = Outcome::rank(outcome.word());
            match listed {
                Some(listed) if now <= Some(listed) => None,
                Some(_) => Some(format!("{label}: now {outcome}")),
                None => Some(format!("{label}: not listed, {outcome}")),
            }
        })
        .collect();
    assert!(
        worse.is_empty(),
        "examples doing worse than tests/examples/expected.txt lists:\n{}",
        worse.join("\n")
    );
    assert_eq!(
        expected.len(),
        outcomes.len(),
        "tests/examples/expected.txt lists examples the specs no longer have; rewrite it with UPDATE_EXPECTED_EXAMPLES=1"
    );
}

/// The examples of the pages transcribed by hand are what a reader of the documentation sees
/// first: each of them must round-trip.
#[test]
fn the_seed_page_examples_round_trip() {
    let seeds = [
        "huawei/cce ListPodIdentityAssociations response 200",
        "alibaba/cs CleanClusterUserPermissions response 200",
        "kubernetes/api DeleteRbacAuthorizationV1NamespacedRoleBinding response 200",
        "huawei/workspace BatchDeleteAccessPolicies request",
    ];
    for seed in seeds {
        let case = EXAMPLES
            .iter()
            .find(|c| c.label.starts_with(seed))
            .unwrap_or_else(|| panic!("no example {seed}"));
        assert_eq!((case.check)(case.body), Outcome::RoundTrips, "{seed}");
    }
}

#[test]
fn a_changed_example_is_told_apart_from_one_that_round_trips() {
    #[derive(serde::Deserialize, Serialize)]
    struct Thing {
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    }
    assert_eq!(
        check::<Thing>(r#"{"size": 10, "name": null}"#),
        Outcome::RoundTrips
    );
    assert_eq!(
        check::<Thing>(r#"{"size": 1, "extra": true}"#),
        Outcome::DecodesLossily("/extra is dropped".to_owned())
    );
    assert!(matches!(
        check::<Thing>(r#"{"size": "x"}"#),
        Outcome::DoesNotDecode(_)
    ));
    assert!(matches!(check::<Thing>("size: 1"), Outcome::NotJson(_)));
}
