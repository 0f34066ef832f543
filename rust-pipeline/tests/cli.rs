//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (its Candle model files) must end in one `error` event
//! naming what is wrong and a non-zero exit. The contract's bad inputs are cases of the
//! conformance kit (pipelines/testdata/conformance.json), run against this binary by
//! harness/test/conformance-pipelines.test.ts.

mod common;

use common::process::{self, full_workload, Run};
use common::{model_dir, read_json, repo_root, testdata};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn run_binary_with_env(workload_path: &Path, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rust-pipeline"));
    command.arg(workload_path).envs(env.iter().copied());
    let run = process::run(command);
    for e in &run.events {
        assert!(
            e["t_ms"].is_f64() || e["t_ms"].is_u64(),
            "every event has t_ms: {e}"
        );
    }
    run
}

/// A valid stub workload over the test corpus, against a Qdrant that is not there.
fn base_workload() -> Value {
    let mut workload = full_workload(&model_dir(), "rust_test");
    workload["mode"] = json!("stub");
    workload
}

fn run_workload(workload: &Value) -> Run {
    run_workload_with_env(workload, &[])
}

fn run_workload_with_env(workload: &Value, env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workload.json");
    std::fs::write(&path, workload.to_string()).unwrap();
    run_binary_with_env(&path, env)
}

/// A model directory with every file of the real one linked in, except `leave_out`.
fn model_copy(leave_out: &str) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(model_dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != leave_out {
            std::os::unix::fs::symlink(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    copy
}

#[test]
fn missing_model_file_is_named() {
    let model = model_copy("model.safetensors");
    let mut w = base_workload();
    w["mode"] = json!("full");
    w["model"]["dir"] = json!(model.path());
    let (stage, message) = run_workload(&w).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("model.safetensors"), "{message}");
}

#[test]
fn corrupt_weights_are_reported() {
    let model = model_copy("model.safetensors");
    // The real file cut short: a valid-looking header whose tensors run past the end.
    let real = std::fs::read(model_dir().join("model.safetensors")).unwrap();
    std::fs::write(
        model.path().join("model.safetensors"),
        &real[..real.len() / 2],
    )
    .unwrap();
    let mut w = base_workload();
    w["mode"] = json!("full");
    w["model"]["dir"] = json!(model.path());
    let (stage, message) = run_workload(&w).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("model.safetensors"), "{message}");
}

/// The tuning ladder's measurement switches (README): a value the encoder does not know is an
/// error at model load naming the variable, the value and the allowed values, not a
/// silently ignored switch nor "weights that do not match their config".
#[test]
fn bad_tuning_switch_is_named() {
    for (var, allowed) in [
        ("RUST_PIPELINE_FUSED", "all, gelu, none"),
        ("RUST_PIPELINE_MATMUL", "candle, direct"),
    ] {
        let mut w = base_workload();
        w["mode"] = json!("full");
        let (stage, message) = run_workload_with_env(&w, &[(var, "fastest")]).error();
        assert_eq!(stage, "model_load", "{var}: {message}");
        assert!(
            message.contains(&format!("{var}=\"fastest\""))
                && message.contains(&format!("allowed values are {allowed}")),
            "{message}"
        );
        assert!(!message.contains("does not hold"), "{message}");
    }
}

/// The embedded Qdrant of this project, on free ports, in a temporary data directory.
struct QdrantLocal {
    child: Child,
    rest_url: String,
    grpc_url: String,
    _data: tempfile::TempDir,
}

impl QdrantLocal {
    fn start() -> Self {
        let binary: PathBuf = repo_root().join("target/release/qdrant-local");
        assert!(
            binary.is_file(),
            "{} is missing: build it with `cargo build --release -p qdrant-local`",
            binary.display()
        );
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(&binary)
            .args([
                "--data",
                data.path().to_str().unwrap(),
                "--port",
                "0",
                "--grpc-port",
                "0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start qdrant-local");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("qdrant-local said {line:?}"));
        assert_eq!(ready["event"], "ready");
        Self {
            rest_url: ready["rest_url"].as_str().unwrap().to_string(),
            grpc_url: ready["grpc_url"].as_str().unwrap().to_string(),
            child,
            _data: data,
        }
    }
}

