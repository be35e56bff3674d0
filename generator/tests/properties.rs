//! Properties of the generator over generated specs:
//!
//! - every spec the validator accepts generates Rust that parses;
//! - identifier conversion never yields an invalid identifier;
//! - the fields of one object either collide in a reported problem or get distinct names.

use std::collections::HashSet;
use std::path::PathBuf;

use cloudgen::load::{Role, SourceFile};
use cloudgen::resolve::naming::{bare, camel, is_valid_identifier, snake};
use proptest::prelude::*;

const SERVICE: &str = r#"vendor: huawei
service: demo
title: Demo service
endpoint:
  template: https://demo.{region}.myhuaweicloud.com
auth: [huawei-token]
request_id_header: X-Request-Id
errors: {body: ErrorResponse, code: error_code, message: error_msg}
schemas:
  - name: ErrorResponse
    properties:
      - {name: error_code, type: string}
      - {name: error_msg, type: string}
"#;

/// The shared service file and `operation`, in the file named after the operation `name`.
fn sources(name: &str, operation: String) -> [SourceFile; 2] {
    let service_dir = "huawei/demo".to_owned();
    [
        SourceFile {
            path: PathBuf::from("specs/huawei/demo/service.yaml"),
            role: Role::Service {
                service_dir: service_dir.clone(),
            },
            text: SERVICE.to_owned(),
        },
        SourceFile {
            path: PathBuf::from(format!("specs/huawei/demo/operations/{name}.yaml")),
            role: Role::Operation { service_dir },
            text: operation,
        },
    ]
}

/// A YAML double-quoted scalar holding exactly `text`.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Names as documentation pages spell them, and the awkward ones.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type",
            "self",
            "Self",
            "crate",
            "super",
            "match",
            "ref",
            "continue",
            "async",
            "r#type",
            "id",
            "Id",
            "ID",
            "cluster_id",
            "clusterId",
            "ClusterId",
            "X-Auth-Token",
            "a.b.c",
            "io.k8s.api.v1.Status",
            "2xx",
            "9",
            "_",
            "__",
            "-",
            "é",
            "naïve",
            "Ünïcode",
            "名前",
            "Unknown",
            "Client",
            "Error",
            "Result",
            "Request",
            "Response",
            "Builder",
            "String",
            "Option",
            "Vec",
            "Box",
            "new",
            "send",
            "build",
            "default",
            "r",
            "r#",
            "dry-run",
        ])
        .prop_map(str::to_owned),
        "[a-z][a-zA-Z0-9]{0,8}",
        "[a-zA-Z0-9_.\\- é中]{1,12}",
    ]
}

/// Names of the schemas a spec may define and refer to.
const SCHEMA_NAMES: &[&str] = &[
    "Item",
    "self",
    "io.k8s.api.v1.Status",
    "Tag-Info",
    "2xx",
    "Ünïcode",
    "match",
    "Unknown",
    "ErrorResponse",
];

fn type_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "string", "integer", "long", "boolean", "number", "json"
        ])
        .prop_map(str::to_owned),
        prop::sample::select(SCHEMA_NAMES.to_vec()).prop_map(str::to_owned),
    ];
    leaf.prop_recursive(3, 8, 1, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("array<{t}>")),
            inner.prop_map(|t| format!("map<{t}>")),
        ]
    })
}

#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    location: &'static str,
    type_expr: String,
    required: bool,
}

fn parameter() -> impl Strategy<Value = Parameter> {
    (
        name(),
        prop::sample::select(vec!["path", "query", "header"]),
        prop_oneof![
            3 => prop::sample::select(vec!["string", "integer", "long", "boolean", "number"])
                .prop_map(str::to_owned),
            1 => type_expr(),
        ],
        any::<bool>(),
    )
        .prop_map(|(name, location, type_expr, required)| Parameter {
            required: required || location == "path",
            name,
            location,
            type_expr,
        })
}

#[derive(Debug, Clone)]
enum SchemaKind {
    Object(Vec<(String, String, bool)>),
    Enum(Vec<String>),
    Alias(String),
}

fn schema() -> impl Strategy<Value = (String, SchemaKind)> {
    let kind = prop_oneof![
        prop::collection::vec((name(), type_expr(), any::<bool>()), 0..5)
            .prop_map(SchemaKind::Object),
        prop::collection::vec(name(), 1..5).prop_map(SchemaKind::Enum),
        type_expr().prop_map(SchemaKind::Alias),
    ];
    (prop::sample::select(SCHEMA_NAMES.to_vec()), kind)
        .prop_map(|(name, kind)| (name.to_owned(), kind))
}

#[derive(Debug, Clone)]
struct Operation {
    name: String,
    method: &'static str,
    parameters: Vec<Parameter>,
    body: Option<String>,
    responses: Vec<(u16, Option<String>)>,
    schemas: Vec<(String, SchemaKind)>,
}

