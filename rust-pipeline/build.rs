//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! libraries that do the work, as resolved in the workspace's Cargo.lock.

use std::process::Command;

const LIBRARIES: [&str; 4] = ["candle-core", "candle-transformers", "tokenizers", "qdrant-client"];

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=PIPELINE_RUSTC_VERSION={version}");

    let lock_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");
    println!("cargo:rerun-if-changed={lock_path}");
    let lock = std::fs::read_to_string(lock_path).unwrap_or_default();
    let libraries: Vec<String> = LIBRARIES
        .iter()
        .map(|name| format!("{name}={}", locked_version(&lock, name)))
        .collect();
    println!("cargo:rustc-env=PIPELINE_LIBRARIES={}", libraries.join(","));
}

/// The version of `name` that this crate depends on: Cargo.lock's `rust-pipeline` entry names
/// a dependency as `"name"` (one version in the lock) or `"name version"` (several).
fn locked_version(lock: &str, name: &str) -> String {
    let packages: Vec<&str> = lock.split("[[package]]").collect();
    let field = |package: &str, key: &str| -> Option<String> {
        package.lines().find_map(|l| {
            l.strip_prefix(&format!("{key} = \"")).and_then(|v| v.strip_suffix('"')).map(str::to_string)
        })
    };
    let me = packages.iter().find(|p| field(p, "name").as_deref() == Some("rust-pipeline"));
    let pinned = me.and_then(|p| {
        p.lines().find_map(|l| {
            let dep = l.trim().trim_end_matches(',').trim_matches('"');
            dep.strip_prefix(&format!("{name} ")).map(str::to_string)
        })
    });
    pinned
        .or_else(|| packages.iter().find(|p| field(p, "name").as_deref() == Some(name)).and_then(|p| field(p, "version")))
        .unwrap_or_else(|| "unknown".into())
}
