//! The pipeline run end to end, stage by stage, speaking the protocol; generic over the
//! inference engine.

use crate::batching::embed_in_length_order;
use crate::corpus::{read_corpus, Corpus};
use crate::points::Chunk;
use crate::protocol::{run_stage, Emitter, Failure, Stage};
use crate::splitter::RecursiveCharacterTextSplitter;
use crate::store::{to_point, Store};
use crate::stub::StubEmbedder;
use crate::workload::{Mode, Workload};
use crate::{Embedder, Engine, Identity};
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Instant;

/// Runs the index job of `workload` with `engine`'s model (or the stub embedding).
pub fn run<E: Engine>(engine: &E, workload: &Workload, emitter: &Emitter) -> Result<(), Failure> {
    let setup = |e| Failure::new(None, e);
    engine.prepare(workload.threads).map_err(setup)?;
    let runtime = io_runtime().map_err(setup)?;
    emitter.emit("ready", ready_fields(&engine.identity(), workload.threads));

    let mut embedder: Box<dyn Embedder> = match workload.mode {
        Mode::Full => Box::new(run_stage(
            emitter,
            Stage::ModelLoad,
            || engine.load(&workload.model_dir, workload.threads),
            |_| json!({}),
        )?),
        Mode::Stub => Box::new(StubEmbedder),
    };
    let corpus = run_stage(
        emitter,
        Stage::Read,
        || read_corpus(&workload.corpus_dir, &workload.files),
        read_counts,
    )?;
    let chunks = run_stage(
        emitter,
        Stage::Chunk,
        || Ok(chunk_corpus(workload, &corpus)),
        |c| json!({ "chunks": c.len() }),
    )?;
    let tokens = embed_and_upsert(workload, embedder.as_mut(), &chunks, &runtime, emitter)?;

    emitter.emit(
        "done",
        json!({
            "documents": corpus.documents.len(),
            "skipped_files": skipped_json(&corpus),
            "chunks": chunks.len(),
            "tokens": tokens,
            "points": chunks.len(),
            // embed on this thread while the previous group is upserted (pipelines/README.md)
            "overlapped": [{ "stages": ["embed", "upsert"], "kind": "concurrent" }],
        }),
    );
    Ok(())
}

/// The gRPC client's runtime: one I/O worker drives the connection. The index job has one
/// request in flight; the query job's workers each wait for their own search on it.
pub(crate) fn io_runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("qdrant-io")
        .enable_all()
        .build()
        .context("cannot start the I/O runtime")
}

/// The `ready` event's fields.
pub(crate) fn ready_fields(identity: &Identity, threads: usize) -> Value {
    let libraries: serde_json::Map<String, Value> = identity
        .libraries
        .iter()
        .map(|(name, version)| (name.clone(), Value::from(version.as_str())))
        .collect();
    json!({
        "pipeline": identity.pipeline,
        "runtime": { "name": "rust", "version": identity.rustc_version },
        "libraries": libraries,
        "threads": threads,
    })
}

fn skipped_json(corpus: &Corpus) -> Value {
    corpus
        .skipped
        .iter()
        .map(|s| json!({ "path": s.path, "reason": s.reason }))
        .collect()
}

fn read_counts(corpus: &Corpus) -> Value {
    json!({
        "documents": corpus.documents.len(),
        "skipped_files": skipped_json(corpus),
        "bytes": corpus.bytes,
    })
}

/// Every document split on its own; chunks in file order, then chunk index.
pub fn chunk_corpus(workload: &Workload, corpus: &Corpus) -> Vec<Chunk> {
    let c = &workload.chunking;
    let splitter =
        RecursiveCharacterTextSplitter::new(c.chunk_size, c.chunk_overlap, c.separators.clone());
    corpus
        .documents
        .iter()
        .flat_map(|doc| {
            splitter.split_text(&doc.text).into_iter().enumerate().map(
                move |(chunk_index, text)| Chunk {
                    source: doc.source.clone(),
                    chunk_index,
                    text,
                },
            )
        })
        .collect()
}

