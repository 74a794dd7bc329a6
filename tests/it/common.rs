//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// `../shared/data`, relative to the crate root.
pub fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// Reads a gold block file: `ru_start ru_end en_start en_end` a line.
pub fn read_blocks(path: &std::path::Path) -> Vec<[usize; 4]> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let v: Vec<usize> = l.split_whitespace().map(|x| x.parse().expect("number")).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

/// Documents `NAME` in a `ru-en` folder: (ru path, en path, gold path).
pub fn ru_en_docs(set: &str) -> Vec<(PathBuf, PathBuf, PathBuf)> {
    let dir = shared_data().join("ru-en").join(set);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = entry.expect("dir entry").path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if let Some(stem) = name.strip_suffix(".gold.tsv") {
            out.push((dir.join(format!("{stem}.ru.txt")), dir.join(format!("{stem}.en.txt")), p.clone()));
        }
    }
    out.sort();
    out
}
