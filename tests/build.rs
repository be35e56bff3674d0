//! Writes `$OUT_DIR/services_cases.rs` for `tests/tests/conformance_services.rs`: for every
//! operation of the Huawei services that have recorded vectors (`vectors/huawei-services/<service>/`),
//! one async function that calls the generated client's typed API with the vector's inputs; and
//! `$OUT_DIR/alibaba_services_cases.rs`, the same for the Alibaba services of
//! `vectors/alibaba-services/` (`tests/tests/conformance_alibaba_services.rs`), and
//! `$OUT_DIR/kubernetes_cases.rs` for the Kubernetes API of `vectors/kubernetes/`
//! (`tests/tests/conformance_kubernetes.rs`).
//!
//! And `$OUT_DIR/example_cases.rs` for `tests/tests/examples.rs`: every JSON example of every
//! spec, with the generated type it documents (a request body, a success reply, an error body).
//!
//! The operations, their method and setter names, parameter locations, wire names and Rust types
//! come from the same `load` and `resolve` stages that generate the client, so a case always
//! calls the client exactly as generated from the current specs.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use cloudgen::load::model::{ExampleKind, OperationFile};
use cloudgen::load::ServiceSources;
use cloudgen::resolve::model::{
    Location, Operation, Output, Parameter, ReplyBody, Service, Supplier, TypeRef, Vendor,
};

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let specs = manifest.join("../specs");
    let vectors = manifest.join("vectors/huawei-services");
    let alibaba_vectors = manifest.join("vectors/alibaba-services");
    let kubernetes_vectors = manifest.join("vectors/kubernetes");
    rerun_if_changed(&specs)?;
    println!("cargo:rerun-if-changed={}", vectors.display());
    println!("cargo:rerun-if-changed={}", alibaba_vectors.display());
    println!("cargo:rerun-if-changed={}", kubernetes_vectors.display());

    let sources = cloudgen::load::discover(&specs)?;
    let attach = |diagnostics: cloudgen::Diagnostics| diagnostics.with_sources(&sources);
    let parsed = cloudgen::load::parse(&sources).map_err(attach)?;
    let api = cloudgen::resolve::resolve(&parsed).map_err(attach)?;
    let services = recorded_services(&api, Vendor::Huawei, &vectors)?;
    let alibaba_services = recorded_services(&api, Vendor::Alibaba, &alibaba_vectors)?;
    let kubernetes_services = recorded_services(&api, Vendor::Kubernetes, &kubernetes_vectors)?;

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    write_if_changed(&out_dir.join("services_cases.rs"), &cases_file(&services)?)?;
    write_if_changed(
        &out_dir.join("alibaba_services_cases.rs"),
        &cases_file(&alibaba_services)?,
    )?;
    write_if_changed(
        &out_dir.join("kubernetes_cases.rs"),
        &cases_file(&kubernetes_services)?,
    )?;
    write_if_changed(
        &out_dir.join("example_cases.rs"),
        &examples_file(&api.services, &parsed)?,
    )?;
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), Box<dyn Error>> {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text)?;
    }
    Ok(())
}

/// `EXAMPLES`: one entry per JSON example of the specs, with a function decoding it into the
/// generated type it documents. Examples without such a type (a reply documented with no body,
/// a file download) are left out.
fn examples_file(
    services: &[Service],
    parsed: &[ServiceSources],
) -> Result<String, std::fmt::Error> {
    let mut entries = String::new();
    for service in services {
        let dir = format!("{}/{}", service.vendor.module(), service.name);
        let module = format!(
            "cloudgen_clients::{}::{}",
            service.vendor.module(),
            service.module
        );
        let files: Vec<&OperationFile> = parsed
            .iter()
            .filter(|s| s.service_dir == dir)
            .flat_map(|s| s.operations.iter().map(|o| &o.value))
            .collect();
        for op in &service.operations {
            let Some(file) = files.iter().find(|f| f.operation == op.name) else {
                continue;
            };
            for (index, example) in file.examples.iter().enumerate() {
                let Some(body) = &example.body else { continue };
                let Some(ty) = example_type(service, op, example.kind, example.status) else {
                    continue;
                };
                let label = match (example.kind, example.status) {
                    (ExampleKind::Request, _) => format!("{dir} {} request #{index}", op.name),
                    (ExampleKind::Response, status) => format!(
                        "{dir} {} response {} #{index}",
                        op.name,
                        status.map_or("?".to_owned(), |s| s.to_string())
                    ),
                };
                writeln!(
                    entries,
                    "    ExampleCase {{ label: {label:?}, body: {body:?}, check: check::<{}> }},",
                    rust_type(&ty, &module)
                )?;
            }
        }
    }
    Ok(format!(
        "// Written by tests/build.rs from the specs: every JSON example with its generated type.\n\n\
         static EXAMPLES: &[ExampleCase] = &[\n{entries}];\n"
    ))
}

/// The generated type an example documents.
fn example_type(
    service: &Service,
    op: &Operation,
    kind: ExampleKind,
    status: Option<u16>,
) -> Option<TypeRef> {
    let json = |body: &Option<ReplyBody>| match body {
        Some(ReplyBody::Json(ty)) => Some(ty.clone()),
        _ => None,
    };
    match (kind, status) {
        (ExampleKind::Request, _) => op.body.as_ref().map(|b| b.ty.clone()),
        (ExampleKind::Response, Some(status)) if (200..300).contains(&status) => match &op.output {
            Output::Single { status: s, body } if s.status == status => json(body),
            Output::Single { .. } => None,
            Output::ByStatus { variants, .. } => variants
                .iter()
                .find(|v| v.status.status == status)
                .and_then(|v| json(&v.body)),
        },
        (ExampleKind::Response, Some(status)) if op.errors.iter().any(|e| e.status == status) => {
            Some(TypeRef::Named(service.error.type_name.clone()))
        }
        (ExampleKind::Response, _) => None,
    }
}

