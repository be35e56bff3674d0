//! Alibaba's OpenAPI metadata of an API (`api-docs-<date>.json`, the format of its API portal):
//! per operation its path, methods and parameters (`in`, `style`, and a `schema` that states
//! `required` inside it), and in complete copies descriptions, examples and responses.
//!
//! Several copies of different dates can sit side by side; they are read newest first, since
//! the newest states what the API is now and an older one may still describe what it no longer
//! is (and, in the copies kept here, is the only one with descriptions and responses).

use std::fs;
use std::path::Path;

use serde_json::{Map, Value};

use crate::import::definitions::{io_error, ImportError};

/// One `api-docs-<date>.json`.
#[derive(Debug)]
pub struct Metadata {
    /// `20251203`, from the file name.
    pub date: String,
    apis: Map<String, Value>,
    components: Map<String, Value>,
}

/// The file name prefix of a metadata copy.
const PREFIX: &str = "api-docs-";

/// Every metadata copy of `dir`, newest first.
pub fn read_all(dir: &Path) -> Result<Vec<Metadata>, ImportError> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(date) = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.strip_suffix(".json"))
        else {
            continue;
        };
        let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| io_error(&path, e))?;
        let part = |key: &str| {
            json.get(key)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let components = json
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if !json.get("apis").is_some_and(Value::is_object) {
            return Err(io_error(&path, "no `apis` object: not an api-docs file"));
        }
        found.push(Metadata {
            date: date.to_owned(),
            apis: part("apis"),
            components,
        });
    }
    found.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(found)
}

impl Metadata {
    /// The file this copy was read from, for findings.
    pub fn file(&self) -> String {
        format!("{PREFIX}{}.json", self.date)
    }

    pub fn operation(&self, name: &str) -> Option<&Map<String, Value>> {
        self.apis.get(name).and_then(Value::as_object)
    }

    /// The schema of the parameter `name` in `location` (`query`, `path`, `body`, ...).
    pub fn parameter(&self, operation: &str, location: &str, name: &str) -> Option<&Value> {
        self.parameter_entry(operation, location, name)
            .and_then(|p| p.get("schema"))
    }

    /// The whole parameter entry (`name`, `in`, `style`, `schema`).
    pub fn parameter_entry(&self, operation: &str, location: &str, name: &str) -> Option<&Value> {
        self.operation(operation)?
            .get("parameters")?
            .as_array()?
            .iter()
            .find(|p| {
                p.get("in").and_then(Value::as_str) == Some(location)
                    && p.get("name").and_then(Value::as_str) == Some(name)
            })
    }

    /// The body parameter's schema, whatever it is named.
    pub fn body(&self, operation: &str) -> Option<&Value> {
        self.operation(operation)?
            .get("parameters")?
            .as_array()?
            .iter()
            .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))
            .and_then(|p| p.get("schema"))
    }

    /// The success statuses the copy documents, with their schemas.
    pub fn success_responses(&self, operation: &str) -> Vec<(u16, &Value)> {
        let Some(responses) = self
            .operation(operation)
            .and_then(|op| op.get("responses"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        responses
            .iter()
            .filter_map(|(status, response)| {
                let status: u16 = status.parse().ok()?;
                (200..300).contains(&status).then_some((status, response))
            })
            .collect()
    }

    /// The JSON example of the success reply (`responseDemo`), when the copy has one that
    /// parses.
    pub fn reply_example(&self, operation: &str) -> Option<Value> {
        let demo = self.operation(operation)?.get("responseDemo")?.as_str()?;
        let entries: Value = serde_json::from_str(demo).ok()?;
        entries.as_array()?.iter().find_map(|entry| {
            if entry.get("type").and_then(Value::as_str) != Some("json") {
                return None;
            }
            let text = entry.get("example")?.as_str()?;
            serde_json::from_str::<Value>(text).ok()
        })
    }

    /// `schema` with a `$ref` to the copy's components followed (once: components do not
    /// refer to each other in these copies, and a loop is not followed).
    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.components.get(name))
                .unwrap_or(schema),
            None => schema,
        }
    }
}