impl Drop for QdrantLocal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A full run of each mode over the test corpus, checked against the expected chunks and
/// against what Qdrant then holds.
#[test]
fn full_runs_index_the_test_corpus() {
    let qdrant = QdrantLocal::start();
    let expected = read_json(testdata().join("expected_chunks.json"));
    let setting = &expected["settings"][0];
    let want_chunks = setting["chunks"].as_array().unwrap();
    for mode in ["stub", "full"] {
        let mut w = base_workload();
        let collection = format!("rust_{mode}");
        w["mode"] = json!(mode);
        w["chunking"]["chunk_size"] = setting["chunk_size"].clone();
        w["chunking"]["chunk_overlap"] = setting["chunk_overlap"].clone();
        w["qdrant"] =
            json!({"url": qdrant.rest_url, "grpc_url": qdrant.grpc_url, "collection": collection});
        let run = run_workload(&w);
        let done = run.last();
        assert_eq!(
            done["event"], "done",
            "{mode}: {:?}\nstderr: {}",
            run.events, run.stderr
        );
        assert_eq!(run.code, 0);
        assert_eq!(run.events[0]["event"], "ready");
        assert_eq!(done["chunks"], want_chunks.len());
        assert_eq!(done["points"], want_chunks.len());
        assert_eq!(done["documents"], 8);
        assert_eq!(
            done["overlapped"],
            json!([{"stages": ["embed", "upsert"], "kind": "concurrent"}])
        );
        // Concurrent stages say what the run waited for; stacked, that fits in their span.
        let end = |stage: &str| {
            run.events
                .iter()
                .find(|e| e["event"] == "end" && e["stage"] == stage)
                .unwrap()
                .clone()
        };
        let start = |stage: &str| {
            run.events
                .iter()
                .find(|e| e["event"] == "start" && e["stage"] == stage)
                .unwrap()["t_ms"]
                .as_f64()
                .unwrap()
        };
        let (embed, upsert) = (end("embed"), end("upsert"));
        assert_eq!(embed["exposed_ms"], embed["busy_ms"]);
        let span = upsert["t_ms"].as_f64().unwrap() - start("upsert");
        let exposed =
            embed["exposed_ms"].as_f64().unwrap() + upsert["exposed_ms"].as_f64().unwrap();
        assert!(
            exposed <= span + 1.0,
            "{mode}: exposed {exposed} ms over a {span} ms span"
        );
        let stages: Vec<&str> = run
            .events
            .iter()
            .filter(|e| e["event"] == "end")
            .map(|e| e["stage"].as_str().unwrap())
            .collect();
        if mode == "full" {
            assert!(done["tokens"].as_u64().unwrap() > 0);
            assert!(stages.contains(&"model_load"));
        } else {
            assert_eq!(done["tokens"], 0);
            assert!(!stages.contains(&"model_load"));
        }

        // What Qdrant holds: every expected id, with LangChain's payload.
        let points = qdrant_points(&qdrant.rest_url, &collection, want_chunks.len());
        for want in want_chunks {
            let id = want["id"].as_str().unwrap();
            let point = points
                .iter()
                .find(|p| p["id"] == id)
                .unwrap_or_else(|| panic!("{mode}: point {id} missing"));
            assert_eq!(point["payload"]["page_content"], want["text"]);
            assert_eq!(point["payload"]["metadata"]["source"], want["source"]);
            assert_eq!(
                point["payload"]["metadata"]["chunk_index"],
                want["chunk_index"]
            );
            assert_eq!(point["vector"].as_array().unwrap().len(), 384);
        }
    }
}

/// All points of a collection via the REST scroll API (plain HTTP/1.1 over a TCP socket).
fn qdrant_points(rest_url: &str, collection: &str, limit: usize) -> Vec<Value> {
    use std::io::{Read, Write};
    let authority = rest_url.trim_start_matches("http://").trim_end_matches('/');
    let body = json!({"limit": limit + 10, "with_payload": true, "with_vector": true}).to_string();
    let request = format!(
        "POST /collections/{collection}/points/scroll HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "scroll failed: {head}");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    let answer: Value = serde_json::from_str(&body).unwrap();
    answer["result"]["points"].as_array().unwrap().clone()
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

/// The tokenize job's contract vector (pipelines/README.md, "The tokenize job"): the same
/// numbers in the Python and TypeScript tests. The store in the workload is never contacted.
#[test]
fn tokenize_job_meets_the_contract_vector() {
    let mut w = base_workload();
    w["corpus"]["files"] = json!([
        "long_paragraph.txt",
        "unicode.md",
        "windows_crlf.txt",
        "bom.txt",
        "guide/faq.md",
        "guide/binary_blob.txt"
    ]);
    w["embed_batch_size"] = json!(4);
    w["job"] = json!("tokenize");
    w["tokenize"] = json!({ "target_bytes": 20000 });
    let run = run_workload(&w);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let done = run.last();
    assert_eq!(done["event"], "done", "{:?}", run.events);
    assert_eq!(
        (
            &done["documents"],
            &done["bytes"],
            &done["tokens"],
            &done["tokens_untruncated"]
        ),
        (&json!(21), &json!(20020), &json!(2888), &json!(2903))
    );
    for stage in ["tokenize_batched", "tokenize_single"] {
        let end = run
            .events
            .iter()
            .find(|e| e["event"] == "end" && e["stage"] == stage)
            .unwrap_or_else(|| panic!("no end of {stage}: {:?}", run.events));
        assert_eq!(end["tokens"], 2888, "{end}");
        assert_eq!(end["bytes"], 20020, "{end}");
        assert!(end["busy_ms"].as_f64().unwrap() > 0.0, "{end}");
    }
}

#[test]
fn tokenize_job_without_its_settings_names_the_field() {
    let mut w = base_workload();
    w["job"] = json!("tokenize");
    let (_, message) = run_workload(&w).error();
    assert!(message.contains("tokenize is required"), "{message}");
}
