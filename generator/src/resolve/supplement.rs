//! Supplements merged into the operations they complete, before anything else is resolved.
//!
//! A supplement (`supplements/<Operation>.yaml`) holds the constraints that an operation's
//! machine-readable definition states and its documentation page leaves out, and the optional
//! parameters only the definition lists. The page's spec stays byte for byte what the page
//! importer writes; here each field the page left empty is filled from the supplement and the
//! added parameters follow the page's own, so that the rest of `resolve`, and every stage after
//! it, sees one spec holding what both sources state. A value the page states is never replaced: where the
//! two differ, `cloudgen cross-check` lists it for a person to settle.
//!
//! A supplement naming an operation, parameter, schema or property that the specs do not have
//! is stale (the page or the definitions changed since the import) and is reported at its line.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::load::locations::NodePath;
use crate::load::model::{FieldSpec, ParameterLocation, SchemaSpec, SupplementField};
use crate::load::{Parsed, ServiceSources};

const STALE: &str = "the supplement is stale: re-run `cloudgen import-definitions`";

/// A service's files with every supplement merged in.
pub(crate) struct Merged<'a> {
    /// The files to resolve: borrowed unchanged when the service has no supplement.
    pub sources: Cow<'a, ServiceSources>,
    /// The supplement file of each operation a supplement completed, relative to the service
    /// folder (`supplements/DeletePodIdentityAssociation.yaml`).
    pub supplemented: BTreeMap<String, String>,
}

/// Merges the supplements of `source` into its operations and schemas, reporting stale ones.
pub(crate) fn merge<'a>(source: &'a ServiceSources, problems: &mut Vec<Diagnostic>) -> Merged<'a> {
    if source.supplements.is_empty() {
        return Merged {
            sources: Cow::Borrowed(source),
            supplemented: BTreeMap::new(),
        };
    }
    let mut merged = source.clone();
    let mut supplemented = BTreeMap::new();
    for file in &source.supplements {
        let before = problems.len();
        apply(file, &mut merged, problems);
        if problems.len() == before {
            let name = file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            supplemented.insert(file.value.operation.clone(), format!("supplements/{name}"));
        }
    }
    Merged {
        sources: Cow::Owned(merged),
        supplemented,
    }
}

fn apply(
    file: &Parsed<crate::load::model::SupplementFile>,
    sources: &mut ServiceSources,
    problems: &mut Vec<Diagnostic>,
) {
    let spec = &file.value;
    let root = NodePath::root();
    let mut report = |at: &NodePath, message: String| problems.push(file.error(at, message));
    let expected = format!("{}.yaml", spec.operation);
    if file.path.file_name().and_then(|n| n.to_str()) != Some(expected.as_str()) {
        report(
            &root.key("operation"),
            format!(
                "the supplement of `{}` belongs in a file named `{expected}`",
                spec.operation
            ),
        );
        return;
    }
    let Some(operation) = sources
        .operations
        .iter_mut()
        .find(|o| o.value.operation == spec.operation)
    else {
        report(
            &root.key("operation"),
            format!(
                "the service has no operation `{}` to supplement; {STALE}",
                spec.operation
            ),
        );
        return;
    };
    for (index, field) in spec.parameters.iter().enumerate() {
        let at = root.key("parameters").index(index);
        let Some(location) = field.location else {
            report(
                &at.key("name"),
                format!(
                    "the parameter `{}` needs `in` (path, query or header)",
                    field.name
                ),
            );
            continue;
        };
        let found =
            operation.value.parameters.iter_mut().find(|p| {
                p.location == Some(location) && same_name(&p.name, &field.name, location)
            });
        match found {
            Some(parameter) => fill(parameter, field),
            None => report(
                &at.key("name"),
                format!(
                    "the operation `{}` has no {} parameter `{}`; {STALE}",
                    spec.operation,
                    ParameterLocation::as_str(location),
                    field.name
                ),
            ),
        }
    }
    for (index, parameter) in spec.added_parameters.iter().enumerate() {
        let at = root.key("added_parameters").index(index);
        let Some(location) = parameter.location else {
            report(
                &at.key("name"),
                format!(
                    "the parameter `{}` needs `in` (path, query or header)",
                    parameter.name
                ),
            );
            continue;
        };
        let listed =
            operation.value.parameters.iter().any(|p| {
                p.location == Some(location) && same_name(&p.name, &parameter.name, location)
            });
        if listed {
            report(
                &at.key("name"),
                format!(
                    "the operation `{}` already lists the {} parameter `{}`; {STALE}",
                    spec.operation,
                    ParameterLocation::as_str(location),
                    parameter.name
                ),
            );
        } else if parameter.required {
            report(
                &at.key("required"),
                format!(
                    "a supplement adds only optional parameters; `{}` is required",
                    parameter.name
                ),
            );
        } else {
            operation.value.parameters.push(parameter.clone());
        }
    }
    for (index, schema) in spec.schemas.iter().enumerate() {
        let at = root.key("schemas").index(index);
        // Every file of the service that defines the schema gets the same constraints, so that
        // identical copies stay identical (and so one schema).
        let mut copies = schema_copies(sources, &schema.name);
        if copies.is_empty() {
            report(
                &at.key("name"),
                format!("the service has no schema `{}`; {STALE}", schema.name),
            );
            continue;
        }
        for (index, property) in schema.properties.iter().enumerate() {
            let at = at.key("properties").index(index);
            if property.location.is_some() {
                report(
                    &at.key("in"),
                    format!(
                        "`in` belongs to parameters; `{}` is a property",
                        property.name
                    ),
                );
                continue;
            }
            let mut found = false;
            for copy in copies.iter_mut() {
                let target = copy
                    .properties
                    .iter_mut()
                    .flatten()
                    .find(|f| f.name == property.name);
                if let Some(target) = target {
                    fill(target, property);
                    found = true;
                }
            }
            if !found {
                report(
                    &at.key("name"),
                    format!(
                        "the schema `{}` has no property `{}`; {STALE}",
                        schema.name, property.name
                    ),
                );
            }
        }
    }
}

