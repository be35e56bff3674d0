//! Every example JSON of the seed pages decodes into the generated types and encodes back to
//! the same JSON.

use cloudgen::load::model::ExampleKind;
use cloudgen_clients::alibaba::cs::types as cs;
use cloudgen_clients::huawei::cce::types as cce;
use cloudgen_clients::huawei::cce_kubernetes::types as k8s;
use cloudgen_clients::huawei::workspace::types as workspace;
use cloudgen_tests::{examples, Example};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn round_trip<T: DeserializeOwned + Serialize>(example: &Example) {
    let original: serde_json::Value = serde_json::from_str(&example.body)
        .unwrap_or_else(|e| panic!("{} example is not JSON: {e}", example.operation));
    let typed: T = serde_json::from_str(&example.body)
        .unwrap_or_else(|e| panic!("{} example does not decode: {e}", example.operation));
    let back = serde_json::to_value(&typed).expect("serializable");
    assert_eq!(
        back, original,
        "{} example changed in a round trip",
        example.operation
    );
}

#[test]
fn every_example_round_trips_through_the_generated_types() {
    let examples = examples();
    let mut checked = 0;
    for example in &examples {
        match (example.operation.as_str(), example.kind, example.status) {
            ("ListPodIdentityAssociations", ExampleKind::Response, Some(200)) => {
                round_trip::<Vec<cce::PodIdentityAssociationResp>>(example)
            }
            ("CleanClusterUserPermissions", ExampleKind::Response, Some(200)) => {
                round_trip::<cs::CleanClusterUserPermissionsResponse>(example)
            }
            (
                "DeleteRbacAuthorizationV1NamespacedRoleBinding",
                ExampleKind::Response,
                Some(200),
            ) => round_trip::<k8s::Status>(example),
            ("BatchDeleteAccessPolicies", ExampleKind::Request, None) => {
                round_trip::<workspace::BatchDeleteAccessPoliciesRequestBody>(example)
            }
            other => panic!("an example with no round trip test: {other:?}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 4, "the seed pages have four JSON examples");
}
