//! What the typed calls `tests/build.rs` writes (`services_cases.rs`, `alibaba_services_cases.rs`,
//! `kubernetes_cases.rs`)
//! read from a recorded vector's inputs: `inputs[location][wire]`, or `inputs["body"]`, as the
//! generated client's type. And the list of operations a conformance test expects to match.

use std::collections::BTreeSet;
use std::path::Path;

use cloudgen_clients::runtime::FilePart;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// The input at `inputs[location][wire]` (`inputs["body"]` for the body), as the client's type.
pub fn optional_input<T: DeserializeOwned>(
    inputs: &Value,
    location: &str,
    wire: &str,
) -> Result<Option<T>, String> {
    let value = match location {
        "body" => inputs.get("body"),
        _ => inputs.get(location).and_then(|group| group.get(wire)),
    };
    value
        .map(|value| {
            serde_json::from_value(value.clone()).map_err(|e| {
                format!("input {location} `{wire}` does not fit the client's type: {e}")
            })
        })
        .transpose()
}

pub fn required_input<T: DeserializeOwned>(
    inputs: &Value,
    location: &str,
    wire: &str,
) -> Result<T, String> {
    optional_input(inputs, location, wire)?.ok_or_else(|| {
        format!("the client requires {location} `{wire}`, which the vector's inputs lack")
    })
}

/// A form's file part at `inputs["form"][wire]`: `{file_name, content_type, content}`.
pub fn optional_file(inputs: &Value, wire: &str) -> Result<Option<FilePart>, String> {
    #[derive(Deserialize)]
    struct FileInput {
        file_name: String,
        content_type: String,
        content: String,
    }
    optional_input::<FileInput>(inputs, "form", wire).map(|file| {
        file.map(|f| {
            FilePart::new(f.file_name, f.content.into_bytes()).content_type(f.content_type)
        })
    })
}

pub fn required_file(inputs: &Value, wire: &str) -> Result<FilePart, String> {
    optional_file(inputs, wire)?
        .ok_or_else(|| format!("the client requires the form file `{wire}`, which the inputs lack"))
}

/// The operations listed in `path`, one a line; `#` starts a comment line.
/// A Kubernetes patch from `inputs["body"]`, of the kind `inputs["patch_media_type"]` names (the
/// `Content-Type` the recorded client sent).
pub fn patch_input(inputs: &Value) -> Result<cloudgen_clients::runtime::Patch, String> {
    use cloudgen_clients::runtime::Patch;
    let document = inputs.get("body").cloned().ok_or("no body input")?;
    let media = inputs
        .get("patch_media_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(match media {
        "application/json-patch+json" => Patch::Json(document),
        "application/merge-patch+json" => Patch::Merge(document),
        "application/strategic-merge-patch+json" => Patch::StrategicMerge(document),
        "application/apply-patch+yaml" => Patch::Apply(document),
        other => return Err(format!("no patch kind for the media type `{other}`")),
    })
}

/// The outcome of a conformance run: the operations that match and, for the others, what differs.
pub struct Matches<'a> {
    /// `ACK`, `Kubernetes`: for the report.
    pub what: &'a str,
    /// `the official SDK`, `the official Python client`.
    pub reference: &'a str,
    pub total: usize,
    pub matching: BTreeSet<String>,
    pub differing: std::collections::BTreeMap<String, Vec<String>>,
}

impl Matches<'_> {
    /// Prints the report, then with `UPDATE_EXPECTED_MATCHES` set rewrites `list` (under
    /// `header`), and otherwise fails when an operation `list` names no longer matches or fewer
    /// than `floor` match.
    pub fn check_against(&self, list: &Path, header: &str, floor: usize) {
        use std::fmt::Write as _;
        let mut report = format!(
            "{} of {} {} operations match {} on the wire\n",
            self.matching.len(),
            self.total,
            self.what,
            self.reference
        );
        for (operation, problems) in &self.differing {
            let _ = writeln!(report, "- {operation}: {}", problems.join("; "));
        }
        println!("{report}");
        if std::env::var_os("UPDATE_EXPECTED_MATCHES").is_some() {
            write_list(list, header, &self.matching);
            return;
        }
        let expected = read_list(list);
        let lost: Vec<&String> = expected.difference(&self.matching).collect();
        assert!(
            lost.is_empty(),
            "operations that matched {} no longer do: {lost:?}\n{report}",
            self.reference
        );
        assert!(
            self.matching.len() >= floor && expected.len() >= floor,
            "{} operations match and {} are recorded as matching; the floor is {floor}\n{report}",
            self.matching.len(),
            expected.len()
        );
    }
}

pub fn read_list(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Writes `names` to `path`, one a line, after the comment `header` (its lines start with `#`).
pub fn write_list(path: &Path, header: &str, names: &BTreeSet<String>) {
    let mut text = String::from(header);
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
