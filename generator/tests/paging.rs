//! Which operations get a paginator, decided from the specs' names alone: the patterns the
//! committed services do not show (a marker that is the last item's id), and the lists the
//! detection leaves out, each with its reason in the generated README.

use std::path::PathBuf;

use cloudgen::load::{Role, SourceFile};
use cloudgen::GeneratedFile;

const SERVICE: &str = r#"
vendor: huawei
service: demo
title: Demo service
endpoint:
  template: https://demo.{region}.myhuaweicloud.com
auth: [huawei-token]
errors: {body: ErrorResponse, code: error_code, message: error_msg}
schemas:
  - name: ErrorResponse
    properties:
      - {name: error_code, type: string}
      - {name: error_msg, type: string}
  - name: Server
    properties:
      - {name: id, type: string, required: true}
      - {name: name, type: string}
  - name: Servers
    properties:
      - {name: servers, type: array<Server>}
  - name: TwoLists
    properties:
      - {name: servers, type: array<Server>}
      - {name: volumes, type: array<Server>}
"#;

fn list_operation(name: &str, method: &str, query: &[&str], reply: &str) -> String {
    let parameters: String = query
        .iter()
        .map(|p| format!("  - {{name: {p}, in: query, type: string}}\n"))
        .collect();
    format!(
        "operation: {name}\nsource: {{page: test}}\ntitle: {name}\nmethod: {method}\npath: /v1/{name}\n\
         parameters:\n{parameters}responses:\n  - status: 200\n    description: OK\n    body: {{type: {reply}}}\n"
    )
}

fn generate(operations: &[(&str, String)]) -> Vec<GeneratedFile> {
    let service_dir = "huawei/demo".to_owned();
    let mut sources = vec![SourceFile {
        path: PathBuf::from("specs/huawei/demo/service.yaml"),
        role: Role::Service {
            service_dir: service_dir.clone(),
        },
        text: SERVICE.to_owned(),
    }];
    for (name, text) in operations {
        sources.push(SourceFile {
            path: PathBuf::from(format!("specs/huawei/demo/operations/{name}.yaml")),
            role: Role::Operation {
                service_dir: service_dir.clone(),
            },
            text: text.clone(),
        });
    }
    cloudgen::generate_from_sources(&sources).unwrap_or_else(|d| panic!("{d}"))
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

#[test]
fn a_marker_without_a_next_marker_in_the_reply_is_the_last_items_id() {
    let files = generate(&[(
        "ListServers",
        list_operation("ListServers", "GET", &["marker", "limit"], "Servers"),
    )]);
    let code = file(&files, "src/huawei/demo/list_servers.rs");
    assert!(
        code.contains("impl cloudgen_runtime::Paged for ListServers"),
        "{code}"
    );
    let next: String = code.split_whitespace().collect();
    assert!(
        next.contains(
            "next_token(self.marker.as_ref(),page.servers.as_ref().and_then(|items|items.last()).map(|item|&item.id),)"
        ),
        "{code}"
    );
    assert!(next.contains("self.limit=Some(cloudgen_runtime::paging::page_size(size));"));
    assert!(file(&files, "README.md").contains("| last item's id |"));
}

#[test]
fn lists_the_detection_cannot_follow_are_named_with_their_reason() {
    let files = generate(&[
        (
            "ListTwo",
            list_operation("ListTwo", "GET", &["offset", "limit"], "TwoLists"),
        ),
        (
            "ListSized",
            list_operation("ListSized", "GET", &["limit"], "Servers"),
        ),
        (
            "PurgeServers",
            list_operation("PurgeServers", "DELETE", &["offset", "limit"], "Servers"),
        ),
    ]);
    let readme = file(&files, "README.md");
    assert!(
        readme.contains("- `ListTwo`: the reply has several lists (`servers`, `volumes`)"),
        "{readme}"
    );
    assert!(readme.contains(
        "- `ListSized`: a page size (`limit`) but no offset, marker, page number or token parameter"
    ));
    // A DELETE with paging parameters splits the server's work; it is not a list.
    assert!(!readme.contains("`PurgeServers`:"), "{readme}");
    for name in ["list_two", "list_sized", "purge_servers"] {
        let code = file(&files, &format!("src/huawei/demo/{name}.rs"));
        assert!(!code.contains("Paged for"), "{code}");
    }
}
