//! Generates the client of both versions of the demo specs, `v1.rs` and `v2.rs`.
fn main() {
    for version in ["v1", "v2"] {
        let generated = cloudgen::BuildScript::new(format!("specs-{version}"))
            .file_name(format!("{version}.rs"))
            .generate();
        if let Err(error) = generated {
            panic!("{error}");
        }
    }
}
