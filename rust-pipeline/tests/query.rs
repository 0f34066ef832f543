//! The query job (pipelines/README.md, "The query job") as the harness runs it: the binary
//! against the project's embedded Qdrant, over a collection the index job filled in stub mode.
//! The contract vector (the same settings as the Python and TypeScript tests), full mode, and
//! the bad inputs: a collection that does not exist, the settings missing, a job the binary
//! does not implement.

mod common;
mod qdrant_local;

use common::{model_dir, read_json, repo_root, testdata};
use qdrant_local::QdrantLocal;
use rag_core::stub::stub_embedding;
use rust_pipeline::model::{EncoderKind, SentenceEmbedder};
use serde_json::{json, Value};
use std::process::Command;

const TEXTS: [&str; 2] = [
    "Which encoding does the corpus use?",
    "How are Windows line endings handled?",
];
const STUB_COLLECTION: &str = "query_stub_corpus";

struct Run {
    events: Vec<Value>,
    code: i32,
    stderr: String,
}

impl Run {
    fn of<'a>(&'a self, event: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.events.iter().filter(move |e| e["event"] == event)
    }

    fn end(&self, stage: &str) -> &Value {
        self.of("end")
            .find(|e| e["stage"] == stage)
            .unwrap_or_else(|| panic!("no end of {stage}: {:?}", self.events))
    }

    fn done(&self) -> &Value {
        assert_eq!(self.code, 0, "{:?}\nstderr: {}", self.events, self.stderr);
        let last = self.events.last().expect("no events");
        assert_eq!(last["event"], "done", "{:?}", self.events);
        last
    }

    /// The final `error` event's stage (`null` when none) and message; the exit is non-zero.
    fn error(&self) -> (Value, String) {
        let last = self.events.last().expect("no events");
        assert_eq!(last["event"], "error", "{:?}", self.events);
        assert_ne!(self.code, 0, "an error must exit non-zero");
        (
            last["stage"].clone(),
            last["message"].as_str().unwrap().into(),
        )
    }
}

fn run(binary: &str, workload: &Value) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workload.json");
    std::fs::write(&path, workload.to_string()).unwrap();
    let output = Command::new(binary)
        .arg(&path)
        .output()
        .expect("cannot start the pipeline");
    let events = String::from_utf8(output.stdout)
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not a JSON line: {l:?}")))
        .collect();
    Run {
        events,
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into(),
    }
}

fn pipeline(workload: &Value) -> Run {
    run(env!("CARGO_BIN_EXE_rust-pipeline"), workload)
}

/// A stub workload over the test corpus (the index job) against `qdrant`.
fn workload(qdrant: &QdrantLocal, collection: &str) -> Value {
    json!({
        "corpus": {"dir": testdata().join("corpus"), "files": read_json(testdata().join("expected_chunks.json"))["files"]},
        "chunking": {"chunk_size": 200, "chunk_overlap": 40, "separators": ["\n\n", "\n", " ", ""]},
        "model": {"dir": model_dir()},
        "embed_batch_size": 8, "upsert_batch_size": 16, "threads": 2,
        "qdrant": {"url": qdrant.rest_url, "grpc_url": qdrant.grpc_url, "collection": collection},
        "mode": "stub"
    })
}

/// The contract vector's query settings on `collection`.
fn query_workload(qdrant: &QdrantLocal, collection: &str) -> Value {
    let mut w = workload(qdrant, collection);
    w["job"] = json!("query");
    w["query"] = json!({"texts": TEXTS, "top_k": 3, "concurrency": [1, 2], "passes": 2});
    w
}

/// A fresh Qdrant holding the test corpus, indexed by the index job in stub mode.
fn stub_collection() -> QdrantLocal {
    let qdrant = QdrantLocal::start(repo_root());
    pipeline(&workload(&qdrant, STUB_COLLECTION)).done();
    qdrant
}

