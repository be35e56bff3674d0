//! The API report calls the change from `specs-v1/` to `specs-v2/` additive, change by change,
//! and the user program of `src/lib.rs`, written against v1, behaves the same against v2.

use std::path::Path;

use cloudgen::api_report::{compare, ApiChange};
use cloudgen_evolution_test::{against_v1, against_v2, v1, v2};

fn generated(version: &str) -> Vec<cloudgen::GeneratedFile> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("specs-{version}"));
    cloudgen::generate(&specs).expect("the demo specs generate")
}

#[test]
fn adding_a_field_an_enum_value_and_an_optional_parameter_is_additive() {
    let (old, new) = (generated("v1"), generated("v2"));
    let changes: Vec<ApiChange> = compare(
        old.iter().map(|f| (f.path.as_str(), f.contents.as_str())),
        new.iter().map(|f| (f.path.as_str(), f.contents.as_str())),
    );
    let text: Vec<(bool, &str)> = changes
        .iter()
        .map(|c| (c.breaking, c.description.as_str()))
        .collect();
    for expected in [
        "added field `huawei::demo::types::Widget.color`",
        "added operation or setter `huawei::demo::types::Widget::with_color`",
        "added enum value `huawei::demo::types::WidgetSize::Huge`",
        "added operation or setter `huawei::demo::CreateWidget::x_client_token`",
    ] {
        assert!(text.contains(&(false, expected)), "{expected}: {text:#?}");
    }
    assert!(
        changes.iter().all(|c| !c.breaking),
        "nothing breaks: {text:#?}"
    );
    assert_eq!(changes.len(), 4, "{text:#?}");
}

#[test]
fn the_program_written_against_v1_reads_v2_the_same_way() {
    let reply = serde_json::json!({"name": "gear", "size": "large", "labels": ["a", "b"]});
    let old: v1::huawei::demo::types::Widget = serde_json::from_value(reply.clone()).unwrap();
    let new: v2::huawei::demo::types::Widget = serde_json::from_value(reply).unwrap();
    assert_eq!(against_v1::v1::describe(&old), "gear (large, 2 labels)");
    assert_eq!(against_v2::v2::describe(&new), "gear (large, 2 labels)");
    // A value v1 does not know arrives as `Unrecognized`, which the wildcard arm takes.
    let huge = serde_json::json!({"name": "gear", "size": "huge"});
    let old: v1::huawei::demo::types::Widget = serde_json::from_value(huge).unwrap();
    assert_eq!(
        against_v1::v1::describe(&old),
        "gear (another size, 0 labels)"
    );
}