/// Embeds group k+1 on this thread while group k is being upserted on the I/O runtime.
/// Returns the number of non-padding tokens the model saw. Exposed time (what the run waited
/// for): all of embed's busy time; of upsert, the collection's creation and the waits for
/// upserts still in flight.
fn embed_and_upsert(
    workload: &Workload,
    embedder: &mut dyn Embedder,
    chunks: &[Chunk],
    runtime: &tokio::runtime::Runtime,
    emitter: &Emitter,
) -> Result<usize, Failure> {
    let upsert_failed = |e| Failure::new(Some(Stage::Upsert), e);
    let embed_failed = |e| Failure::new(Some(Stage::Embed), e);
    let q = &workload.qdrant;

    // The collection is created first, so that an unreachable Qdrant fails before any embedding.
    emitter.start(Stage::Upsert);
    let started = Instant::now();
    let store =
        Arc::new(Store::new(&q.grpc_url, q.api_key.clone(), &q.collection).map_err(upsert_failed)?);
    runtime
        .block_on(store.create_collection(embedder.dim(), q.shard_number, q.replication_factor))
        .map_err(upsert_failed)?;
    let mut upsert_busy = started.elapsed();
    let mut upsert_exposed = upsert_busy;

    emitter.start(Stage::Embed);
    let mut embed_busy = std::time::Duration::ZERO;
    let mut tokens = 0;
    let mut passes = 0;
    let mut in_flight: Option<tokio::task::JoinHandle<Result<std::time::Duration>>> = None;
    let groups: Vec<&[Chunk]> = chunks.chunks(workload.upsert_batch_size).collect();
    for (k, group) in groups.iter().enumerate() {
        let started = Instant::now();
        let texts: Vec<&str> = group.iter().map(|c| c.text.as_str()).collect();
        let vectors = embed_in_length_order(&texts, workload.embed_batch_size, |batch| {
            let started = Instant::now();
            let (vectors, batch_tokens) = embedder.embed(batch)?;
            let elapsed = started.elapsed();
            tokens += batch_tokens;
            if workload.batch_events {
                emit_batch(emitter, passes, batch.len(), batch_tokens, elapsed);
            }
            passes += 1;
            Ok::<_, anyhow::Error>(vectors)
        })
        .with_context(|| format!("embedding chunks of {}", group[0].source))
        .map_err(embed_failed)?;
        embed_busy += started.elapsed();
        if k + 1 == groups.len() {
            emitter.end(
                Stage::Embed,
                ms(embed_busy),
                json!({ "chunks": chunks.len(), "tokens": tokens, "exposed_ms": ms(embed_busy) }),
            );
        }

        let points = group
            .iter()
            .zip(vectors)
            .map(|(c, v)| to_point(c, v))
            .collect();
        if let Some(previous) = in_flight.take() {
            let waited = Instant::now();
            upsert_busy += wait(runtime, previous).map_err(upsert_failed)?;
            upsert_exposed += waited.elapsed();
        }
        let store = Arc::clone(&store);
        in_flight = Some(runtime.spawn(async move {
            let started = Instant::now();
            store.upsert(points).await?;
            Ok(started.elapsed())
        }));
    }
    if groups.is_empty() {
        emitter.end(
            Stage::Embed,
            0.0,
            json!({ "chunks": 0, "tokens": 0, "exposed_ms": 0.0 }),
        );
    }
    if let Some(last) = in_flight.take() {
        let waited = Instant::now();
        upsert_busy += wait(runtime, last).map_err(upsert_failed)?;
        upsert_exposed += waited.elapsed();
    }
    emitter.end(
        Stage::Upsert,
        ms(upsert_busy),
        json!({ "points": chunks.len(), "exposed_ms": ms(upsert_exposed) }),
    );
    Ok(tokens)
}

/// The `batch` event of one forward pass (pipelines/README.md, "Per-batch events"): written
/// after the pass, outside its timed span.
fn emit_batch(
    emitter: &Emitter,
    index: usize,
    size: usize,
    tokens: usize,
    elapsed: std::time::Duration,
) {
    emitter.emit(
        "batch",
        json!({ "stage": "embed", "index": index, "size": size, "tokens": tokens, "ms": ms(elapsed) }),
    );
}

fn wait(
    runtime: &tokio::runtime::Runtime,
    task: tokio::task::JoinHandle<Result<std::time::Duration>>,
) -> Result<std::time::Duration> {
    runtime.block_on(task).context("the upsert task failed")?
}

pub(crate) fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
