//! The waiters a service file declares, checked against the operations they poll: the state's
//! path leads to a text or an enum of the success reply, the states are values of that enum,
//! and the reason's path leads to a text. A waiter of an operation the folder does not hold is
//! left out with it. Each waiter becomes a `wait_until_<name>` method of
//! its operations' request builders; the polling lives in the runtime.

use std::collections::BTreeMap;

use super::model::{
    FieldPath, FieldStep, Output, ReplyBody, Schema, SchemaKind, Service, StateValue, TypeRef,
    WaitUntil, Waiter,
};
use super::{naming, Report};
use crate::load::locations::NodePath;
use crate::load::model::{ServiceFile, WaiterSpec};

/// Seconds between polls when the spec does not say.
const DEFAULT_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 30;

/// Adds the declared waiters to the operations they poll, reporting those that do not fit.
pub fn assign(service: &mut Service, specs: &[WaiterSpec], report: &mut Report<'_, ServiceFile>) {
    let Service {
        schemas,
        operations,
        ..
    } = service;
    let schemas: BTreeMap<&str, &Schema> =
        schemas.iter().map(|s| (s.rust_name.as_str(), s)).collect();
    for (index, spec) in specs.iter().enumerate() {
        let at = NodePath::root().key("waiters").index(index);
        let method = format!("wait_until_{}", naming::snake(&spec.name));
        if spec.name.is_empty() || method.contains("r#") {
            report.error(
                &at.key("name"),
                format!("`{}` cannot name a method", spec.name),
            );
            continue;
        }
        // A waiter of an operation the specs folder leaves out (a build script's curated
        // subset) is left out with it.
        let prefix = spec.operation.strip_suffix('*');
        for op in operations.iter_mut() {
            let applies = match prefix {
                Some(prefix) => op.name.starts_with(prefix),
                None => op.name == spec.operation,
            };
            if !applies {
                continue;
            }
            match until(spec, &op.output, &schemas) {
                Ok(until) => op.waiters.push(Waiter {
                    method: method.clone(),
                    description: spec.description.clone(),
                    source: spec.source.clone(),
                    until,
                    delay: spec.delay.unwrap_or(DEFAULT_DELAY),
                    max_delay: spec.max_delay.unwrap_or(DEFAULT_MAX_DELAY),
                }),
                Err((key, message)) => {
                    report.error(&at.key(key), format!("operation `{}`: {message}", op.name));
                }
            }
        }
    }
}

type Problem = (&'static str, String);

fn until(
    spec: &WaiterSpec,
    output: &Output,
    schemas: &BTreeMap<&str, &Schema>,
) -> Result<WaitUntil, Problem> {
    if spec.gone {
        if spec.state.is_some() || !spec.success.is_empty() || !spec.failure.is_empty() {
            return Err((
                "gone",
                "a waiter until gone has no `state`, `success` or `failure`".to_owned(),
            ));
        }
        return Ok(WaitUntil::Gone);
    }
    let Some(state) = &spec.state else {
        return Err((
            "state",
            "a waiter needs a `state` path, or `gone: true`".to_owned(),
        ));
    };
    if spec.success.is_empty() {
        return Err((
            "success",
            "a waiter needs at least one `success` state".to_owned(),
        ));
    }
    let Output::Single {
        body: Some(ReplyBody::Json(reply)),
        ..
    } = output
    else {
        return Err((
            "operation",
            "its reply is not one JSON body a state can be read from".to_owned(),
        ));
    };
    let state = follow(reply, state, schemas).map_err(|m| ("state", m))?;
    let enum_values = match state.ty() {
        Some(TypeRef::String) => None,
        Some(TypeRef::Named(name)) => match schemas.get(name.as_str()).map(|s| &s.kind) {
            Some(SchemaKind::Enum(values)) => Some((name.clone(), values.clone())),
            _ => {
                return Err((
                    "state",
                    format!("`{}` is neither a text nor an enum", state.dotted()),
                ))
            }
        },
        _ => {
            return Err((
                "state",
                format!("`{}` is neither a text nor an enum", state.dotted()),
            ))
        }
    };
    let values = |key: &'static str, listed: &[String]| -> Result<Vec<StateValue>, Problem> {
        listed
            .iter()
            .map(|value| match &enum_values {
                None => Ok(StateValue {
                    value: value.clone(),
                    variant: None,
                }),
                Some((name, values)) => values
                    .iter()
                    .find(|v| v.value == *value)
                    .map(|v| StateValue {
                        value: value.clone(),
                        variant: Some(v.variant.clone()),
                    })
                    .ok_or_else(|| {
                        (
                            key,
                            format!("`{value}` is not a value of the enum `{name}`"),
                        )
                    }),
            })
            .collect()
    };
    let reason = match &spec.reason {
        Some(reason) => {
            let path = follow(reply, reason, schemas).map_err(|m| ("reason", m))?;
            if path.ty() != Some(&TypeRef::String) {
                return Err(("reason", format!("`{reason}` is not a text")));
            }
            Some(path)
        }
        None => None,
    };
    Ok(WaitUntil::State {
        success: values("success", &spec.success)?,
        failure: values("failure", &spec.failure)?,
        enum_type: enum_values.map(|(name, _)| name),
        state,
        reason,
    })
}

/// The fields of `dotted` (wire names) from `ty` on.
fn follow(
    ty: &TypeRef,
    dotted: &str,
    schemas: &BTreeMap<&str, &Schema>,
) -> Result<FieldPath, String> {
    let mut path = FieldPath::default();
    let mut at = ty.clone();
    for name in dotted.split('.') {
        let fields = match &at {
            TypeRef::Named(schema) => match schemas.get(schema.as_str()).map(|s| &s.kind) {
                Some(SchemaKind::Object(fields)) => fields,
                _ => return Err(format!("`{dotted}`: `{schema}` has no fields")),
            },
            _ => return Err(format!("`{dotted}`: `{name}` is not inside an object")),
        };
        let Some(field) = fields.iter().find(|f| f.wire_name == name && !f.boxed) else {
            return Err(format!("`{dotted}`: the reply has no field `{name}` there"));
        };
        path.steps.push(FieldStep::of(field));
        at = field.ty.clone();
    }
    Ok(path)
}
