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

pub const FIXUPS: &[Fixup] = &[Fixup {
    name: "reply-is-the-result-array",
    operation: "DeleteAlertContact",
    why: "main.tea declares the reply `bodyType = 'array'` and the metadata documents a JSON \
          array of `{status, msg, contact_id}`, but main.tea's response model wraps that array \
          in an object's `result`; the reply is typed as the array",
    apply: reply_is_the_result_array,
}];

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
