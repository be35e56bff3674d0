//! A user program written against `v1` of a service, compiled against `v1` and against `v2`,
//! whose specs add a field, an enum value and an optional parameter. If an addition broke
//! callers, this crate would not compile.

#![allow(dead_code)]

/// The client generated from `specs-v1/`.
pub mod v1 {
    include!(concat!(env!("OUT_DIR"), "/v1.rs"));
}

/// The client generated from `specs-v2/`: `v1` plus a field, an enum value and a parameter.
pub mod v2 {
    include!(concat!(env!("OUT_DIR"), "/v2.rs"));
}

/// Code as a user writes it against `v1`: builds a request body with the builders, sets an
/// optional parameter, reads a reply field by field and matches an enum (with the wildcard
/// arm that `#[non_exhaustive]` asks for), and handles the error.
macro_rules! user_program {
    ($version:ident) => {
        pub mod $version {
            use crate::$version::huawei::demo::{self, types};

            /// The request a user sends.
            pub fn call(client: &demo::Client) -> demo::CreateWidget {
                let widget = types::Widget::new("gear")
                    .with_size(types::WidgetSize::Small)
                    .with_labels(["blue".to_owned()]);
                client.create_widget(widget).dry_run(true).project_id("p-1")
            }

            /// How a user reads a reply.
            pub fn describe(widget: &types::Widget) -> String {
                let size = match &widget.size {
                    Some(types::WidgetSize::Small) => "small",
                    Some(types::WidgetSize::Large) => "large",
                    Some(_) => "another size",
                    None => "no size",
                };
                format!("{} ({size}, {} labels)", widget.name, widget.labels().len())
            }

            /// How a user sends it and reports failures.
            pub async fn send(client: &demo::Client) -> Result<String, String> {
                match call(client).send().await {
                    Ok(widget) => Ok(describe(&widget)),
                    Err(error) => Err(match error.api_error().and_then(|e| e.code()) {
                        Some(code) => format!("{code}: {error}"),
                        None => error.to_string(),
                    }),
                }
            }
        }
    };
}

/// The program against the version it was written for.
pub mod against_v1 {
    user_program!(v1);
}

/// The same program against the next version.
pub mod against_v2 {
    user_program!(v2);
}
