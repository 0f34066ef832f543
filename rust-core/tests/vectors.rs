//! The core's pieces held to the contract's shared test vectors (pipelines/testdata): reading,
//! chunking, point ids, the stub embedding.

mod common;

use common::{read_json, testdata};
use rag_core::corpus::read_corpus;
use rag_core::pipeline::chunk_corpus;
use rag_core::points::point_id;
use rag_core::stub::stub_embedding;
use rag_core::workload;
use serde_json::{json, Value};

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reading_and_chunking_match_expected_chunks_for_every_setting() {
    let expected = read_json(testdata().join("expected_chunks.json"));
    let corpus_dir = testdata().join(expected["corpus_dir"].as_str().unwrap());
    let corpus = read_corpus(&corpus_dir, &strings(&expected["files"])).unwrap();

    let sources: Vec<&str> = corpus.documents.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(sources, strings(&expected["documents"]));
    let skipped: Vec<Value> = corpus
        .skipped
        .iter()
        .map(|s| json!({"path": s.path, "reason": s.reason}))
        .collect();
    assert_eq!(Value::from(skipped), expected["skipped_files"]);

    let settings = expected["settings"].as_array().unwrap();
    assert!(
        settings.len() >= 2,
        "expected_chunks.json should hold several settings"
    );
    for setting in settings {
        let doc = json!({
            "corpus": {"dir": "corpus", "files": expected["files"]},
            "chunking": {
                "chunk_size": setting["chunk_size"],
                "chunk_overlap": setting["chunk_overlap"],
                "separators": setting["separators"],
            },
            "model": {"dir": "m"}, "embed_batch_size": 32, "upsert_batch_size": 64, "threads": 1,
            "qdrant": {"url": "http://127.0.0.1:6333", "collection": "c"}, "mode": "stub"
        });
        let workload = workload::parse(&doc, &testdata()).unwrap();
        let chunks = chunk_corpus(&workload, &corpus);
        let want = setting["chunks"].as_array().unwrap();
        assert_eq!(
            chunks.len(),
            want.len(),
            "chunk count for size {}",
            setting["chunk_size"]
        );
        for (got, want) in chunks.iter().zip(want) {
            assert_eq!(got.source, want["source"].as_str().unwrap());
            assert_eq!(
                got.chunk_index as u64,
                want["chunk_index"].as_u64().unwrap()
            );
            assert_eq!(
                got.text,
                want["text"].as_str().unwrap(),
                "{}#{}",
                got.source,
                got.chunk_index
            );
            assert_eq!(got.id().to_string(), want["id"].as_str().unwrap());
        }
    }
}

#[test]
fn point_ids_are_uuid5_of_source_and_index() {
    let expected = read_json(testdata().join("expected_chunks.json"));
    let first = &expected["settings"][0]["chunks"][0];
    let id = point_id(
        first["source"].as_str().unwrap(),
        first["chunk_index"].as_u64().unwrap() as usize,
    );
    assert_eq!(id.to_string(), first["id"].as_str().unwrap());
    assert_eq!(id.get_version_num(), 5);
}

#[test]
fn stub_embeddings_match_the_reference() {
    let expected = read_json(testdata().join("stub_embeddings.json"));
    assert_eq!(expected["dim"], 384);
    for case in expected["texts"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let got = stub_embedding(text);
        let want: Vec<f64> = case["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            // float32 round trip of the reference; allow for numpy's different summation order.
            assert!(
                (*g as f64 - w).abs() <= 1e-7,
                "stub of {text:?}: {g} vs {w}"
            );
        }
    }
}
