//! Named corrections of known defects of Alibaba's definitions, applied to the intermediate
//! document of one operation. Each is one entry of [`FIXUPS`], with the reason, and each time
//! one applies it is a finding of the operation in the import report, so a person reviewing a
//! new release sees what was corrected and can drop a fix-up the release made unnecessary
//! (a fix-up that finds nothing to correct is reported too).

use serde_json::Value;

use crate::import::definitions::convert::Finding;

/// A correction of one operation's document.
pub struct Fixup {
    pub name: &'static str,
    pub operation: &'static str,
    pub why: &'static str,
    /// Corrects the document; returns whether there was something to correct.
    pub apply: fn(&mut Value) -> bool,
}

pub const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "reply-is-the-result-array",
        operation: "DeleteAlertContact",
        why: "main.tea declares the reply `bodyType = 'array'` and the metadata documents a JSON \
              array of `{status, msg, contact_id}`, but main.tea's response model wraps that array \
              in an object's `result`; the reply is typed as the array",
        apply: reply_is_the_result_array,
    },
    Fixup {
        name: "task-states-listed-in-the-description",
        operation: "DescribeTaskInfo",
        why: "the task's `state` is a closed set (running, fail, success) that the description \
              lists as \"Valid values\" while the schema says only `string`; waiters match on it, \
              so it is an enum",
        apply: |document| {
            listed_values_are_the_enum(document, "DescribeTaskInfoResponseBody", "state")
        },
    },
    Fixup {
        name: "cluster-states-listed-in-the-description",
        operation: "DescribeClusterDetail",
        why: "the cluster's `state` is a closed set that the description lists as \"Valid \
              values\" while the schema says only `string`; waiters match on it, so it is an enum",
        apply: |document| {
            listed_values_are_the_enum(document, "DescribeClusterDetailResponseBody", "state")
        },
    },
];

/// Sets `enum` of the string property `property` of `definition` to the values its
/// description lists as bullets of code (`` - `running`: The task is running. ``).
fn listed_values_are_the_enum(document: &mut Value, definition: &str, property: &str) -> bool {
    let pointer = format!("/definitions/{definition}/properties/{property}");
    let Some(schema) = document.pointer_mut(&pointer) else {
        return false;
    };
    if schema.get("type") != Some(&Value::from("string")) || schema.get("enum").is_some() {
        return false;
    }
    let values: Vec<Value> = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("- `")?;
            let (value, _) = rest.split_once('`')?;
            (!value.is_empty()).then(|| Value::from(value))
        })
        .collect();
    match (values.is_empty(), schema.as_object_mut()) {
        (false, Some(object)) => {
            object.insert("enum".to_owned(), Value::Array(values));
            true
        }
        _ => false,
    }
}

/// The success reply's schema: the `result` array of the object main.tea declares.
fn reply_is_the_result_array(document: &mut Value) -> bool {
    let Some(responses) = document
        .pointer_mut("/paths")
        .and_then(Value::as_object_mut)
        .and_then(|paths| paths.values_mut().next())
        .and_then(Value::as_object_mut)
        .and_then(|item| item.values_mut().next())
        .and_then(|op| op.get_mut("responses"))
        .and_then(Value::as_object_mut)
    else {
        return false;
    };
    let mut changed = false;
    for response in responses.values_mut() {
        let Some(schema) = response.get_mut("schema") else {
            continue;
        };
        let result = schema.pointer("/properties/result").cloned();
        if let Some(result) = result.filter(|r| r.get("type") == Some(&Value::from("array"))) {
            *schema = result;
            changed = true;
        }
    }
    changed
}

/// Applies the fix-ups of `operation` to its document.
pub fn apply(operation: &str, document: &mut Value, findings: &mut Vec<Finding>) {
    for fixup in FIXUPS.iter().filter(|f| f.operation == operation) {
        let message = if (fixup.apply)(document) {
            format!("corrected: {}", fixup.why)
        } else {
            "found nothing to correct: the definitions may have fixed it; remove the fix-up"
                .to_owned()
        };
        findings.push(Finding {
            at: format!("fix-up `{}`", fixup.name),
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_states_a_description_lists_become_the_enum_once() {
        let mut document = json!({"definitions": {"Body": {"properties": {"state": {
            "type": "string",
            "description": "The status. Valid values:\n- `running`: The task is running.\n- `fail`: The task failed.\n"
        }}}}});
        assert!(listed_values_are_the_enum(&mut document, "Body", "state"));
        assert_eq!(
            document.pointer("/definitions/Body/properties/state/enum"),
            Some(&json!(["running", "fail"]))
        );
        assert!(!listed_values_are_the_enum(&mut document, "Body", "state"));
        assert!(!listed_values_are_the_enum(
            &mut document,
            "Body",
            "missing"
        ));
    }
}
