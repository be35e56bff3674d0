//! `import-report.md`: what the specs of an import do not hold, per definition file and place.

use std::fmt::Write;

use super::convert::Draft;
use super::Summary;

/// The report's text; the same drafts give the same bytes.
pub fn render(version: &str, summary: &Summary, drafts: &[Draft]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Import of {version}\n");
    let _ = writeln!(
        out,
        "Written by `cloudgen import-definitions`; do not edit. {} definition files: {} operations \
         imported, {} kept from documentation pages, {} not generated; {} places of the \
         definitions not mapped.\n",
        summary.definitions,
        summary.imported,
        summary.kept.len(),
        summary.not_generated.len(),
        summary.findings
    );
    if !summary.kept.is_empty() {
        let _ = writeln!(out, "## Kept from documentation pages\n");
        let _ = writeln!(
            out,
            "These specs are transcribed from documentation pages and are not overwritten; \
             `cloudgen cross-check` lists where they and the definitions disagree. The \
             constraints only a definition states, and the optional parameters only it lists, \
             are in `supplements/<Operation>.yaml`, which the generator merges into the page's \
             spec.\n"
        );
        for name in &summary.kept {
            if summary.supplemented.contains(name) {
                let _ = writeln!(out, "- `{name}`: supplemented by `supplements/{name}.yaml`");
            } else {
                let _ = writeln!(out, "- `{name}`");
            }
        }
        out.push('\n');
    }
    if !summary.not_generated.is_empty() {
        let _ = writeln!(out, "## Not generated\n");
        for (name, reasons) in &summary.not_generated {
            let _ = writeln!(out, "- `{name}`: {}", reasons.join("; "));
        }
        out.push('\n');
    }
    let with_findings: Vec<&Draft> = drafts.iter().filter(|d| !d.findings.is_empty()).collect();
    if !with_findings.is_empty() {
        let _ = writeln!(out, "## Not mapped\n");
        for draft in with_findings {
            let _ = writeln!(out, "### {}\n", draft.file);
            for finding in &draft.findings {
                let _ = writeln!(out, "- `{}`: {}", finding.at, finding.message);
            }
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
