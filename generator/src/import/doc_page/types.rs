//! The documentation's type words as spec type expressions.
//!
//! Huawei writes `String`, `Integer`, `Array of strings`, `Array of X objects`, `X object`;
//! Alibaba writes `string`, `integer`, `long`, `boolean`, `array`, `object`. A word that is not
//! here is reported, never guessed.

/// The spec type expression of a type word, or `None` when the word is unknown.
pub fn map(word: &str) -> Option<String> {
    let word = word.trim();
    if let Some(scalar) = scalar(word) {
        return Some(scalar.to_owned());
    }
    if let Some(item) = word
        .strip_prefix("Array of ")
        .or_else(|| word.strip_prefix("array of "))
    {
        return array_item(item).map(|item| format!("array<{item}>"));
    }
    // Older pages: `Array[String]`.
    if let Some(item) = word
        .strip_prefix("Array[")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return scalar(item.trim()).map(|item| format!("array<{item}>"));
    }
    if let Some(inner) = word
        .strip_prefix("Map<String,")
        .or_else(|| word.strip_prefix("Map<String, "))
        .and_then(|rest| rest.strip_suffix('>'))
    {
        return scalar(inner.trim()).map(|value| format!("map<{value}>"));
    }
    let name = word.strip_suffix(" object")?;
    is_schema_name(name).then(|| name.to_owned())
}

/// Whether `line` has the shape of a type word, known or not: how a table reader tells a row's
/// type cell from description text, so that an unknown word is reported rather than read as
/// prose.
pub fn looks_like_type(line: &str) -> bool {
    map(line).is_some()
        || table_reference(line).is_some()
        || line.starts_with("Array[")
        || line.starts_with("Array of ")
        || line.ends_with(" object")
        || line.ends_with(" objects")
        || line.starts_with("Map<")
        || (line.len() <= 24
            && line.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && line.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// An older page's type word that names a table of the page (`Table 3`) instead of a type:
/// the table's number.
pub fn table_reference(word: &str) -> Option<u32> {
    word.trim().strip_prefix("Table ")?.parse().ok()
}

fn scalar(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" | "str" => "string",
        "integer" | "int" | "int32" => "integer",
        "long" | "int64" => "long",
        "number" | "float" | "double" | "bigdecimal" => "number",
        "boolean" | "bool" => "boolean",
        "object" => "json",
        // A file sent as a part of an upload form.
        "file" => "binary",
        _ => return None,
    })
}

fn array_item(item: &str) -> Option<String> {
    let plural = |word: &str| match word.to_ascii_lowercase().as_str() {
        "strings" => Some("string"),
        "integers" => Some("integer"),
        "longs" => Some("long"),
        "numbers" | "floats" | "doubles" => Some("number"),
        "booleans" => Some("boolean"),
        "objects" => Some("json"),
        _ => None,
    };
    if let Some(scalar) = plural(item).or_else(|| scalar(item).filter(|s| *s != "json")) {
        // `Array of strings`, and Alibaba's `Array of String`.
        return Some(scalar.to_owned());
    }
    let name = item
        .strip_suffix(" objects")
        .or_else(|| item.strip_suffix(" object"))?;
    is_schema_name(name).then(|| name.to_owned())
}

/// A schema name as the pages print them: `ResourceTag`, `io.k8s.api.core.v1.Pod`.
pub fn is_schema_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_documented_words() {
        assert_eq!(map("String").as_deref(), Some("string"));
        assert_eq!(map("Long").as_deref(), Some("long"));
        assert_eq!(map("boolean").as_deref(), Some("boolean"));
        assert_eq!(map("Array of strings").as_deref(), Some("array<string>"));
        assert_eq!(
            map("Array of ResourceTag objects").as_deref(),
            Some("array<ResourceTag>")
        );
        assert_eq!(
            map("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta object").as_deref(),
            Some("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta")
        );
        assert_eq!(map("Map<String,String>").as_deref(), Some("map<string>"));
        assert_eq!(map("Blob"), None);
        assert!(looks_like_type("Blob"));
        assert!(!looks_like_type("The ID of the cluster."));
    }
}