/// Every definition of the schema `name` in the files of a service.
fn schema_copies<'s>(sources: &'s mut ServiceSources, name: &str) -> Vec<&'s mut SchemaSpec> {
    let ServiceSources {
        service,
        operations,
        schemas,
        ..
    } = sources;
    service
        .value
        .schemas
        .iter_mut()
        .chain(schemas.iter_mut().flat_map(|s| s.value.schemas.iter_mut()))
        .chain(
            operations
                .iter_mut()
                .flat_map(|o| o.value.schemas.iter_mut()),
        )
        .filter(|s| s.name == name)
        .collect()
}

/// Header names are case-insensitive on the wire; path and query names are not.
fn same_name(a: &str, b: &str, location: ParameterLocation) -> bool {
    match location {
        ParameterLocation::Header => a.eq_ignore_ascii_case(b),
        ParameterLocation::Path | ParameterLocation::Query | ParameterLocation::Form => a == b,
    }
}

/// Fills each constraint `target` leaves empty; a value it states stays.
fn fill(target: &mut FieldSpec, from: &SupplementField) {
    fill_one(&mut target.min_length, &from.min_length);
    fill_one(&mut target.max_length, &from.max_length);
    fill_one(&mut target.pattern, &from.pattern);
    fill_one(&mut target.minimum, &from.minimum);
    fill_one(&mut target.maximum, &from.maximum);
    fill_one(&mut target.default, &from.default);
}

