//! The value types of the Kubernetes API that JSON alone does not describe: a field that holds
//! a number or a text, and a PATCH body, whose kind is its media type.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A value that is a 32-bit number or a text (Kubernetes `IntOrString`, as in a port that is a
/// number or a name, or a rollout's `maxSurge` of `1` or `"25%"`). It travels as the inner
/// value: `8080` or `"http"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// A number.
    Int(i32),
    /// A text.
    String(String),
}

impl From<i32> for IntOrString {
    fn from(value: i32) -> Self {
        IntOrString::Int(value)
    }
}

impl From<&str> for IntOrString {
    fn from(value: &str) -> Self {
        IntOrString::String(value.to_owned())
    }
}

impl From<String> for IntOrString {
    fn from(value: String) -> Self {
        IntOrString::String(value)
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(number) => write!(f, "{number}"),
            IntOrString::String(text) => f.write_str(text),
        }
    }
}

/// The body of a Kubernetes PATCH. The API server reads it by its media type, which the kind
/// of patch sets:
///
/// ```
/// use cloudgen_runtime::Patch;
/// use serde_json::json;
///
/// let labels = Patch::Merge(json!({"metadata": {"labels": {"team": "payments"}}}));
/// assert_eq!(labels.media_type(), "application/merge-patch+json");
/// let remove = Patch::Json(json!([{"op": "remove", "path": "/metadata/labels/team"}]));
/// assert_eq!(remove.media_type(), "application/json-patch+json");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Patch {
    /// A JSON patch (RFC 6902): a list of operations such as
    /// `{"op": "replace", "path": "/spec/replicas", "value": 3}`.
    Json(serde_json::Value),
    /// A JSON merge patch (RFC 7386): the fields to set; `null` removes one.
    Merge(serde_json::Value),
    /// A strategic merge patch: a merge patch that merges lists by their keys (containers by
    /// name) where the type says so. Built-in types only.
    StrategicMerge(serde_json::Value),
    /// Server-side apply: the whole intended object, owned by the `fieldManager` the call
    /// names (required with it). Sent as JSON, which is YAML too.
    Apply(serde_json::Value),
}

impl Patch {
    /// The media type the API server reads this kind of patch by.
    pub fn media_type(&self) -> &'static str {
        match self {
            Patch::Json(_) => "application/json-patch+json",
            Patch::Merge(_) => "application/merge-patch+json",
            Patch::StrategicMerge(_) => "application/strategic-merge-patch+json",
            Patch::Apply(_) => "application/apply-patch+yaml",
        }
    }

    /// The patch document.
    pub fn document(&self) -> &serde_json::Value {
        match self {
            Patch::Json(value)
            | Patch::Merge(value)
            | Patch::StrategicMerge(value)
            | Patch::Apply(value) => value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn int_or_string_travels_as_its_inner_value() {
        let port: IntOrString = serde_json::from_value(json!(8080)).unwrap();
        assert_eq!(port, IntOrString::Int(8080));
        let name: IntOrString = serde_json::from_value(json!("http")).unwrap();
        assert_eq!(name, IntOrString::from("http"));
        assert_eq!(
            serde_json::to_value(IntOrString::from("25%")).unwrap(),
            json!("25%")
        );
        assert_eq!(
            serde_json::to_value(IntOrString::from(1)).unwrap(),
            json!(1)
        );
        assert!(serde_json::from_value::<IntOrString>(json!({"a": 1})).is_err());
    }

    #[test]
    fn every_kind_of_patch_has_its_media_type() {
        let kinds = [
            (Patch::Json(json!([])), "application/json-patch+json"),
            (Patch::Merge(json!({})), "application/merge-patch+json"),
            (
                Patch::StrategicMerge(json!({})),
                "application/strategic-merge-patch+json",
            ),
            (Patch::Apply(json!({})), "application/apply-patch+yaml"),
        ];
        for (patch, media) in kinds {
            assert_eq!(patch.media_type(), media);
        }
    }
}
