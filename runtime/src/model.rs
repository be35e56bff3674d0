//! The methods every generated type has, written once: the plumbing of string enums and the
//! constructor and setters of structs.
//!
//! Generated types are `#[non_exhaustive]`, so that a field or enum value a vendor adds is not
//! a breaking change; code outside the crate therefore cannot write them as literals, and
//! builds them through these methods instead. The generator writes each type's definition
//! (fields, docs, serde attributes) in plain Rust and invokes one of these macros beside it
//! with the names it needs, so the per-type code is what is specific to the type.

/// The methods of a string enum that keeps unknown values in a catch-all `Unrecognized(String)`
/// variant: `as_str`, `From<String>` both ways (what serde's `from`/`into` use), `FromStr`,
/// `Display` and `AsRef<str>`.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
/// #[serde(from = "String", into = "String")]
/// #[non_exhaustive]
/// pub enum Mode {
///     Fast,
///     Safe,
///     Unrecognized(String),
/// }
/// cloudgen_runtime::string_enum!(Mode { Fast = "fast", Safe = "safe" });
///
/// assert_eq!(Mode::Fast.as_str(), "fast");
/// assert_eq!("safe".parse::<Mode>(), Ok(Mode::Safe));
/// assert_eq!(Mode::from("new".to_owned()), Mode::Unrecognized("new".to_owned()));
/// assert_eq!(serde_json::to_string(&Mode::Safe).unwrap(), r#""safe""#);
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unrecognized(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unrecognized(value),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unrecognized(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The constructor, setters and list accessors of a generated struct.
///
/// `Name(required: Type, ...)` lists the fields `new` takes; `{ with_x => x: Type, ... }` the
/// optional fields and their setters; `[with_y => y: Item, ...]` the optional list fields,
/// which get a setter and an accessor that reads a missing list as empty. Either group may
/// be left out when it would be empty.
///
/// ```
/// #[derive(Debug, Clone, PartialEq)]
/// #[non_exhaustive]
/// pub struct Tag {
///     pub key: String,
///     pub value: Option<String>,
///     pub owners: Option<Vec<String>>,
/// }
/// cloudgen_runtime::model!(Tag(key: String) { with_value => value: String } [with_owners => owners: String]);
///
/// let tag = Tag::new("env").with_value("prod");
/// assert_eq!(tag.value.as_deref(), Some("prod"));
/// assert!(tag.owners().is_empty());
/// assert_eq!(tag.with_owners(["ops".to_owned()]).owners(), ["ops"]);
/// ```
#[macro_export]
macro_rules! model {
    (
        $name:ident ( $($required:ident : $required_ty:ty),* $(,)? )
        $({ $($setter:ident => $optional:ident : $optional_ty:ty),* $(,)? })?
        $([ $($list_setter:ident => $list:ident : $item:ty),* $(,)? ])?
    ) => {
        impl $name {
            #[doc = concat!(
                "A `", stringify!($name), "` with its required fields",
                $(" `", stringify!($required), "`",)*
                "; every other field is unset until its `with_` setter is called."
            )]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($required: impl ::std::convert::Into<$required_ty>),*) -> Self {
                Self {
                    $($required: $required.into(),)*
                    $($($optional: None,)*)?
                    $($($list: None,)*)?
                }
            }

            $($(
                #[doc = concat!("Sets `", stringify!($optional), "`.")]
                pub fn $setter(mut self, value: impl ::std::convert::Into<$optional_ty>) -> Self {
                    self.$optional = Some(value.into());
                    self
                }
            )*)?

            $($(
                #[doc = concat!("Sets `", stringify!($list), "`.")]
                pub fn $list_setter(
                    mut self,
                    value: impl ::std::convert::Into<::std::vec::Vec<$item>>,
                ) -> Self {
                    self.$list = Some(value.into());
                    self
                }

                #[doc = concat!("`", stringify!($list), "`, empty when the value is absent.")]
                pub fn $list(&self) -> &[$item] {
                    self.$list.as_deref().unwrap_or_default()
                }
            )*)?
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    #[serde(from = "String", into = "String")]
    #[non_exhaustive]
    enum Phase {
        Running,
        Failed,
        Unrecognized(String),
    }
    crate::string_enum!(Phase {
        Running = "Running",
        Failed = "Failed"
    });

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    struct Job {
        id: String,
        phase: Phase,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        children: Option<Vec<Job>>,
    }
    crate::model!(Job(id: String, phase: Phase) { with_reason => reason: String } [with_children => children: Job]);

    #[test]
    fn enums_keep_unknown_values_through_serde() {
        let read: Vec<Phase> = serde_json::from_str(r#"["Running", "Paused"]"#).unwrap();
        assert_eq!(
            read,
            [Phase::Running, Phase::Unrecognized("Paused".to_owned())]
        );
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"["Running","Paused"]"#
        );
        assert_eq!(Phase::Failed.to_string(), "Failed");
        assert_eq!(Phase::from("Failed"), Phase::Failed);
    }

    #[test]
    fn structs_are_built_from_required_fields_and_setters() {
        let job = Job::new("j-1", Phase::Running)
            .with_reason("queued")
            .with_children([Job::new("j-2", "Failed")]);
        assert_eq!(job.reason.as_deref(), Some("queued"));
        assert_eq!(job.children()[0].phase, Phase::Failed);
        assert!(job.children()[0].children().is_empty());
        assert_eq!(
            serde_json::to_value(Job::new("j-3", Phase::Running)).unwrap(),
            serde_json::json!({"id": "j-3", "phase": "Running"})
        );
    }
}
