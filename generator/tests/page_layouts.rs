//! The page layouts the vendors publish beyond the ones the importer was first written for,
//! each on a real page saved in `tests/pages/layouts/` (see the README there for the sources),
//! and the facts the pages state in words.

use std::fs;

use cloudgen::import::doc_page::{import_page, service_dir, Finding, PageContext};
use cloudgen::load::model::{FieldSpec, OperationFile, ParameterLocation, ServiceFile};

mod common;

use common::root;

fn page(name: &str) -> String {
    fs::read_to_string(root().join("tests/pages/layouts").join(name)).unwrap()
}

fn service(dir: &str) -> ServiceFile {
    service_dir::read(&root().join("specs").join(dir))
        .unwrap()
        .service
}

/// The page imported from scratch (no spec of the operation exists).
fn fresh(text: &str, service: &ServiceFile, operation: &str) -> (OperationFile, Vec<Finding>) {
    let context = PageContext {
        service,
        existing: &[],
        operation: Some(operation),
    };
    let imported = import_page(text, &context).unwrap_or_else(|f| panic!("{f:?}"));
    (imported.operation, imported.findings)
}

fn parameter<'a>(op: &'a OperationFile, name: &str) -> &'a FieldSpec {
    op.parameters
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter {name} in {:?}", op.parameters))
}

fn messages(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(ToString::to_string).collect()
}

#[test]
fn the_older_cce_kubernetes_layout_is_read_whole() {
    let kubernetes = service("kubernetes/api");
    let (op, findings) = fresh(
        &page("huawei-cce-k8s-older-ReadNamespace.txt"),
        &kubernetes,
        "ReadCoreV1Namespace",
    );
    assert!(findings.is_empty(), "{:#?}", messages(&findings));
    assert_eq!(
        op.source.page,
        "Help Center/ Cloud Container Engine/ API Reference/ Namespace (Native Kubernetes APIs)/ Reading a Specified Namespace"
    );
    assert_eq!(op.path, "/api/v1/namespaces/{name}");
    // One table without a Type column holds the path and the query parameters.
    let name = parameter(&op, "name");
    assert_eq!(name.location, Some(ParameterLocation::Path));
    assert!(name.required, "a path parameter is always required");
    for query in ["pretty", "exact", "export"] {
        let field = parameter(&op, query);
        assert_eq!(field.location, Some(ParameterLocation::Query));
        assert_eq!(field.type_expr, "string");
    }
    // "Status Code" heading, its sentence and caption; the example printed in the section.
    assert_eq!(op.responses.len(), 1);
    assert_eq!(op.responses[0].status, 200);
    assert_eq!(
        op.responses[0].description,
        "This operation succeeds, and a Namespace resource object is returned."
    );
    assert_eq!(op.examples.len(), 1);
    assert_eq!(op.examples[0].status, Some(200));
    assert!(op.examples[0]
        .body
        .as_deref()
        .unwrap()
        .contains("\"ns-test\""));
}

#[test]
fn older_nested_tables_are_named_after_their_field_and_found_by_number() {
    let kubernetes = service("kubernetes/api");
    let (op, findings) = fresh(
        &page("huawei-cce-k8s-older-CreateNamespace.cut.txt"),
        &kubernetes,
        "CreateCoreV1Namespace",
    );
    let findings = messages(&findings);
    // Saved cut short inside its example response: what it lacks is said, and the type word
    // naming a table of another page (`Table 11`) is reported, not guessed.
    assert!(
        findings
            .iter()
            .any(|f| f.contains("no Status Codes section")),
        "{findings:#?}"
    );
    assert!(findings
        .iter()
        .any(|f| f.contains("unknown type word \"Table 11\" of \"metadata\"")));
    let body = op.request_body.as_ref().unwrap();
    let schema = op
        .schemas
        .iter()
        .find(|s| s.name == body.type_expr)
        .unwrap();
    let property = |name: &str| {
        schema
            .properties
            .iter()
            .flatten()
            .find(|p| p.name == name)
            .unwrap()
            .type_expr
            .clone()
    };
    assert_eq!(property("spec"), "CreateCoreV1NamespaceSpec");
    assert_eq!(property("status"), "CreateCoreV1NamespaceStatus");
    let spec = op
        .schemas
        .iter()
        .find(|s| s.name == "CreateCoreV1NamespaceSpec")
        .unwrap();
    assert_eq!(
        spec.properties.as_ref().unwrap()[0].type_expr,
        "array<string>"
    );
    assert!(op
        .examples
        .iter()
        .any(|e| e.body.as_deref().is_some_and(|b| b.contains("development"))));
}

