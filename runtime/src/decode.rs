//! Serde helpers the generated types use to read replies as services really send them.

use serde::{Deserialize, Deserializer};

/// Reads a value the documentation marks as mandatory, taking `null` as the type's default
/// (empty text, zero, `false`, an empty list or map).
///
/// The vendors' definitions mark a property mandatory when a *request* must carry it, and use
/// the same schema for replies, where services leave it out or send `null`: CCE sends
/// `"supportVersions": null` in add-on replies and no `iptype` in the `eip` of a node without
/// one. Generated types pair this with `#[serde(default)]`, so such a reply decodes (as the
/// vendors' own SDKs read it) instead of failing the whole call. A value of the wrong type is
/// still an error.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Reply {
        #[serde(default, deserialize_with = "super::null_as_default")]
        versions: Vec<String>,
        #[serde(default, deserialize_with = "super::null_as_default")]
        iptype: String,
    }

    #[test]
    fn null_and_absent_are_empty_and_values_are_kept() {
        let read = |text: &str| serde_json::from_str::<Reply>(text).map(|r| r.versions);
        assert_eq!(read(r#"{"versions": null}"#).unwrap(), Vec::<String>::new());
        assert_eq!(read("{}").unwrap(), Vec::<String>::new());
        assert_eq!(
            read(r#"{"versions": ["a"]}"#).unwrap(),
            vec!["a".to_owned()]
        );
        assert!(
            read(r#"{"versions": 3}"#).is_err(),
            "a wrong type is still an error"
        );
    }
}
