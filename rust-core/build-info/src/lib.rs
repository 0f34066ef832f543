//! Called from a pipeline crate's `build.rs`: records, for the protocol's `ready` event, the
//! compiler version and the versions of the libraries that do the work, as resolved in the
//! workspace's Cargo.lock. Read them in the crate with `env!("PIPELINE_RUSTC_VERSION")` and
//! `env!("PIPELINE_LIBRARIES")` (`name=version,...`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The directory of the crate whose build script is running, read when it runs. A build
/// script's `env!("CARGO_MANIFEST_DIR")` is fixed when the script is compiled, and Cargo reuses
/// that compiled script for a clone of the repository at another path that shares the target
/// directory (CI's cargo cache): the old path may be gone by then.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("not run by Cargo"))
}

/// Emits `PIPELINE_RUSTC_VERSION` and `PIPELINE_LIBRARIES` for the crate being built, with the
/// versions of `libraries` that this crate resolves to in `workspace_dir/Cargo.lock`.
pub fn emit(workspace_dir: &Path, libraries: &[&str]) {
    println!("cargo:rustc-env=PIPELINE_RUSTC_VERSION={}", rustc_version());

    let lock_path = workspace_dir.join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock_path.display());
    let lock = std::fs::read_to_string(&lock_path).unwrap_or_default();
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let versions: Vec<String> = libraries
        .iter()
        .map(|name| format!("{name}={}", locked_version(&lock, &package, name)))
        .collect();
    println!("cargo:rustc-env=PIPELINE_LIBRARIES={}", versions.join(","));
}

fn rustc_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

/// The version of `name` that `package` depends on: Cargo.lock's entry of `package` names a
/// dependency as `"name"` (one version in the lock) or `"name version"` (several).
pub fn locked_version(lock: &str, package: &str, name: &str) -> String {
    let packages: Vec<&str> = lock.split("[[package]]").collect();
    let field = |entry: &str, key: &str| -> Option<String> {
        entry.lines().find_map(|l| {
            l.strip_prefix(&format!("{key} = \""))
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_string)
        })
    };
    let me = packages
        .iter()
        .find(|p| field(p, "name").as_deref() == Some(package));
    let pinned = me.and_then(|p| {
        p.lines().find_map(|l| {
            let dep = l.trim().trim_end_matches(',').trim_matches('"');
            dep.strip_prefix(&format!("{name} ")).map(str::to_string)
        })
    });
    pinned
        .or_else(|| {
            packages
                .iter()
                .find(|p| field(p, "name").as_deref() == Some(name))
                .and_then(|p| field(p, "version"))
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    const LOCK: &str = r#"
[[package]]
name = "gemm"
version = "0.17.1"

[[package]]
name = "gemm"
version = "0.19.0"

[[package]]
name = "rust-pipeline"
version = "0.1.0"
dependencies = [
 "gemm 0.19.0",
 "tokenizers",
]

[[package]]
name = "tokenizers"
version = "0.22.2"
"#;

    #[test]
    fn picks_the_version_the_package_depends_on() {
        assert_eq!(locked_version(LOCK, "rust-pipeline", "gemm"), "0.19.0");
        assert_eq!(
            locked_version(LOCK, "rust-pipeline", "tokenizers"),
            "0.22.2"
        );
        assert_eq!(locked_version(LOCK, "rust-pipeline", "absent"), "unknown");
    }
}