#[test]
fn chinese_pages_with_pipe_tables_are_read_and_their_lost_cells_reported() {
    let kubernetes = service("kubernetes/api");
    let (op, findings) = fresh(
        &page("huawei-cci-zh-pipe-readCoreV1Namespace.cut.txt"),
        &kubernetes,
        "ReadCoreV1Namespace",
    );
    let findings = messages(&findings);
    assert_eq!(
        findings,
        [
            "page: the page has no Status Codes section",
            "line 55: the pipe-table row \"metadata\" has no type in its Type cell (a cell was lost in rendering); left out",
            "line 58: the pipe-table row \"spec\" has no type in its Type cell (a cell was lost in rendering); left out",
            "line 61: the pipe-table row \"status\" is cut short; left out",
        ]
    );
    assert_eq!(op.description.as_deref(), Some("查询Namespace的详细信息。"));
    let name = parameter(&op, "name");
    assert_eq!(name.location, Some(ParameterLocation::Path));
    assert!(name.required);
    assert_eq!(parameter(&op, "exact").type_expr, "boolean");
    assert_eq!(
        parameter(&op, "pretty").location,
        Some(ParameterLocation::Query)
    );
    assert_eq!(
        parameter(&op, "X-Auth-Token").location,
        Some(ParameterLocation::Header)
    );
    let ok = op.responses.iter().find(|r| r.status == 200).unwrap();
    assert!(
        ok.body.is_some(),
        "the first table after \"状态码: 200\" is its body"
    );
}

#[test]
fn a_pipe_rendering_without_a_request_line_names_what_it_cannot_read() {
    let cce = service("huawei/cce");
    let context = PageContext {
        service: &cce,
        existing: &[],
        operation: Some("CreateNamespace"),
    };
    let findings = messages(
        &import_page(
            &page("huawei-cce-en-pipe-CreateNamespace.cut.txt"),
            &context,
        )
        .unwrap_err(),
    );
    assert!(
        findings.contains(&"page: the page has no request line (METHOD /path)".to_owned()),
        "{findings:#?}"
    );
    for line in [39, 50] {
        assert!(
            findings.contains(&format!("line {line}: a table without a caption after the request body: the object it describes cannot be told; left out")),
            "{findings:#?}"
        );
    }
}

#[test]
fn ranges_defaults_and_value_lists_in_words() {
    let cce = service("huawei/cce");
    let (op, findings) = fresh(
        &page("huawei-bss-value-ranges-ListServiceTypes.cut.txt"),
        &cce,
        "ListServiceTypes",
    );
    let findings = messages(&findings);
    assert!(
        findings
            .iter()
            .any(|f| f.contains("a response table without a status")),
        "{findings:#?}"
    );
    // A Value Range column, a value list as bare bullets, a default by its value.
    let language = parameter(&op, "X-Language");
    assert_eq!(language.location, Some(ParameterLocation::Header));
    assert_eq!(language.range.as_deref(), Some("A maximum of 8 characters"));
    assert_eq!(language.default.as_deref(), Some("zh_CN"));
    let values = op
        .schemas
        .iter()
        .find(|s| s.name == language.type_expr)
        .and_then(|s| s.values.as_ref())
        .unwrap_or_else(|| panic!("X-Language is {}", language.type_expr));
    let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["zh_CN", "en_US"]);
    let offset = parameter(&op, "offset");
    assert_eq!(
        (offset.minimum, offset.maximum),
        (Some(0), Some(1_000_000_000))
    );
    assert_eq!(offset.default.as_deref(), Some("0"));
    let limit = parameter(&op, "limit");
    assert_eq!((limit.minimum, limit.maximum), (Some(1), Some(1000)));
    assert_eq!(limit.default.as_deref(), Some("10"));
}

#[test]
fn an_error_table_that_lists_part_of_the_error_body_is_the_error_body() {
    let workspace = service("huawei/workspace");
    let text = fs::read_to_string(
        root().join("tests/pages/lacking/huawei-workspace-DeleteDesktopPool.txt"),
    )
    .unwrap();
    // The 400 table without its error_detail and encoded_authorization_message rows: the
    // code and the message, both properties of Workspace's ErrorResponse.
    let lines: Vec<&str> = text.lines().collect();
    let cut: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !(92..=103).contains(&(i + 1)))
        .map(|(_, l)| *l)
        .collect();
    let (op, _) = fresh(&cut.join("\n"), &workspace, "DeleteDesktopPool");
    let bad_request = op.responses.iter().find(|r| r.status == 400).unwrap();
    assert_eq!(
        bad_request.body.as_ref().unwrap().type_expr,
        "ErrorResponse"
    );
    // The whole table has a field ErrorResponse lacks: it stays the page's own schema.
    let (whole, _) = fresh(&text, &workspace, "DeleteDesktopPool");
    let bad_request = whole.responses.iter().find(|r| r.status == 400).unwrap();
    assert_ne!(
        bad_request.body.as_ref().unwrap().type_expr,
        "ErrorResponse"
    );
}

