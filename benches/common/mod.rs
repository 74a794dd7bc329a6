//! What the benches share: the New Testament of `../shared/data/ru-en/bible-nt`.

use std::path::PathBuf;

/// All books of one language (files ending in `suffix`), in file-name
/// order, a blank line after each.
pub fn books(suffix: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ru-en/bible-nt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).expect("read") + "\n\n").collect()
}
