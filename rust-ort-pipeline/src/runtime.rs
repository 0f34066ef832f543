//! The ONNX Runtime shared library: which file, loading it, its version.
//!
//! The pipeline runs the `libonnxruntime.so.1` that onnxruntime-node ships in node_modules,
//! the one the TypeScript pipeline runs, so that the two differ in language only.

use anyhow::{anyhow, bail, Context, Result};
use ort::environment::Environment;
use std::ffi::CStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Names the library file explicitly (the variable the `ort` crate itself reads).
pub const DYLIB_ENV: &str = "ORT_DYLIB_PATH";

/// onnxruntime-node's library, relative to the directory holding `node_modules`.
pub fn node_library() -> PathBuf {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => other,
    };
    Path::new("node_modules/onnxruntime-node/bin/napi-v6")
        .join(std::env::consts::OS)
        .join(arch)
        .join("libonnxruntime.so.1")
}

/// The library to load: `ORT_DYLIB_PATH` if set, else onnxruntime-node's in the current
/// directory or the nearest parent that has it (the harness runs pipelines from the repository
/// root; `cargo test` from the crate's directory).
pub fn locate() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(DYLIB_ENV).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!(
                "ONNX Runtime: {DYLIB_ENV} names {}, which is not a file",
                path.display()
            );
        }
        return Ok(path);
    }
    let cwd = std::env::current_dir().context("ONNX Runtime: cannot read the current directory")?;
    let relative = node_library();
    cwd.ancestors()
        .map(|dir| dir.join(&relative))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            anyhow!(
                "ONNX Runtime: {} is missing (nor in a parent directory): run `npm ci` to install onnxruntime-node, or set {DYLIB_ENV}",
                cwd.join(&relative).display()
            )
        })
}

/// The loaded library: the process's one ONNX Runtime environment and the library's version.
pub struct Runtime {
    pub environment: Environment,
    pub version: String,
}

/// The library as an engine holds it: loaded once by its `prepare` (before `ready`), used by its
/// `load`, and its version named in its identity. rust-ort and rust-langchain share it.
#[derive(Default)]
pub struct RuntimeCell(OnceLock<Runtime>);

impl RuntimeCell {
    /// Finds and loads the library; `prepare` runs once per process, and a second call keeps
    /// the first library.
    pub fn load_once(&self) -> Result<()> {
        if self.0.get().is_none() {
            let _ = self.0.set(load(&locate()?)?);
        }
        Ok(())
    }

    /// The loaded library, or an error when `prepare` was not called.
    pub fn get(&self) -> Result<&Runtime> {
        self.0
            .get()
            .context("ONNX Runtime is not loaded (prepare was not called)")
    }

    /// The library actually loaded, beside the crates' versions of the build.
    pub fn name_in(&self, libraries: &mut Vec<(String, String)>) {
        if let Some(runtime) = self.0.get() {
            libraries.push(("onnxruntime".into(), runtime.version.clone()));
        }
    }
}

/// Loads the library at `path` and creates the environment (ONNX Runtime's default logger
/// writes to stderr, so stdout stays protocol-only).
pub fn load(path: &Path) -> Result<Runtime> {
    ort::init_from(path)
        .map_err(|e| anyhow!("ONNX Runtime: {e}"))?
        .with_name("rust-ort-pipeline")
        .build()
        .map_err(|e| anyhow!("ONNX Runtime: cannot create the environment: {e}"))
        .and_then(|environment| {
            Ok(Runtime {
                environment,
                version: version(path)?,
            })
        })
}

/// `OrtGetApiBase()->GetVersionString()` of the library, e.g. `1.30.0`.
fn version(path: &Path) -> Result<String> {
    let fail = |e: &dyn std::fmt::Display| {
        anyhow!(
            "ONNX Runtime: cannot read the version of {}: {e}",
            path.display()
        )
    };
    // SAFETY: the library `ort::init_from` has just loaded and checked; loading it again only
    // takes another reference to the same mapping, released when `library` drops.
    let library = unsafe { libloading::Library::new(path) }.map_err(|e| fail(&e))?;
    // SAFETY: OrtGetApiBase has this signature in every ONNX Runtime release (its C API's root).
    let api_base = unsafe {
        library.get::<unsafe extern "C" fn() -> *const ort::sys::OrtApiBase>(b"OrtGetApiBase")
    }
    .map_err(|e| fail(&e))?;
    // SAFETY: the API base is a static table of the library; the version is a static C string.
    let version = unsafe {
        let base = api_base();
        if base.is_null() {
            return Err(fail(&"OrtGetApiBase returned null"));
        }
        CStr::from_ptr(((*base).GetVersionString)())
    };
    Ok(version.to_string_lossy().into_owned())
}