fn operation() -> impl Strategy<Value = Operation> {
    (
        name(),
        prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
        prop::collection::vec(parameter(), 0..5),
        prop::option::of(type_expr()),
        prop::collection::vec(
            (
                prop_oneof![3 => 200u16..300, 1 => 100u16..600],
                prop::option::of(type_expr()),
            ),
            1..4,
        ),
        prop::collection::vec(schema(), 0..4),
    )
        .prop_map(
            |(name, method, parameters, body, responses, schemas)| Operation {
                name,
                method,
                parameters,
                body,
                responses,
                schemas,
            },
        )
}

fn operation_yaml(op: &Operation) -> String {
    let mut path = String::from("/v1");
    for p in op.parameters.iter().filter(|p| p.location == "path") {
        path.push_str(&format!("/{{{}}}", p.name));
    }
    let mut yaml = format!(
        "operation: {}\nsource: {{page: generated}}\ntitle: Generated\nmethod: {}\npath: {}\n",
        quoted(&op.name),
        op.method,
        quoted(&path)
    );
    if !op.parameters.is_empty() {
        yaml.push_str("parameters:\n");
        for p in &op.parameters {
            yaml.push_str(&format!(
                "  - {{name: {}, in: {}, type: {}, required: {}}}\n",
                quoted(&p.name),
                p.location,
                quoted(&p.type_expr),
                p.required
            ));
        }
    }
    if let Some(body) = &op.body {
        yaml.push_str(&format!("request_body: {{type: {}}}\n", quoted(body)));
    }
    yaml.push_str("responses:\n");
    for (status, body) in &op.responses {
        yaml.push_str(&format!("  - status: {status}\n    description: Status\n"));
        if let Some(body) = body {
            yaml.push_str(&format!("    body: {{type: {}}}\n", quoted(body)));
        }
    }
    if !op.schemas.is_empty() {
        yaml.push_str("schemas:\n");
        for (name, kind) in &op.schemas {
            yaml.push_str(&format!("  - name: {}\n", quoted(name)));
            match kind {
                SchemaKind::Object(fields) => {
                    yaml.push_str("    properties:\n");
                    if fields.is_empty() {
                        yaml.truncate(yaml.len() - 1);
                        yaml.push_str(" []\n");
                    }
                    for (field, ty, required) in fields {
                        yaml.push_str(&format!(
                            "      - {{name: {}, type: {}, required: {required}}}\n",
                            quoted(field),
                            quoted(ty)
                        ));
                    }
                }
                SchemaKind::Enum(values) => {
                    yaml.push_str("    values:\n");
                    for value in values {
                        yaml.push_str(&format!("      - {{value: {}}}\n", quoted(value)));
                    }
                }
                SchemaKind::Alias(target) => {
                    yaml.push_str(&format!("    alias: {}\n", quoted(target)));
                }
            }
        }
    }
    yaml
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn accepted_specs_generate_rust_that_parses(op in operation()) {
        let yaml = operation_yaml(&op);
        if let Ok(files) = cloudgen::generate_from_sources(&sources(&op.name, yaml.clone())) {
            for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(error) = syn::parse_file(&file.contents) {
                    prop_assert!(false, "{} does not parse: {error}\nspec:\n{yaml}\n{}", file.path, file.contents);
                }
            }
        }
    }

    #[test]
    fn conversions_are_valid_identifiers(name in any::<String>()) {
        for ident in [snake(&name), camel(&name)] {
            prop_assert!(is_valid_identifier(&ident), "{name:?} -> {ident:?}");
            prop_assert!(syn::parse_str::<syn::Ident>(&ident).is_ok(), "{name:?} -> {ident:?}");
        }
    }

    #[test]
    fn properties_collide_in_a_report_or_get_distinct_names(
        fields in prop::collection::vec(
            (
                name(),
                prop::option::weighted(0.3, prop::sample::select(vec![
                    "abc", "r#abc", "type", "r#type", "field", "x_y", "r#x_y", "id",
                ])),
            ),
            1..6,
        ),
    ) {
        let mut yaml = String::from(
            "operation: GetThing\nsource: {page: generated}\ntitle: Generated\nmethod: GET\n\
             path: /v1/thing\nresponses:\n  - status: 200\n    description: OK\n    \
             body: {type: Thing}\nschemas:\n  - name: Thing\n    properties:\n",
        );
        for (name, rust_name) in &fields {
            yaml.push_str(&format!("      - {{name: {}, type: string", quoted(name)));
            if let Some(rust_name) = rust_name {
                yaml.push_str(&format!(", rust_name: {}", quoted(rust_name)));
            }
            yaml.push_str("}\n");
        }
        match cloudgen::generate_from_sources(&sources("GetThing", yaml.clone())) {
            Ok(_) => {
                let mut seen = HashSet::new();
                for (name, rust_name) in &fields {
                    let ident = rust_name.map_or_else(|| snake(name), str::to_owned);
                    prop_assert!(
                        seen.insert(bare(&ident).to_owned()),
                        "two fields become `{ident}` and nothing was reported:\n{yaml}"
                    );
                }
            }
            Err(report) => {
                let report = report.to_string();
                prop_assert!(
                    report.contains("both become")
                        || report.contains("listed twice")
                        || report.contains("needs a name")
                        || report.contains("is not a valid Rust field name"),
                    "unexpected report:\n{report}\n{yaml}"
                );
            }
        }
    }
}
