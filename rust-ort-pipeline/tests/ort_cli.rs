//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the ONNX Runtime library, the ONNX export) must end in
//! one `error` event naming what is wrong and a non-zero exit. The contract's bad inputs and
//! full runs are cases of the conformance kit (pipelines/testdata/conformance.json), run
//! against this binary by harness/test/conformance-pipelines.test.ts.

mod common;

use common::{model_dir, read_json, repo_root, testdata};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

struct Run {
    events: Vec<Value>,
    code: i32,
    stderr: String,
}

impl Run {
    /// The final `error` event's stage (`"null"` when none) and message.
    fn error(&self) -> (String, String) {
        let last = self.events.last().expect("no events on stdout");
        assert_eq!(
            last["event"], "error",
            "expected an error, got {:?}\nstderr: {}",
            self.events, self.stderr
        );
        assert_ne!(self.code, 0, "an error must exit non-zero");
        (
            last["stage"].as_str().unwrap_or("null").to_string(),
            last["message"].as_str().unwrap().to_string(),
        )
    }
}

/// Runs the binary from `cwd` with `ORT_DYLIB_PATH` set to `dylib` (or unset).
fn run_binary(workload_path: &Path, cwd: &Path, dylib: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rust-ort-pipeline"));
    command.arg(workload_path).current_dir(cwd);
    match dylib {
        Some(path) => command.env("ORT_DYLIB_PATH", path),
        None => command.env_remove("ORT_DYLIB_PATH"),
    };
    let output = command.output().expect("cannot start rust-ort-pipeline");
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let events = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l)
                .unwrap_or_else(|_| panic!("not a JSON line on stdout: {l:?}"))
        })
        .collect();
    Run {
        events,
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into(),
    }
}

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A valid full-mode workload over the test corpus, against a Qdrant that is not there: every
/// case below fails before the store is reached.
fn base_workload(model: &Path) -> Value {
    let port = closed_port();
    json!({
        "corpus": {"dir": testdata().join("corpus"), "files": read_json(testdata().join("expected_chunks.json"))["files"]},
        "chunking": {"chunk_size": 200, "chunk_overlap": 40, "separators": ["\n\n", "\n", " ", ""]},
        "model": {"dir": model},
        "embed_batch_size": 8, "upsert_batch_size": 16, "threads": 2,
        "qdrant": {"url": format!("http://127.0.0.1:{port}"), "grpc_url": format!("http://127.0.0.1:{port}"), "collection": "rust_ort_test"},
        "mode": "full"
    })
}

fn run_workload(workload: &Value, cwd: &Path, dylib: Option<&Path>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workload.json");
    std::fs::write(&path, workload.to_string()).unwrap();
    run_binary(&path, cwd, dylib)
}

/// A model directory with every file of the real one linked in, except `onnx/model.onnx`
/// (written by the caller, if at all).
fn model_without_onnx() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(model_dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "onnx" {
            std::os::unix::fs::symlink(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    std::fs::create_dir(copy.path().join("onnx")).unwrap();
    copy
}

#[test]
fn missing_onnx_export_is_named() {
    let model = model_without_onnx();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("onnx/model.onnx"), "{message}");
}

#[test]
fn corrupt_onnx_export_is_reported() {
    let model = model_without_onnx();
    let real = std::fs::read(model_dir().join("onnx/model.onnx")).unwrap();
    let onnx = model.path().join("onnx/model.onnx");
    std::fs::write(&onnx, &real[..real.len() / 2]).unwrap();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("cannot load ONNX model"), "{message}");
    assert!(message.contains(onnx.to_str().unwrap()), "{message}");
}

/// Without ORT_DYLIB_PATH, from a directory with no node_modules above it: the message names
/// the path where the library was expected, before `ready`, in stub mode too.
#[test]
fn missing_library_names_the_expected_path() {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut workload = base_workload(&model_dir());
    workload["mode"] = json!("stub");
    let run = run_workload(&workload, elsewhere.path(), None);
    let (stage, message) = run.error();
    assert_eq!(stage, "null");
    assert_eq!(
        run.events.len(),
        1,
        "no ready before the error: {:?}",
        run.events
    );
    let expected = elsewhere
        .path()
        .join("node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1");
    assert!(message.contains(expected.to_str().unwrap()), "{message}");
    assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
}

#[test]
fn ort_dylib_path_to_nothing_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libonnxruntime.so.1");
    let (stage, message) =
        run_workload(&base_workload(&model_dir()), &repo_root(), Some(&missing)).error();
    assert_eq!(stage, "null");
    assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
    assert!(message.contains(missing.to_str().unwrap()), "{message}");
}

#[test]
fn ort_dylib_path_to_a_file_that_is_no_library_is_named() {
    let not_a_library = model_dir().join("tokenizer.json");
    let (stage, message) = run_workload(
        &base_workload(&model_dir()),
        &repo_root(),
        Some(&not_a_library),
    )
    .error();
    assert_eq!(stage, "null");
    assert!(message.contains("ONNX Runtime"), "{message}");
    assert!(
        message.contains(not_a_library.to_str().unwrap()),
        "{message}"
    );
}

/// The `ready` event names the library actually loaded, found from the crate's directory
/// (a parent holds node_modules), as the harness finds it from the repository root.
#[test]
fn ready_names_the_loaded_onnx_runtime() {
    let run = run_workload(
        &base_workload(&model_dir()),
        Path::new(env!("CARGO_MANIFEST_DIR")),
        None,
    );
    let ready = &run.events[0];
    assert_eq!(ready["event"], "ready", "{:?}\n{}", run.events, run.stderr);
    assert_eq!(ready["pipeline"], "rust-onnxruntime");
    assert_eq!(ready["threads"], 2);
    let package: Value = read_json(repo_root().join("node_modules/onnxruntime-node/package.json"));
    assert_eq!(ready["libraries"]["onnxruntime"], package["version"]);
    assert!(ready["libraries"]["ort"]
        .as_str()
        .unwrap()
        .starts_with("2.0.0"));
    // The store is not there: the run then fails in upsert, after the model loaded.
    let (stage, _) = run.error();
    assert_eq!(stage, "upsert");
}
