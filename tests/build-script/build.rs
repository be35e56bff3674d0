//! What a user writes to generate the client at build time.

fn main() {
    if let Err(error) = cloudgen::BuildScript::new("../../specs").generate() {
        panic!("{error}");
    }
}