fn fill_one<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::{discover, parse, role_of, SourceFile};

    /// A valid service file of the `huawei/demo` service.
    pub(crate) const SERVICE: &str = "vendor: huawei\nservice: demo\ntitle: Demo\n\
        endpoint:\n  template: https://demo.{region}.example.com\nauth: [huawei-token]\n\
        errors: {body: Err, code: error_code, message: error_msg}\n\
        schemas:\n- name: Err\n  properties:\n  - {name: error_code, type: string}\n  - {name: error_msg, type: string}\n";
    const OPERATION: &str = "operation: ShowThing\nsource: {page: Showing a Thing}\n\
        title: Showing a Thing\nmethod: GET\npath: /things/{thing_id}\n\
        parameters:\n- {name: thing_id, in: path, type: string, required: true}\n\
        - {name: limit, in: query, type: integer, maximum: 100}\n\
        - {name: X-Auth-Token, in: header, type: string}\n\
        responses:\n- {status: 200, description: OK, body: {type: Thing}}\n\
        schemas:\n- name: Thing\n  properties:\n  - {name: name, type: string, max_length: 64}\n";

    /// Spec files of the `huawei/demo` service, by path below its folder.
    pub(crate) fn demo_files(files: &[(&str, &str)]) -> Vec<SourceFile> {
        files
            .iter()
            .map(|(path, text)| {
                let relative = format!("huawei/demo/{path}");
                SourceFile {
                    role: role_of(std::path::Path::new(&relative)).expect("a spec path"),
                    path: format!("specs/{relative}").into(),
                    text: (*text).to_owned(),
                }
            })
            .collect()
    }

    fn sources(supplement: &str, supplement_name: &str) -> ServiceSources {
        let supplement_path = format!("supplements/{supplement_name}");
        let files = demo_files(&[
            ("service.yaml", SERVICE),
            ("operations/ShowThing.yaml", OPERATION),
            (&supplement_path, supplement),
        ]);
        let mut parsed = parse(&files).unwrap_or_else(|d| panic!("{d}"));
        parsed.remove(0)
    }

    #[test]
    fn fills_what_the_page_leaves_empty_and_keeps_what_it_states() {
        let source = sources(
            "operation: ShowThing\nsource: definitions/ShowThing.json\n\
             parameters:\n- {name: thing_id, in: path, pattern: '^[a-z]+$', max_length: 36}\n\
             - {name: limit, in: query, minimum: 1, maximum: 500}\n\
             - {name: x-auth-token, in: header, max_length: 16384}\n\
             schemas:\n- name: Thing\n  properties:\n  - {name: name, min_length: 1, max_length: 255}\n",
            "ShowThing.yaml",
        );
        let mut problems = Vec::new();
        let merged = merge(&source, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let operation = &merged.sources.operations[0].value;
        let parameter = |name: &str| {
            operation
                .parameters
                .iter()
                .find(|p| p.name == name)
                .unwrap()
        };
        assert_eq!(parameter("thing_id").pattern.as_deref(), Some("^[a-z]+$"));
        assert_eq!(parameter("thing_id").max_length, Some(36));
        // The page's maximum stays; the minimum it leaves out is filled.
        assert_eq!(parameter("limit").minimum, Some(1));
        assert_eq!(parameter("limit").maximum, Some(100));
        // Header names match whatever their case.
        assert_eq!(parameter("X-Auth-Token").max_length, Some(16384));
        let name = &operation.schemas[0].properties.as_ref().unwrap()[0];
        assert_eq!((name.min_length, name.max_length), (Some(1), Some(64)));
        assert_eq!(
            merged.supplemented.get("ShowThing").map(String::as_str),
            Some("supplements/ShowThing.yaml")
        );
        // The parsed files themselves are left as they are.
        assert_eq!(source.operations[0].value.parameters[0].pattern, None);
    }

    #[test]
    fn a_stale_supplement_is_reported_at_its_lines() {
        let source = sources(
            "operation: ShowThing\nsource: definitions/ShowThing.json\n\
             parameters:\n- {name: thing_id, in: query, pattern: x}\n- {name: gone, pattern: x}\n\
             schemas:\n- name: Thing\n  properties:\n  - {name: colour, max_length: 3}\n\
             - name: Missing\n  properties: []\n",
            "ShowThing.yaml",
        );
        let mut problems = Vec::new();
        let merged = merge(&source, &mut problems);
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                let line = p.position.map(|p| p.line).unwrap_or_default();
                format!("{line}: {}", p.message)
            })
            .collect();
        assert_eq!(
            lines,
            [
                format!("4: the operation `ShowThing` has no query parameter `thing_id`; {STALE}"),
                "5: the parameter `gone` needs `in` (path, query or header)".to_owned(),
                format!("9: the schema `Thing` has no property `colour`; {STALE}"),
                format!("10: the service has no schema `Missing`; {STALE}"),
            ]
        );
        assert!(merged.supplemented.is_empty());
    }

    #[test]
    fn an_added_parameter_follows_the_pages_and_one_the_page_now_lists_is_stale() {
        let source = sources(
            "operation: ShowThing\nsource: definitions/ShowThing.json\n\
             added_parameters:\n- {name: verbose, in: query, type: boolean}\n\
             - {name: LIMIT, in: query, type: integer}\n- {name: limit, in: query, type: integer}\n\
             - {name: trace, in: header, type: string, required: true}\n",
            "ShowThing.yaml",
        );
        let mut problems = Vec::new();
        let merged = merge(&source, &mut problems);
        let names: Vec<&str> = merged.sources.operations[0]
            .value
            .parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        // Query names are case-sensitive: `LIMIT` is another parameter than the page's `limit`.
        assert_eq!(
            names,
            ["thing_id", "limit", "X-Auth-Token", "verbose", "LIMIT"]
        );
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    p.position.map(|p| p.line).unwrap_or_default(),
                    p.message
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                format!(
                    "6: the operation `ShowThing` already lists the query parameter `limit`; {STALE}"
                ),
                "7: a supplement adds only optional parameters; `trace` is required".to_owned(),
            ]
        );
    }

    #[test]
    fn a_supplement_of_an_operation_the_service_lacks_is_stale() {
        let source = sources(
            "operation: ShowOther\nsource: definitions/ShowOther.json\n",
            "ShowOther.yaml",
        );
        let mut problems = Vec::new();
        merge(&source, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].position.map(|p| p.line), Some(1));
        assert!(
            problems[0]
                .message
                .contains("no operation `ShowOther` to supplement; the supplement is stale"),
            "{}",
            problems[0].message
        );
        let misnamed = sources(
            "operation: ShowThing\nsource: definitions/ShowThing.json\n",
            "Other.yaml",
        );
        let mut problems = Vec::new();
        merge(&misnamed, &mut problems);
        assert_eq!(
            problems[0].message,
            "the supplement of `ShowThing` belongs in a file named `ShowThing.yaml`"
        );
    }

    /// The committed specs: every supplement applies, to an operation transcribed from a page.
    #[test]
    fn the_committed_supplements_apply() {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let services = parse(&discover(&specs).unwrap()).unwrap();
        let mut applied = 0;
        for service in &services {
            let mut problems = Vec::new();
            let merged = merge(service, &mut problems);
            assert!(problems.is_empty(), "{problems:?}");
            applied += merged.supplemented.len();
        }
        assert_eq!(applied, 4);
    }
}
