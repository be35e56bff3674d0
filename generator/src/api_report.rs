//! What a regeneration changes in the generated client's public API, and whether callers break.
//!
//! The surface is read from the generated Rust itself (with `syn`), the files on disk before
//! the write against the files about to be written, so the report covers every cause of a
//! change: an updated doc page, an edited spec, or a new generator version.

use std::collections::BTreeMap;
use std::fmt;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

/// One public item of the generated crate, by a stable key such as
/// `huawei::cce::types::ResourceTag.key` or `huawei::cce::Client::list_pod_identity_associations`.
type Surface = BTreeMap<String, Entry>;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    /// The item's signature as tokens (field type, function signature); changes here matter.
    signature: String,
    /// For a type: `#[non_exhaustive]`, so that adding a field or variant breaks nobody.
    open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Type,
    Field,
    Variant,
    Method,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Type => "type",
            Kind::Field => "field",
            Kind::Variant => "enum value",
            Kind::Method => "operation or setter",
        }
    }
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    pub description: String,
    /// Whether code written against the old API may stop compiling or behave differently.
    pub breaking: bool,
}

/// The differences between the public API of `old` and `new` files (path, contents), sorted.
pub fn compare<'a>(
    old: impl IntoIterator<Item = (&'a str, &'a str)>,
    new: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<ApiChange> {
    let (old, new) = (surface(old), surface(new));
    let mut changes = Vec::new();
    for (key, entry) in &old {
        match new.get(key) {
            None => changes.push(ApiChange {
                description: format!("removed {} `{key}`", entry.kind.noun()),
                breaking: true,
            }),
            Some(now) if now.signature != entry.signature => changes.push(ApiChange {
                description: format!(
                    "changed {} `{key}`: `{}` -> `{}`",
                    entry.kind.noun(),
                    entry.signature,
                    now.signature
                ),
                breaking: true,
            }),
            Some(_) => {}
        }
    }
    for (key, entry) in &new {
        if old.contains_key(key) {
            continue;
        }
        // A new type or method breaks nobody. A new public field breaks struct literals, and
        // a new enum value breaks exhaustive matches, unless the type itself is new or is
        // `#[non_exhaustive]` (as every generated type is), which rules both out. A required
        // field also changes the type's `new`, reported as that method's change.
        let owner = key
            .rsplit_once(['.', ':'])
            .map(|(owner, _)| owner.trim_end_matches(':'));
        let owner_is_new = owner.is_some_and(|owner| !old.contains_key(owner));
        let owner_is_open = owner
            .and_then(|owner| new.get(owner))
            .is_some_and(|owner| owner.open);
        let breaking =
            matches!(entry.kind, Kind::Field | Kind::Variant) && !owner_is_new && !owner_is_open;
        changes.push(ApiChange {
            description: format!("added {} `{key}`", entry.kind.noun()),
            breaking,
        });
    }
    changes.sort_by(|a, b| (!a.breaking, &a.description).cmp(&(!b.breaking, &b.description)));
    changes
}

/// The report printed after a regeneration.
pub struct Report<'a>(pub &'a [ApiChange]);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return writeln!(f, "public API: unchanged");
        }
        let breaking = self.0.iter().filter(|c| c.breaking).count();
        writeln!(
            f,
            "public API: {} change{}, {breaking} breaking{}",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" },
            if breaking > 0 {
                " (release a new major version, or a new minor one before 1.0)"
            } else {
                " (a minor version is enough)"
            }
        )?;
        for change in self.0 {
            let mark = if change.breaking {
                "breaking"
            } else {
                "additive"
            };
            writeln!(f, "  {mark:>8}: {}", change.description)?;
        }
        Ok(())
    }
}

fn surface<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Surface {
    let mut surface = Surface::new();
    for (path, contents) in files {
        let Some(module) = module_path(path) else {
            continue;
        };
        // A file that does not parse (hand-edited, truncated) contributes nothing; the write
        // replaces it, and the report then shows its items as added.
        if let Ok(file) = syn::parse_file(contents) {
            collect(&module, &file.items, &mut surface);
        }
    }
    surface
}

