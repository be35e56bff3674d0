//! The code, message and request id of an error body, whatever shape the service answered in.
//!
//! Each service documents one error body, but the gateways and back ends behind one endpoint
//! answer in several: Huawei services send `error_code`/`error_msg`, `errorCode`/`errorMessage`,
//! `{"error": {"code", "message"}}` or a bare `message`, the Kubernetes API of a cluster a
//! `Status` object; Alibaba sends `Code`/`Message` or `code`/`message`. The official SDKs look
//! for all of these, and so does this, when the service's own error type has no code or
//! message to give.

use serde_json::{Map, Value};

/// What an error body says, by the keys the vendors use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Recognized {
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
}

/// The code and message keys, in the order they are looked for: the first key present with a
/// text value (or, for codes, a number) wins.
const CODE_KEYS: &[&str] = &["error_code", "errorCode", "code", "Code", "reason"];
const MESSAGE_KEYS: &[&str] = &[
    "error_msg",
    "errorMessage",
    "errorMsg",
    "error_message",
    "message",
    "Message",
    "msg",
    "error_description",
];
const REQUEST_ID_KEYS: &[&str] = &["request_id", "requestId", "RequestId", "requestID"];

/// Reads `body` as one of the known error shapes; empty when it is not a JSON object.
pub(crate) fn recognize(body: &[u8]) -> Recognized {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return Recognized::default();
    };
    let mut found = Recognized {
        code: first(&object, CODE_KEYS, true),
        message: first(&object, MESSAGE_KEYS, false),
        request_id: first(&object, REQUEST_ID_KEYS, false),
    };
    // A Kubernetes `Status` carries the HTTP status as `code` and the cause as `reason`.
    if object.get("kind").and_then(Value::as_str) == Some("Status") {
        found.code = first(&object, &["reason"], false).or(found.code);
    }
    // `{"error": {"code": ..., "message": ...}}`, or `{"error": "text"}`.
    match object.get("error") {
        Some(Value::Object(inner)) => {
            found.code = found.code.or_else(|| first(inner, CODE_KEYS, true));
            found.message = found.message.or_else(|| first(inner, MESSAGE_KEYS, false));
            found.request_id = found
                .request_id
                .or_else(|| first(inner, REQUEST_ID_KEYS, false));
        }
        Some(Value::String(text)) if found.message.is_none() && !text.is_empty() => {
            found.message = Some(text.clone());
        }
        _ => {}
    }
    found
}

/// The request id a success body carries at its top level (`requestId`, `RequestId`, ...), as
/// Alibaba's replies do; for replies without the request id header.
pub(crate) fn request_id(body: &[u8]) -> Option<String> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    first(&object, REQUEST_ID_KEYS, false)
}

fn first(object: &Map<String, Value>, keys: &[&str], numbers: bool) -> Option<String> {
    keys.iter().find_map(|key| match object.get(*key)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) if numbers => Some(number.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> (Option<String>, Option<String>, Option<String>) {
        let found = recognize(body.as_bytes());
        (found.code, found.message, found.request_id)
    }

    fn some(code: &str, message: &str) -> (Option<String>, Option<String>, Option<String>) {
        (Some(code.to_owned()), Some(message.to_owned()), None)
    }

    #[test]
    fn a_success_body_gives_its_request_id() {
        assert_eq!(
            request_id(br#"{"cluster_id": "c1", "requestId": "R-9"}"#).as_deref(),
            Some("R-9")
        );
        assert_eq!(
            request_id(br#" {"RequestId": "R-1"}"#).as_deref(),
            Some("R-1")
        );
        assert_eq!(request_id(br#"[{"requestId": "R-1"}]"#), None);
        assert_eq!(request_id(b"not json"), None);
    }

    #[test]
    fn every_shape_the_vendors_answer_in() {
        assert_eq!(
            read(r#"{"error_code": "CCE.01404001", "error_msg": "no cluster"}"#),
            some("CCE.01404001", "no cluster")
        );
        assert_eq!(
            read(r#"{"errorCode": "WKS.0001", "errorMessage": "bad desktop"}"#),
            some("WKS.0001", "bad desktop")
        );
        assert_eq!(
            read(r#"{"error": {"code": "1101", "message": "token expired"}}"#),
            some("1101", "token expired")
        );
        assert_eq!(
            read(r#"{"message": "upstream timed out"}"#),
            (None, Some("upstream timed out".to_owned()), None)
        );
        assert_eq!(
            read(
                r#"{"kind": "Status", "status": "Failure", "message": "rolebindings \"x\" not found", "reason": "NotFound", "code": 404}"#
            ),
            some("NotFound", "rolebindings \"x\" not found")
        );
        assert_eq!(
            read(r#"{"Code": "Throttling", "Message": "slow down", "RequestId": "R-1"}"#),
            (
                Some("Throttling".to_owned()),
                Some("slow down".to_owned()),
                Some("R-1".to_owned())
            )
        );
    }

    #[test]
    fn anything_else_says_nothing() {
        assert_eq!(read("<html>502</html>"), (None, None, None));
        assert_eq!(read("[1, 2]"), (None, None, None));
        assert_eq!(read(r#"{"code": null, "message": ""}"#), (None, None, None));
    }
}
