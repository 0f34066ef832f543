//! Bad inputs every pipeline that runs the ONNX export on the ONNX Runtime library must name,
//! whatever crate runs it: rust-ort's and rust-langchain's CLI tests call these with their binary.

use super::process::{self, full_workload, model_without, Run};
use super::{model_dir, read_json, repo_root};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A pipeline binary (`env!("CARGO_BIN_EXE_…")`) and the collection its test workloads use.
pub struct OnnxPipeline {
    pub exe: &'static str,
    pub collection: &'static str,
}

impl OnnxPipeline {
    /// Runs the binary from `cwd` on `workload`, with `ORT_DYLIB_PATH` set to `dylib` (or unset).
    pub fn run(&self, workload: &Value, cwd: &Path, dylib: Option<&Path>) -> Run {
        let mut command = Command::new(self.exe);
        command.current_dir(cwd);
        match dylib {
            Some(path) => command.env("ORT_DYLIB_PATH", path),
            None => command.env_remove("ORT_DYLIB_PATH"),
        };
        process::run_workload(workload, command)
    }

    pub fn workload(&self, model: &Path) -> Value {
        full_workload(model, self.collection)
    }

    /// The model_load stage's error for the real model whose ONNX export is replaced by
    /// `onnx` (`None`: an empty `onnx/` directory), and the export's path.
    fn model_load_error(&self, onnx: Option<&[u8]>) -> (String, String) {
        let model = model_without("onnx");
        std::fs::create_dir(model.path().join("onnx")).unwrap();
        let path = model.path().join("onnx/model.onnx");
        if let Some(bytes) = onnx {
            std::fs::write(&path, bytes).unwrap();
        }
        let (stage, message) = self
            .run(&self.workload(model.path()), &repo_root(), None)
            .error();
        assert_eq!(stage, "model_load");
        (message, path.to_string_lossy().into_owned())
    }

    /// The `ready` event of a full run from the test crate's directory (a parent holds
    /// node_modules, as the repository root does for the harness): it names `pipeline`, two
    /// threads and the library actually loaded (onnxruntime-node's version). No store is
    /// there, so the run then fails in upsert, after the model loaded.
    pub fn ready_event(&self, pipeline: &str) -> Value {
        let run = self.run(
            &self.workload(&model_dir()),
            Path::new(env!("CARGO_MANIFEST_DIR")),
            None,
        );
        let ready = run.events[0].clone();
        assert_eq!(ready["event"], "ready", "{:?}\n{}", run.events, run.stderr);
        assert_eq!(ready["pipeline"], pipeline);
        assert_eq!(ready["threads"], 2);
        let package = read_json(repo_root().join("node_modules/onnxruntime-node/package.json"));
        assert_eq!(ready["libraries"]["onnxruntime"], package["version"]);
        let (stage, _) = run.error();
        assert_eq!(stage, "upsert");
        ready
    }

    pub fn missing_onnx_export_is_named(&self) {
        let (message, _) = self.model_load_error(None);
        assert!(message.contains("onnx/model.onnx"), "{message}");
    }

    pub fn corrupt_onnx_export_is_reported(&self) {
        let real = std::fs::read(model_dir().join("onnx/model.onnx")).unwrap();
        let (message, path) = self.model_load_error(Some(&real[..real.len() / 2]));
        assert!(message.contains("cannot load ONNX model"), "{message}");
        assert!(message.contains(&path), "{message}");
    }

    pub fn ort_dylib_path_to_nothing_is_named(&self) {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("libonnxruntime.so.1");
        let (stage, message) = self
            .run(&self.workload(&model_dir()), &repo_root(), Some(&missing))
            .error();
        assert_eq!(stage, "null");
        assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
        assert!(message.contains(missing.to_str().unwrap()), "{message}");
    }
}

/// The cases above as `#[test]`s of the calling test file, on its `OnnxPipeline` constant.
#[allow(unused_macros)] // ort_vectors shares this module and calls none of them
macro_rules! onnx_bad_input_tests {
    ($pipeline:expr) => {
        #[test]
        fn missing_onnx_export_is_named() {
            $pipeline.missing_onnx_export_is_named();
        }

        #[test]
        fn corrupt_onnx_export_is_reported() {
            $pipeline.corrupt_onnx_export_is_reported();
        }

        #[test]
        fn ort_dylib_path_to_nothing_is_named() {
            $pipeline.ort_dylib_path_to_nothing_is_named();
        }
    };
}
#[allow(unused_imports)] // likewise
pub(crate) use onnx_bad_input_tests;
