//! Where the real parallel texts are: `../shared/data`, beside the
//! workspace. Shared by the library's integration tests and the command's
//! unit tests (which include this file by its path).

use std::path::{Path, PathBuf};

/// `../shared/data` beside the workspace root (the folder of
/// `Cargo.lock`), when it is there. Outside CI a test that needs it says it
/// is skipped; in CI (`CI` set) its absence fails the test.
pub fn shared_data_if_present() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.ancestors().find(|d| d.join("Cargo.lock").is_file()).unwrap_or(manifest);
    let dir = root.join("../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "{} is missing, and CI must have it", dir.display());
    eprintln!("skipped: {} is absent (the real parallel texts beside the repository)", dir.display());
    None
}

/// `../shared/data` (see [`shared_data_if_present`]); the test returns
/// early, skipped, when it is absent outside CI.
macro_rules! shared_data {
    () => {
        match crate::shared_data::shared_data_if_present() {
            Some(dir) => dir,
            None => return,
        }
    };
}
