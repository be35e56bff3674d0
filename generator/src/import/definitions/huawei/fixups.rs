//! Named corrections of known defects of Huawei's definitions. Each is one entry of
//! [`FIXUPS`] with the reason; each file it corrects gets a finding, and a fix-up that finds
//! nothing to correct in any file is reported, so that a new release of the definitions shows
//! what was corrected and which fix-ups it made unnecessary.

use serde_json::Value;

use super::super::convert::Finding;
use super::super::intermediate::Intermediate;

/// A correction of one property of a shared definition, wherever a file holds it.
pub struct Fixup {
    pub name: &'static str,
    /// The service whose files it corrects (the definitions' `product_short`).
    pub product: &'static str,
    /// The definition and its property (`JobStatus`, `phase`).
    pub definition: &'static str,
    pub property: &'static str,
    pub why: &'static str,
    /// Corrects the property's schema; returns whether there was something to correct.
    pub apply: fn(&mut Value) -> bool,
}

pub const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "job-phases-listed-in-the-description",
        product: "CCE",
        definition: "JobStatus",
        property: "phase",
        why: "the job's phase is a closed set (Initializing, Running, Failed, Success) that the \
              description lists as Go constants (`- JobPhaseRunning JobPhase = \"Running\"`) \
              while the schema says only `string`; waiters match on it, so it is an enum",
        apply: go_constants_are_the_values,
    },
    Fixup {
        name: "cluster-phases-listed-in-the-description",
        product: "CCE",
        definition: "ClusterStatus",
        property: "phase",
        why: "the cluster's phase is a closed set that the description lists as bullets \
              (`- Available:可用,...`) while the schema says only `string`; waiters match on \
              it, so it is an enum",
        apply: bullets_are_the_values,
    },
];

/// Applies every fix-up to the files of its service that hold its definition.
pub fn apply(read: &mut [Intermediate]) {
    let product = |one: &Intermediate| {
        one.document
            .get("product_short")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    for fixup in FIXUPS {
        let pointer = format!(
            "/definitions/{}/properties/{}",
            fixup.definition, fixup.property
        );
        let mut corrected = false;
        let mut of_the_service = read
            .iter_mut()
            .filter(|one| product(one).as_deref() == Some(fixup.product))
            .peekable();
        if of_the_service.peek().is_none() {
            continue;
        }
        for one in of_the_service {
            let Some(schema) = one.document.pointer_mut(&pointer) else {
                continue;
            };
            if (fixup.apply)(schema) {
                corrected = true;
                one.findings.push(Finding {
                    at: format!("fix-up `{}`", fixup.name),
                    message: format!("corrected: {}", fixup.why),
                });
            }
        }
        if !corrected {
            if let Some(first) = read
                .iter_mut()
                .find(|one| product(one).as_deref() == Some(fixup.product))
            {
                first.findings.push(Finding {
                    at: format!("fix-up `{}`", fixup.name),
                    message: "found nothing to correct in any file: the definitions may have \
                              fixed it; remove the fix-up"
                        .to_owned(),
                });
            }
        }
    }
}

/// Sets `enum` of a string schema without one to `values`, when there are any.
fn set_values(schema: &mut Value, values: Vec<String>) -> bool {
    let is_plain_string =
        schema.get("type") == Some(&Value::from("string")) && schema.get("enum").is_none();
    if !is_plain_string || values.is_empty() {
        return false;
    }
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "enum".to_owned(),
            Value::Array(values.into_iter().map(Value::from).collect()),
        );
        return true;
    }
    false
}

fn description(schema: &Value) -> &str {
    schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The quoted values of description lines `- <Constant> <Type> = "<value>"`.
fn go_constants_are_the_values(schema: &mut Value) -> bool {
    let values = description(schema)
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("- ")?;
            let (_, value) = rest.split_once(" = \"")?;
            value.strip_suffix('"').map(str::to_owned)
        })
        .collect();
    set_values(schema, values)
}

/// The leading words of description bullets `- <value>:<meaning>` (either colon).
fn bullets_are_the_values(schema: &mut Value) -> bool {
    let values = description(schema)
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("- ")?;
            let (value, _) = rest.split_once([':', ':'])?;
            let value = value.trim();
            (!value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| value.to_owned())
        })
        .collect();
    set_values(schema, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_read_from_either_listing() {
        let mut job = json!({"type": "string", "description":
            "任务的状态:\n\n- JobPhaseRunning JobPhase = \"Running\"\n- JobPhaseSuccess JobPhase = \"Success\""});
        assert!(go_constants_are_the_values(&mut job));
        assert_eq!(job["enum"], json!(["Running", "Success"]));
        let mut cluster = json!({"type": "string", "description":
            "集群状态,取值如下\n- Available:可用。\n- Empty:集群无任何资源(已废弃)"});
        assert!(bullets_are_the_values(&mut cluster));
        assert_eq!(cluster["enum"], json!(["Available", "Empty"]));
        // Applied once, it finds nothing more to correct.
        assert!(!bullets_are_the_values(&mut cluster));
    }
}