/// `src/huawei/cce/types.rs` -> `huawei::cce::types`, `src/kubernetes/api/types/core_v1.rs` ->
/// `kubernetes::api::types::core_v1`; `mod.rs` and `lib.rs` name their folder.
/// Operation modules are private, so their items are keyed by the service module that
/// re-exports them.
fn module_path(path: &str) -> Option<String> {
    let inner = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut parts: Vec<&str> = inner.split('/').collect();
    // Every file but `types.rs` and a package module of `types/` adds nothing to its folder's
    // path: `mod.rs` and `lib.rs` are the folder itself, and an operation's items are
    // re-exported by the service module.
    let in_types = parts.len() >= 2 && parts[parts.len() - 2] == "types";
    let keeps_name = parts.last() == Some(&"types") || (in_types && parts.last() != Some(&"mod"));
    if !keeps_name {
        parts.pop();
    }
    Some(parts.join("::"))
}

fn collect(module: &str, items: &[Item], surface: &mut Surface) {
    let key = |name: &dyn fmt::Display| {
        if module.is_empty() {
            name.to_string()
        } else {
            format!("{module}::{name}")
        }
    };
    for item in items {
        match item {
            Item::Struct(item) if is_public(&item.vis) => {
                let owner = key(&item.ident);
                surface.insert(owner.clone(), type_entry(&item.attrs));
                if let Fields::Named(fields) = &item.fields {
                    for field in fields.named.iter().filter(|f| is_public(&f.vis)) {
                        if let Some(name) = &field.ident {
                            let ty = field.ty.to_token_stream().to_string();
                            surface.insert(format!("{owner}.{name}"), entry(Kind::Field, ty));
                        }
                    }
                }
            }
            Item::Enum(item) if is_public(&item.vis) => {
                let owner = key(&item.ident);
                surface.insert(owner.clone(), type_entry(&item.attrs));
                for variant in &item.variants {
                    let fields = variant.fields.to_token_stream().to_string();
                    surface.insert(
                        format!("{owner}::{}", variant.ident),
                        entry(Kind::Variant, fields),
                    );
                }
            }
            Item::Type(item) if is_public(&item.vis) => {
                let ty = item.ty.to_token_stream().to_string();
                surface.insert(key(&item.ident), entry(Kind::Type, ty));
            }
            Item::Impl(item) if item.trait_.is_none() => {
                let owner = key(&item.self_ty.to_token_stream());
                for member in &item.items {
                    if let ImplItem::Fn(method) = member {
                        if is_public(&method.vis) {
                            let signature = method.sig.to_token_stream().to_string();
                            let name = format!("{owner}::{}", method.sig.ident);
                            surface.insert(name, entry(Kind::Method, signature));
                        }
                    }
                }
            }
            Item::Macro(item) => {
                for (name, signature) in runtime_macro_methods(&item.mac) {
                    surface.insert(key(&name), entry(Kind::Method, signature));
                }
            }
            _ => {}
        }
    }
}

/// The methods a `cloudgen_runtime::model!` invocation defines, as `Type::method` and a
/// signature: `new` with its arguments, the setters and list accessors with their types. The
/// methods of `string_enum!` are the same for every enum and follow from its variants.
fn runtime_macro_methods(mac: &syn::Macro) -> Vec<(String, String)> {
    let Some(call) = crate::format::runtime_macros::model_call(mac) else {
        return Vec::new();
    };
    let name = &call.name;
    let mut methods = vec![(format!("{name}::new"), call.arguments.join(", "))];
    for (is_list, entries) in &call.groups {
        // `setter => field: Type`
        for entry in entries {
            let Some((setter, field)) = entry.split_once(" => ") else {
                continue;
            };
            let (field, ty) = field.split_once(": ").unwrap_or((field, ""));
            methods.push((format!("{name}::{setter}"), ty.to_owned()));
            if *is_list {
                methods.push((format!("{name}::{field}"), format!("[{ty}]")));
            }
        }
    }
    methods
}

fn entry(kind: Kind, signature: String) -> Entry {
    Entry {
        kind,
        signature,
        open: false,
    }
}

fn type_entry(attributes: &[syn::Attribute]) -> Entry {
    Entry {
        open: attributes
            .iter()
            .any(|a| a.path().is_ident("non_exhaustive")),
        ..entry(Kind::Type, String::new())
    }
}

