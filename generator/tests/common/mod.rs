//! Helpers the integration tests share: the repository root, folder copies, mangled pages.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Copies the folder `from` with everything below it to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// `text` cut to the fraction `cut` of its lines (at least one), then with the lines at
/// `drops` removed and the pairs at `swaps` exchanged (indices taken modulo the length).
pub fn mangle(text: &str, cut: f64, drops: &[usize], swaps: &[(usize, usize)]) -> Vec<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let keep = ((lines.len() as f64) * cut) as usize;
    lines.truncate(keep.max(1));
    for drop in drops {
        if !lines.is_empty() {
            let at = drop % lines.len();
            lines.remove(at);
        }
    }
    for (a, b) in swaps {
        if !lines.is_empty() {
            let len = lines.len();
            lines.swap(a % len, b % len);
        }
    }
    lines.into_iter().map(str::to_owned).collect()
}