#[test]
fn alibaba_rows_the_request_syntax_body_names_travel_in_the_body() {
    let ack = service("alibaba/cs");
    let text =
        fs::read_to_string(root().join("tests/pages/more/alibaba/cs/CreateKubernetesTrigger.md"))
            .unwrap();
    let (op, findings) = fresh(&text, &ack, "CreateKubernetesTrigger");
    assert!(findings.is_empty(), "{:#?}", messages(&findings));
    assert!(
        op.parameters
            .iter()
            .all(|p| p.location != Some(ParameterLocation::Query)),
        "{:?}",
        op.parameters
    );
    let body = op.request_body.as_ref().expect("a request body");
    let schema = op
        .schemas
        .iter()
        .find(|s| s.name == body.type_expr)
        .unwrap();
    let names: Vec<&str> = schema
        .properties
        .iter()
        .flatten()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["cluster_id", "project_id", "action", "type"]);
    // A body key no row describes is reported.
    let lacking = text.replace("|action|String|Yes|default/test-app|The action that the trigger performs. Valid value:\n\n `redeploy`: redeploys the resources specified by `project_id`. |\n", "");
    assert_ne!(lacking, text);
    let (_, findings) = fresh(&lacking, &ack, "CreateKubernetesTrigger");
    assert!(
        messages(&findings)
            .iter()
            .any(|f| f.contains("body has \"action\", which no row")),
        "{:#?}",
        messages(&findings)
    );
}

#[test]
fn an_alibaba_reply_that_is_an_array_is_an_array_of_its_rows() {
    let ack = service("alibaba/cs");
    let text =
        fs::read_to_string(root().join("tests/pages/more/alibaba/cs/DescribeClusterResources.md"))
            .unwrap();
    let (op, findings) = fresh(&text, &ack, "DescribeClusterResources");
    assert!(findings.is_empty(), "{:#?}", messages(&findings));
    let body = op.responses[0].body.as_ref().unwrap();
    assert_eq!(
        body.type_expr,
        "array<DescribeClusterResourcesResponseItem>"
    );
    let item = op
        .schemas
        .iter()
        .find(|s| s.name == "DescribeClusterResourcesResponseItem")
        .unwrap();
    let names: Vec<&str> = item
        .properties
        .iter()
        .flatten()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "cluster_id",
            "created",
            "instance_id",
            "resource_info",
            "resource_type",
            "state"
        ]
    );
}

#[test]
fn fields_a_markdown_table_lists_flat_after_their_list_are_left_out_with_a_finding() {
    let ack = service("alibaba/cs");
    let (op, findings) = fresh(
        &page("alibaba-cs-flat-nesting-DescribeClustersV1.cut.md"),
        &ack,
        "DescribeClustersV1",
    );
    let findings = messages(&findings);
    assert!(
        findings.iter().any(|f| f.starts_with("line 32: row \"clusters\" (Array of clusters) has fields the table lists flat after it")),
        "{findings:#?}"
    );
    // The list stays, opaque; its fields are not read as the reply's own.
    let body = op.responses[0].body.as_ref().unwrap();
    let reply = op
        .schemas
        .iter()
        .find(|s| s.name == body.type_expr)
        .unwrap();
    let names: Vec<&str> = reply
        .properties
        .iter()
        .flatten()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["clusters"]);
    assert_eq!(reply.properties.as_ref().unwrap()[0].type_expr, "json");
}

#[test]
fn the_sites_navigation_is_not_the_description() {
    let mut findings = Vec::new();
    let read = cloudgen::import::doc_page::alibaba::read(
        &page("alibaba-cs-site-navigation-CommonParameters.cut.txt"),
        &mut findings,
    );
    let description = read.description.unwrap_or_default();
    assert!(
        description.contains("This topic describes the common parameters"),
        "{description}"
    );
    for navigation in ["All Products", "Search", "Document Center"] {
        assert!(
            !description.lines().any(|l| l == navigation),
            "{description}"
        );
    }
    assert_eq!(read.updated.as_deref(), Some("Aug 31, 2023"));
}

#[test]
fn a_parameter_row_without_a_name_is_left_out_and_the_import_refused() {
    // The seed ACK page with the ClusterId row's name cell emptied.
    let seed = fs::read_to_string(root().join("tests/pages/002_c292cd833028ae84.txt")).unwrap();
    let mangled = seed.replacen("| ClusterId | string |", "|  | string |", 1);
    assert_ne!(mangled, seed);
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("alibaba/cs");
    fs::create_dir_all(dir.join("operations")).unwrap();
    fs::copy(
        root().join("specs/alibaba/cs/service.yaml"),
        dir.join("service.yaml"),
    )
    .unwrap();
    let refusal = cloudgen::import::doc_page::import_into(
        &dir,
        &mangled,
        Some("CleanClusterUserPermissions"),
        true,
    )
    .unwrap_err();
    let cloudgen::import::doc_page::Refusal::WouldNotGenerate(findings) = refusal else {
        panic!("{refusal:?}");
    };
    let findings = messages(&findings);
    assert!(
        findings
            .iter()
            .any(|f| f.contains("a parameter row without a usable name")),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.contains("placeholder {ClusterId} has no row")),
        "{findings:#?}"
    );
    assert!(
        fs::read_dir(dir.join("operations"))
            .unwrap()
            .next()
            .is_none(),
        "a spec was written"
    );
}
