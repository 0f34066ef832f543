//! Records, for the protocol's `ready` event, the compiler version, the versions of the crates
//! that do the work (rag-build-info, from this crate's own Cargo.lock) and the version of the
//! libtorch it links (the torch wheel's `version.py`). Gives the binary an rpath to that
//! libtorch, so that it runs without LD_LIBRARY_PATH.

use std::path::{Path, PathBuf};

fn main() {
    let crate_dir = rag_build_info::crate_dir();
    rag_build_info::emit(&crate_dir, &["tch", "tokenizers", "qdrant-client"]);

    // torch-sys's build script (links = "tch") hands its libtorch lib directory to its
    // direct dependents as DEP_TCH_LIBTORCH_LIB.
    let lib = PathBuf::from(
        std::env::var("DEP_TCH_LIBTORCH_LIB").expect("torch-sys did not say where libtorch is"),
    );
    // Every linked target (the binary, the tests) finds libtorch there at run time.
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.display());
    println!("cargo:rustc-env=PIPELINE_LIBTORCH_LIB={}", lib.display());
    println!(
        "cargo:rustc-env=PIPELINE_LIBTORCH_VERSION={}",
        libtorch_version(&lib)
    );
}

/// `__version__` of the torch package that holds `lib` (`torch/version.py`, e.g. `2.15.0+cu130`);
/// else the `build-version` file of a standalone libtorch; else `unknown`.
fn libtorch_version(lib: &Path) -> String {
    let torch = lib.parent().unwrap_or(lib);
    let version_py = torch.join("version.py");
    let build_version = torch.join("build-version");
    println!("cargo:rerun-if-changed={}", version_py.display());
    if let Ok(text) = std::fs::read_to_string(&version_py) {
        // `__version__ = '2.15.0+cu130'` (or with a `: str` annotation).
        let found = text
            .lines()
            .filter(|line| line.starts_with("__version__"))
            .find_map(|line| line.rsplit_once('='))
            .map(|(_, value)| value.trim().trim_matches(['\'', '"']).to_string());
        if let Some(version) = found {
            return version;
        }
    }
    std::fs::read_to_string(build_version)
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|_| "unknown".into())
}
