//! Rust names for the documentation's names: heck's case conversion plus the rules that keep
//! every result a valid identifier (keywords, leading digits, empty results).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2021.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A field, parameter, function or module name: `clusterId` -> `cluster_id`,
/// `type` -> `r#type`.
pub fn snake(name: &str) -> String {
    finish(name.to_snake_case(), "field")
}

/// A type or variant name: `io.k8s.api.v1.Status` -> `Status`, `dry-run` -> `DryRun`.
pub fn camel(name: &str) -> String {
    finish(name.to_upper_camel_case(), "Type")
}

/// The last segment of a dotted name, which is what the documentation's qualified type names
/// (`io.k8s.apimachinery.pkg.apis.meta.v1.Status`) are known by.
pub fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The module of a type named by a dotted package path, for a service with
/// `types_by_package`: the package's last segment, joined to the one before it when that is a
/// version (`io.k8s.api.core.v1.Pod` -> `core_v1`, `io.k8s.apimachinery.pkg.api.resource.Quantity`
/// -> `resource`); `None` for a name without a package.
pub fn package_module(name: &str) -> Option<String> {
    let mut segments: Vec<&str> = name.split('.').collect();
    segments.pop()?;
    let last = segments.pop()?;
    let is_version = last.strip_prefix('v').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches("alpha")
                .trim_start_matches("beta")
                .chars()
                .all(|c| c.is_ascii_digit())
    });
    let module = match (is_version, segments.last()) {
        (true, Some(group)) => format!("{group}_{last}"),
        _ => last.to_owned(),
    };
    Some(snake(&module))
}

/// The Rust name of a schema: its type name, and where `by_package` puts it in a module, the
/// module before it (`core_v1::Pod`).
pub fn schema_rust_name(name: &str, by_package: bool) -> String {
    let type_name = camel(last_segment(name));
    match package_module(name).filter(|_| by_package) {
        Some(module) => format!("{module}::{type_name}"),
        None => type_name,
    }
}

/// The module and the type name of a Rust schema name (`core_v1::Pod` -> `(Some("core_v1"), "Pod")`).
pub fn split_module(rust_name: &str) -> (Option<&str>, &str) {
    match rust_name.rsplit_once("::") {
        Some((module, name)) => (Some(module), name),
        None => (None, rust_name),
    }
}

/// The cargo feature of a service: `<vendor>-<service>` (`huawei-cce`, `kubernetes-api`).
pub fn service_feature(service: &crate::load::model::ServiceFile) -> String {
    let vendor = match service.vendor {
        crate::load::model::Vendor::Huawei => "huawei",
        crate::load::model::Vendor::Alibaba => "alibaba",
        crate::load::model::Vendor::Kubernetes => "kubernetes",
    };
    format!("{vendor}-{}", service.service.to_lowercase())
}

fn finish(converted: String, prefix: &str) -> String {
    // Only ASCII letters, digits and `_` are kept: non-ASCII identifiers are legal Rust but
    // trip lints and are hard to type for the people who call the client.
    let kept: String = converted
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut ident = kept
        .split('_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if ident.is_empty() {
        return prefix.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!(
            "{prefix}{}{ident}",
            if prefix == "field" { "_" } else { "" }
        );
    }
    if NOT_RAW.contains(&ident.as_str()) {
        ident.push('_');
    } else if KEYWORDS.contains(&ident.as_str()) {
        ident.insert_str(0, "r#");
    }
    ident
}

/// The identifier without its raw prefix: `r#type` and `type`, `r#abc` and `abc` name the same
/// thing, so names are compared in this form.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Whether `name` (as written by a spec author in `rust_name`) is a usable identifier.
pub fn is_valid_identifier(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let starts_well = matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic());
    starts_well
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && bare != "_"
        && !NOT_RAW.contains(&bare)
        && (name.starts_with("r#") || !KEYWORDS.contains(&bare))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_wire_names() {
        assert_eq!(snake("clusterId"), "cluster_id");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("policy_id_list"), "policy_id_list");
        assert_eq!(snake("continue"), "r#continue");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("123abc"), "field_123abc");
        assert_eq!(snake("[items]"), "items");
        assert_eq!(snake("---"), "field");
        assert_eq!(snake("naïve_é"), "nave");
        assert_eq!(snake("_private"), "private");
        assert_eq!(
            camel(last_segment("io.k8s.apimachinery.pkg.apis.meta.v1.Status")),
            "Status"
        );
        assert_eq!(camel("self"), "Self_");
        assert_eq!(camel("2xx"), "Type2xx");
    }

    #[test]
    fn every_conversion_is_a_valid_identifier() {
        for name in [
            "type", "ref", "match", "self", "Self", "crate", "super", "9", "", "é", "a b", "_",
        ] {
            assert!(
                is_valid_identifier(&snake(name)),
                "snake({name:?}) = {}",
                snake(name)
            );
            assert!(
                is_valid_identifier(&camel(name)),
                "camel({name:?}) = {}",
                camel(name)
            );
        }
    }

    #[test]
    fn rejects_invalid_overrides() {
        assert!(is_valid_identifier("r#type"));
        assert!(!is_valid_identifier("type"));
        assert!(!is_valid_identifier("self"));
        assert!(!is_valid_identifier("1a"));
        assert!(!is_valid_identifier("a-b"));
    }
}
