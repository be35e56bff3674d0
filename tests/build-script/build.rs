//! What a user writes to generate the client at build time: the services it uses whole, and
//! the operations it calls of another.

fn main() {
    let generated = cloudgen::BuildScript::new("../../specs")
        .service("huawei/cce")
        .operations(
            "huawei/workspace",
            ["ListDesktopsDetail", "ShowDesktopDetail"],
        )
        .generate();
    if let Err(error) = generated {
        panic!("{error}");
    }
}
