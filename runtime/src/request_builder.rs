//! The setters every generated request builder has, written once.

/// The setters every request builder shares: `call_options`, and `project_id` for an
/// operation whose path has the project placeholder that the client's configured project
/// fills by default. The builder has fields `call_options: CallOptions`.
///
/// ```
/// # use cloudgen_runtime::CallOptions;
/// #[derive(Debug, Default)]
/// pub struct ListClusters {
///     call_options: CallOptions,
/// }
/// cloudgen_runtime::request_builder!(ListClusters, project_id);
///
/// let builder = ListClusters::default().project_id("p-1");
/// assert_eq!(builder.call_options, CallOptions::new().project_id("p-1"));
/// ```
#[macro_export]
macro_rules! request_builder {
    ($builder:ident) => {
        impl $builder {
            /// Options for this call only (timeout, retries, project), over the client's
            /// defaults; replaces options set before on this builder.
            pub fn call_options(mut self, options: $crate::CallOptions) -> Self {
                self.call_options = options;
                self
            }
        }
    };
    ($builder:ident, project_id) => {
        $crate::request_builder!($builder);

        impl $builder {
            /// The project of this call, instead of the project configured on the client.
            pub fn project_id(
                mut self,
                project_id: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.call_options = self.call_options.project_id(project_id);
                self
            }
        }
    };
}