/// The stages in order, each level's counts, and latencies that fit in their stage.
fn check_stages(run: &Run, with_model: bool) {
    let mut expected = if with_model {
        vec!["model_load"]
    } else {
        vec![]
    };
    expected.extend(["query_cold", "query_c1", "query_c2"]);
    for event in ["start", "end"] {
        let stages: Vec<&str> = run
            .of(event)
            .map(|e| e["stage"].as_str().unwrap())
            .collect();
        assert_eq!(stages, expected, "{event} events");
    }
    assert_eq!(run.events[0]["event"], "ready");
    let cold = run.end("query_cold");
    assert_eq!(cold["queries"], 1);
    assert_eq!(cold["latencies_ms"].as_array().unwrap().len(), 1);
    for c in [1, 2] {
        let end = run.end(&format!("query_c{c}"));
        assert_eq!(
            (&end["concurrency"], &end["queries"]),
            (&json!(c), &json!(4))
        );
        let busy = end["busy_ms"].as_f64().unwrap();
        let latencies = end["latencies_ms"].as_array().unwrap();
        assert_eq!(latencies.len(), 4, "{end}");
        for latency in latencies {
            let latency = latency.as_f64().unwrap();
            assert!(
                latency > 0.0 && latency <= busy,
                "{latency} ms in a {busy} ms stage"
            );
        }
    }
}

fn answers(done: &Value) -> Vec<Vec<String>> {
    serde_json::from_value(done["answers"].clone()).expect("answers: arrays of id strings")
}

#[test]
fn query_job_meets_the_contract_vector() {
    let qdrant = stub_collection();
    let run = pipeline(&query_workload(&qdrant, STUB_COLLECTION));
    let done = run.done();
    check_stages(&run, false);
    assert_eq!(done["queries"], 9);
    let direct: Vec<Vec<String>> = TEXTS
        .iter()
        .map(|t| qdrant.nearest(STUB_COLLECTION, &stub_embedding(t), 3))
        .collect();
    assert!(direct.iter().all(|ids| ids.len() == 3), "{direct:?}");
    assert_eq!(answers(done), direct);
}

/// Full mode on the same points: each query embedded by the model (Candle, two workers at
/// once at level 2), its answers those of a direct search with the model's vector, one of K
/// allowed to differ (the harness's rule: float rounding between processes).
#[test]
fn query_job_in_full_mode_embeds_each_text_with_the_model() {
    let qdrant = stub_collection();
    let mut w = query_workload(&qdrant, STUB_COLLECTION);
    w["mode"] = json!("full");
    let run = pipeline(&w);
    let done = run.done();
    check_stages(&run, true);
    let model = SentenceEmbedder::load(&model_dir(), EncoderKind::Tuned).unwrap();
    for (text, got) in TEXTS.iter().zip(answers(done)) {
        let vector = model.embed(&[text]).unwrap().0.remove(0);
        let want = qdrant.nearest(STUB_COLLECTION, &vector, 3);
        let common = got.iter().filter(|id| want.contains(id)).count();
        assert!(
            got.len() == 3 && common >= 2,
            "{text:?}: {got:?} vs {want:?}"
        );
    }
}

#[test]
fn query_job_names_a_collection_that_does_not_exist() {
    let qdrant = QdrantLocal::start(repo_root());
    let (stage, message) = pipeline(&query_workload(&qdrant, "no_such_collection")).error();
    assert_eq!(stage, "query_cold");
    assert!(message.contains("\"no_such_collection\""), "{message}");
}

#[test]
fn query_job_without_its_settings_names_the_field() {
    let qdrant = QdrantLocal::start(repo_root());
    let mut w = query_workload(&qdrant, STUB_COLLECTION);
    w.as_object_mut().unwrap().remove("query");
    let (stage, message) = pipeline(&w).error();
    assert_eq!(
        (stage, message.as_str()),
        (Value::Null, "workload: query is required")
    );
    w["query"] = json!({"texts": TEXTS, "top_k": 0, "concurrency": [1], "passes": 1});
    let (_, message) = pipeline(&w).error();
    assert!(message.starts_with("workload: query.top_k:"), "{message}");
}

/// rust-pipeline-stock has no tokenize job of its own: rag-core's dispatch names it.
#[test]
fn a_job_the_binary_does_not_implement_is_named() {
    let qdrant = QdrantLocal::start(repo_root());
    let mut w = workload(&qdrant, STUB_COLLECTION);
    w["job"] = json!("tokenize");
    w["tokenize"] = json!({"target_bytes": 1000});
    let binary = env!("CARGO_BIN_EXE_rust-pipeline-stock");
    let (stage, message) = run(binary, &w).error();
    assert_eq!(stage, Value::Null);
    assert_eq!(
        message,
        "workload: job \"tokenize\" is not implemented by rust-pipeline-stock"
    );
}
