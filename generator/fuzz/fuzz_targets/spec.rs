//! Arbitrary bytes as a spec: one service file and one operation file, split at the first NUL
//! byte (without one, the whole input is the operation file beside an empty service file), run
//! through load, validation and generation. Nothing may panic, and whatever is generated
//! must parse as Rust.

#![no_main]

use std::path::PathBuf;

use cloudgen::load::{Role, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (service, operation) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    let service = String::from_utf8_lossy(service).into_owned();
    let operation = String::from_utf8_lossy(operation).into_owned();
    // The file is named after the operation, as the loader requires, so that valid inputs get
    // past that check and on to generation.
    let file_name = serde_yaml::from_str::<serde_yaml::Value>(&operation)
        .ok()
        .and_then(|v| v.get("operation")?.as_str().map(str::to_owned))
        .filter(|name| !name.is_empty() && !name.contains(['/', '\\', '\0']))
        .unwrap_or_else(|| "Fuzzed".to_owned());
    let service_dir = "huawei/demo".to_owned();
    let sources = [
        SourceFile {
            path: PathBuf::from("specs/huawei/demo/service.yaml"),
            role: Role::Service {
                service_dir: service_dir.clone(),
            },
            text: service,
        },
        SourceFile {
            path: PathBuf::from(format!("specs/huawei/demo/operations/{file_name}.yaml")),
            role: Role::Operation { service_dir },
            text: operation,
        },
    ];
    if let Ok(files) = cloudgen::generate_from_sources(&sources) {
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(error) = syn::parse_file(&file.contents) {
                panic!("{} does not parse: {error}\n{}", file.path, file.contents);
            }
        }
    }
});