fn is_public(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD_TYPES: &str =
        "pub struct Tag { pub key: Option<String>, pub value: Option<String> }\n\
        pub enum Mode { A, B, Unrecognized(String) }";
    const OLD_OP: &str =
        "impl Client { pub fn list(&self, cluster_id: impl Into<String>) -> List { todo!() } }\n\
        pub struct List { client: Client }";

    fn report(types: &str, op: &str) -> Vec<ApiChange> {
        compare(
            [("src/v/s/types.rs", OLD_TYPES), ("src/v/s/list.rs", OLD_OP)],
            [("src/v/s/types.rs", types), ("src/v/s/list.rs", op)],
        )
    }

    #[test]
    fn an_unchanged_api_has_no_changes() {
        assert_eq!(report(OLD_TYPES, OLD_OP), vec![]);
    }

    #[test]
    fn tells_breaking_from_additive_changes() {
        let types = "pub struct Tag { pub key: Option<i64>, pub extra: Option<bool> }\n\
            pub enum Mode { A, B, C, Unrecognized(String) }\n\
            pub struct New { pub x: i32 }";
        let op = "impl Client { pub fn list(&self, cluster_id: impl Into<String>, limit: i32) -> List { todo!() } }\n\
            pub struct List { client: Client }";
        let changes = report(types, op);
        let text: Vec<(bool, &str)> = changes
            .iter()
            .map(|c| (c.breaking, c.description.as_str()))
            .collect();
        assert!(
            text.contains(&(true, "removed field `v::s::types::Tag.value`")),
            "{text:#?}"
        );
        assert!(
            text.contains(&(true, "added field `v::s::types::Tag.extra`")),
            "{text:#?}"
        );
        assert!(
            text.contains(&(true, "added enum value `v::s::types::Mode::C`")),
            "{text:#?}"
        );
        assert!(
            text.contains(&(false, "added type `v::s::types::New`")),
            "{text:#?}"
        );
        assert!(
            text.contains(&(false, "added field `v::s::types::New.x`")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|(breaking, d)| *breaking
                    && d.starts_with("changed field `v::s::types::Tag.key`")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|(breaking, d)| *breaking
                && d.starts_with("changed operation or setter `v::s::Client::list`")),
            "{text:#?}"
        );
        let printed = Report(&changes).to_string();
        assert!(printed.contains("breaking"), "{printed}");
    }

    #[test]
    fn additions_to_non_exhaustive_types_are_additive_but_a_new_required_field_is_not() {
        let old =
            "#[non_exhaustive] pub struct Tag { pub key: String, pub value: Option<String> }\n\
            cloudgen_runtime::model!(Tag(key: String) { with_value => value: String });\n\
            #[non_exhaustive] pub enum Mode { A, Unrecognized(String) }";
        let added = "#[non_exhaustive] pub struct Tag { pub key: String, pub value: Option<String>, pub owners: Option<Vec<String>> }\n\
            cloudgen_runtime::model!(Tag(key: String) { with_value => value: String } [with_owners => owners: String]);\n\
            #[non_exhaustive] pub enum Mode { A, B, Unrecognized(String) }";
        let changes = compare([("src/v/s/types.rs", old)], [("src/v/s/types.rs", added)]);
        let text: Vec<(bool, &str)> = changes
            .iter()
            .map(|c| (c.breaking, c.description.as_str()))
            .collect();
        assert_eq!(
            text,
            [
                (false, "added enum value `v::s::types::Mode::B`"),
                (false, "added field `v::s::types::Tag.owners`"),
                (
                    false,
                    "added operation or setter `v::s::types::Tag::owners`"
                ),
                (
                    false,
                    "added operation or setter `v::s::types::Tag::with_owners`"
                ),
            ]
        );
        let required = "#[non_exhaustive] pub struct Tag { pub key: String, pub value: Option<String>, pub id: i32 }\n\
            cloudgen_runtime::model!(Tag(key: String, id: i32) { with_value => value: String });\n\
            #[non_exhaustive] pub enum Mode { A, Unrecognized(String) }";
        let changes = compare(
            [("src/v/s/types.rs", old)],
            [("src/v/s/types.rs", required)],
        );
        assert!(
            changes.iter().any(|c| c.breaking
                && c.description
                    .starts_with("changed operation or setter `v::s::types::Tag::new`")),
            "{changes:#?}"
        );
    }

    #[test]
    fn package_modules_of_types_keep_their_name() {
        assert_eq!(
            module_path("src/kubernetes/api/types/core_v1.rs").as_deref(),
            Some("kubernetes::api::types::core_v1")
        );
        assert_eq!(
            module_path("src/kubernetes/api/types/mod.rs").as_deref(),
            Some("kubernetes::api::types")
        );
        assert_eq!(
            module_path("src/huawei/cce/types.rs").as_deref(),
            Some("huawei::cce::types")
        );
        assert_eq!(
            module_path("src/huawei/cce/list_clusters.rs").as_deref(),
            Some("huawei::cce")
        );
    }
}