/// The services of `vendor` with a folder of recorded vectors in `vectors`.
fn recorded_services<'a>(
    api: &'a cloudgen::resolve::model::Api,
    vendor: Vendor,
    vectors: &Path,
) -> Result<Vec<&'a Service>, Box<dyn Error>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(vectors)? {
        let path = entry?.path();
        if path.is_dir() {
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                names.push(name.to_owned());
            }
        }
    }
    Ok(api
        .services
        .iter()
        .filter(|s| s.vendor == vendor && names.contains(&s.name))
        .collect())
}

fn rerun_if_changed(dir: &Path) -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rerun_if_changed(&path)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Ok(())
}

fn cases_file(services: &[&Service]) -> Result<String, std::fmt::Error> {
    let mut out = String::from(
        "// Written by tests/build.rs from the specs: one case per generated operation.\n\n",
    );
    let mut arms = String::new();
    for service in services {
        for op in &service.operations {
            let case = format!("case_{}_{}", service.module, op.fn_name);
            writeln!(
                arms,
                "        ({:?}, {:?}) => Some(Box::pin({case}(config, inputs))),",
                service.name, op.name
            )?;
            case_fn(&mut out, service, op, &case)?;
        }
    }
    write!(
        out,
        "/// Calls operation `operation` of `service` through the generated client with the\n\
         /// vector's inputs; `None` when the generated client has no such operation.\n\
         fn call_generated(service: &str, operation: &str, config: Config, inputs: Value) -> Option<CaseFuture> {{\n\
         \x20   match (service, operation) {{\n{arms}        _ => None,\n    }}\n}}\n"
    )?;
    Ok(out)
}

/// A parameter or the body, as the generated builder takes it.
struct Member<'a> {
    /// `path`, `query`, `header` or `body`: where the vector's inputs hold it.
    location: &'static str,
    wire: &'a str,
    rust_name: &'a str,
    ty: &'a TypeRef,
    in_constructor: bool,
}

impl<'a> Member<'a> {
    fn parameter(parameter: &'a Parameter) -> Option<Self> {
        let defaulted = match parameter.supplier {
            Supplier::Caller => false,
            Supplier::CallerOrProject => true,
            Supplier::Credentials | Supplier::BodyEncoding => return None,
        };
        Some(Member {
            location: match parameter.location {
                Location::Path => "path",
                Location::Query => "query",
                Location::Header => "header",
                Location::Form => "form",
            },
            wire: &parameter.wire_name,
            rust_name: &parameter.rust_name,
            ty: &parameter.ty,
            in_constructor: parameter.required && !defaulted,
        })
    }
}

fn case_fn(
    out: &mut String,
    service: &Service,
    op: &Operation,
    case: &str,
) -> Result<(), std::fmt::Error> {
    let members: Vec<Member> = op
        .parameters
        .iter()
        .filter_map(Member::parameter)
        .chain(op.body.iter().map(|body| Member {
            location: "body",
            wire: "",
            rust_name: "body",
            ty: &body.ty,
            in_constructor: body.required,
        }))
        .collect();
    let module = format!(
        "cloudgen_clients::{}::{}",
        service.vendor.module(),
        service.module
    );
    writeln!(out, "#[allow(deprecated)]")?;
    // An operation without caller-supplied inputs (the project id is the client's) never reads them.
    let inputs = if members.is_empty() {
        "_inputs"
    } else {
        "inputs"
    };
    writeln!(
        out,
        "async fn {case}(config: Config, {inputs}: Value) -> Result<(), String> {{"
    )?;
    writeln!(
        out,
        "    let client = {module}::Client::new(config).map_err(|e| format!(\"client: {{e}}\"))?;"
    )?;
    let args: Vec<String> = members
        .iter()
        .filter(|m| m.in_constructor)
        .map(|m| match m.ty {
            TypeRef::Binary => format!("required_file(&inputs, {:?})?", m.wire),
            TypeRef::Patch => "patch_input(&inputs)?".to_owned(),
            ty => format!(
                "required_input::<{}>(&inputs, {:?}, {:?})?",
                rust_type(ty, &module),
                m.location,
                m.wire
            ),
        })
        .collect();
    writeln!(
        out,
        "    let request = client.{}({});",
        op.fn_name,
        args.join(", ")
    )?;
    for m in members.iter().filter(|m| !m.in_constructor) {
        let read = match m.ty {
            TypeRef::Binary => format!("optional_file(&inputs, {:?})", m.wire),
            ty => format!(
                "optional_input::<{}>(&inputs, {:?}, {:?})",
                rust_type(ty, &module),
                m.location,
                m.wire
            ),
        };
        writeln!(
            out,
            "    let request = match {read}? {{\n\
             \x20       Some(value) => request.{}(value),\n\
             \x20       None => request,\n    }};",
            m.rust_name
        )?;
    }
    writeln!(
        out,
        "    // Only the request matters; the loopback server's reply is made up.\n\
         \x20   let _reply = request.send().await;\n    Ok(())\n}}\n"
    )
}

/// The Rust type of a value, as `render::types::type_tokens` writes it, from outside the crate.
fn rust_type(ty: &TypeRef, module: &str) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Binary => "cloudgen_clients::runtime::FilePart".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(item, module)),
        TypeRef::Map(item) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(item, module)
        ),
        TypeRef::Named(name) => format!("{module}::types::{name}"),
        TypeRef::IntOrString => "cloudgen_clients::runtime::IntOrString".to_owned(),
        TypeRef::Patch => "cloudgen_clients::runtime::Patch".to_owned(),
    }
}
