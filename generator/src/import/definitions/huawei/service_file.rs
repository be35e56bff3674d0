//! A first `service.yaml` for a Huawei service the specs do not have yet, from what its
//! definitions say: the product's name, the endpoint (`host` with the file's `region_id` as the
//! `{region}` placeholder), and the error body most of the error replies have.
//!
//! The file is a start, written once: `import-definitions` never overwrites a `service.yaml`,
//! and what the definitions do not say (the table of regions from the SDK's region file, a
//! description) is added by hand.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::intermediate::Intermediate;
use crate::load::model::{
    AuthScheme, EndpointSpec, ErrorSpec, FieldSpec, SchemaSpec, Scope, ServiceFile, Vendor,
};

/// The error body's name in a service file written here.
pub const ERROR_BODY: &str = "ErrorResponse";

/// The properties Huawei services name their error code and message with, in the order a tie
/// is settled in; `error_code`/`error_msg` is the API gateway's own and most services'.
const CODE_MESSAGE: &[(&str, &str)] = &[
    ("error_code", "error_msg"),
    ("errorCode", "errorMessage"),
    ("error_code", "error_message"),
    ("code", "message"),
    ("errCode", "errMsg"),
    ("code", "msg"),
];

/// The endpoint template of one definition: `https://<host>` with the definition's region as
/// `{region}`. `None` when it has no host.
pub fn endpoint_template(document: &Value) -> Option<String> {
    let host = document.get("host").and_then(Value::as_str)?.trim();
    if host.is_empty() {
        return None;
    }
    let region = document
        .get("region_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let host = match region.is_empty() {
        true => host.to_owned(),
        false => host.replace(region, "{region}"),
    };
    Some(format!("https://{host}"))
}

/// The service file for `service` (the folder name below `huawei/`) from its definitions.
pub fn derive(service: &str, read: &[Intermediate]) -> ServiceFile {
    let mut templates: BTreeMap<String, usize> = BTreeMap::new();
    let mut products: BTreeMap<String, usize> = BTreeMap::new();
    let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for one in read {
        if let Some(template) = endpoint_template(&one.document) {
            *templates.entry(template).or_default() += 1;
        }
        if let Some(product) = one.document.get("product_short").and_then(Value::as_str) {
            *products.entry(product.to_owned()).or_default() += 1;
        }
        for properties in error_bodies(&one.document) {
            if let Some(pair) = CODE_MESSAGE
                .iter()
                .find(|(code, message)| properties.contains(code) && properties.contains(message))
            {
                *pairs.entry(*pair).or_default() += 1;
            }
        }
    }
    let most = |counts: &BTreeMap<String, usize>| {
        counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(value, _)| value.clone())
    };
    let template = most(&templates);
    let scope = match &template {
        Some(template) if !template.contains("{region}") => Scope::Global,
        _ => Scope::Regional,
    };
    let (code, message) = pairs
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1).then_with(|| {
                let rank = |pair: &(&str, &str)| CODE_MESSAGE.iter().position(|p| p == pair);
                rank(b.0).cmp(&rank(a.0))
            })
        })
        .map(|(pair, _)| *pair)
        .unwrap_or(CODE_MESSAGE[0]);
    let title = most(&products).unwrap_or_else(|| service.to_uppercase());
    let note = match &template {
        Some(_) => None,
        None => Some(
            "The definitions give no host: set the endpoint of the service with Config::endpoint."
                .to_owned(),
        ),
    };
    let text_field = |name: &str, description: &str| FieldSpec {
        name: name.to_owned(),
        type_expr: "string".to_owned(),
        description: Some(description.to_owned()),
        ..FieldSpec::default()
    };
    ServiceFile {
        vendor: Vendor::Huawei,
        service: service.to_owned(),
        title,
        description: None,
        api_version: None,
        endpoint: EndpointSpec {
            template,
            regions: Vec::new(),
            regions_source: None,
            note,
        },
        scope,
        auth: vec![AuthScheme::HuaweiToken, AuthScheme::HuaweiAksk],
        request_id_header: Some("X-Request-Id".to_owned()),
        errors: ErrorSpec {
            body: ERROR_BODY.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        },
        types_by_package: false,
        schemas: vec![SchemaSpec {
            name: ERROR_BODY.to_owned(),
            description: Some(
                "The body of an error reply, as most of the service's error replies have it."
                    .to_owned(),
            ),
            rust_name: None,
            properties: Some(vec![
                text_field(code, "Error code."),
                text_field(message, "Error message."),
            ]),
            values: None,
            alias: None,
        }],
        waiters: Vec::new(),
    }
}

/// The property names of each error reply's body schema in `document` (a `$ref` to one of its
/// definitions, or an inline object).
fn error_bodies(document: &Value) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for op in super::openapi3::operations(document) {
        let responses = op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten();
        for (status, response) in responses {
            if !status.starts_with('4') && !status.starts_with('5') {
                continue;
            }
            let Some(schema) = response.get("schema") else {
                continue;
            };
            let schema = match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    match document.get("definitions").and_then(|d| d.get(name)) {
                        Some(schema) => schema,
                        None => continue,
                    }
                }
                None => schema,
            };
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                out.push(properties.keys().map(String::as_str).collect());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(document: Value) -> Intermediate {
        Intermediate {
            file: "X.json".to_owned(),
            document,
            findings: Vec::new(),
        }
    }

    fn definition(host: &str, region: &str, error: Value) -> Intermediate {
        one(json!({
            "host": host, "region_id": region, "product_short": "VPC",
            "definitions": {"Err": {"properties": error}},
            "paths": {"/v1/x": {"get": {"responses": {
                "200": {"description": "ok"},
                "400": {"schema": {"$ref": "#/definitions/Err"}}}}}}
        }))
    }

    #[test]
    fn the_endpoint_and_error_body_come_from_most_definitions() {
        let read = [
            definition(
                "vpc.cn-north-4.myhuaweicloud.com",
                "cn-north-4",
                json!({"error_code": {}, "error_msg": {}, "request_id": {}}),
            ),
            definition(
                "vpc.cn-north-4.myhuaweicloud.com",
                "cn-north-4",
                json!({"errorCode": {}, "errorMessage": {}}),
            ),
            definition(
                "vpc.ap-southeast-1.myhuaweicloud.com",
                "ap-southeast-1",
                json!({"errorCode": {}, "errorMessage": {}}),
            ),
        ];
        let file = derive("vpc", &read);
        assert_eq!(
            file.endpoint.template.as_deref(),
            Some("https://vpc.{region}.myhuaweicloud.com")
        );
        assert_eq!(file.scope, Scope::Regional);
        assert_eq!(file.title, "VPC");
        assert_eq!(
            (file.errors.code.as_str(), file.errors.message.as_str()),
            ("errorCode", "errorMessage")
        );
        let names: Vec<&str> = file.schemas[0]
            .properties
            .iter()
            .flatten()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["errorCode", "errorMessage"]);
    }

    #[test]
    fn a_host_without_the_region_is_a_global_service() {
        let read = [definition(
            "organizations.myhuaweicloud.com",
            "cn-north-4",
            json!({}),
        )];
        let file = derive("organizations", &read);
        assert_eq!(file.scope, Scope::Global);
        assert_eq!(
            file.endpoint.template.as_deref(),
            Some("https://organizations.myhuaweicloud.com")
        );
        assert_eq!(file.errors.code, "error_code");
    }
}
