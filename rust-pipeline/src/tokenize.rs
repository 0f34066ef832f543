//! The contract's `tokenize` job (pipelines/README.md, "The tokenize job"): the corpus grown to
//! `tokenize.target_bytes` by repeating whole documents, tokenised with the `tokenizers` crate
//! as rag-core's `sentence_model` sets it up for embedding (truncation at `max_seq_length`,
//! padding to each batch's longest), batched and one text at a time.

use anyhow::{Context, Result};
use rag_core::corpus::{read_corpus, Corpus};
use rag_core::protocol::Emitter;
use rag_core::sentence_model::{SentenceModelConfig, SentenceTokenizer};
use rag_core::{Engine, Identity};
use serde_json::{json, Value};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use tokenizers::Tokenizer;

/// Runs the job and ends it as the protocol says: `done` and exit 0, or one `error` event.
pub fn main<E: Engine>(binary: &'static str, engine: &E, workload_path: &Path) -> ExitCode {
    let emitter = Emitter::new();
    let mut stage: Option<&'static str> = None;
    std::panic::set_hook(Box::new(move |info| eprintln!("{binary}: {info}")));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        run(engine, workload_path, &emitter, &mut stage)
    }));
    let message = match outcome {
        Ok(Ok(())) => return ExitCode::SUCCESS,
        Ok(Err(error)) => format!("{error:#}"),
        Err(_) => "internal error: a panic (see stderr)".to_string(),
    };
    eprintln!("{binary}: error: {message}");
    emitter.emit("error", json!({ "stage": stage, "message": message }));
    ExitCode::FAILURE
}

/// Runs `work` as the stage `name`: `start`, the work, `end` with its span and `counts`.
fn timed<T>(
    emitter: &Emitter,
    stage: &mut Option<&'static str>,
    name: &'static str,
    work: impl FnOnce() -> Result<T>,
    counts: impl FnOnce(&T) -> Value,
) -> Result<T> {
    *stage = Some(name);
    emitter.emit("start", json!({ "stage": name }));
    let t0 = Instant::now();
    let value = work()?;
    let busy_ms = t0.elapsed().as_secs_f64() * 1e3;
    let mut fields = json!({ "stage": name, "busy_ms": busy_ms });
    if let (Value::Object(f), Value::Object(c)) = (&mut fields, counts(&value)) {
        f.extend(c);
    }
    emitter.emit("end", fields);
    *stage = None;
    Ok(value)
}

fn run<E: Engine>(
    engine: &E,
    workload_path: &Path,
    emitter: &Emitter,
    stage: &mut Option<&'static str>,
) -> Result<()> {
    // The contract's schema (with its tokenize part) is checked by rag-core's loader.
    let workload = rag_core::workload::load(workload_path)?;
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(workload_path)?)?;
    let target_bytes = doc["tokenize"]["target_bytes"]
        .as_u64()
        .context("workload: tokenize.target_bytes is required")?;
    // Rayon's global pool, which `encode_batch` runs on, sized to `threads`.
    engine.prepare(workload.threads)?;
    emitter.emit("ready", ready_fields(&engine.identity(), workload.threads));

    let corpus = timed(
        emitter,
        stage,
        "read",
        || read_corpus(&workload.corpus_dir, &workload.files),
        read_counts,
    )?;
    let grown = grow(&corpus, target_bytes);
    let bytes: u64 = grown
        .iter()
        .map(|&i| corpus.documents[i].text.len() as u64)
        .sum();
    let tokenizer = timed(
        emitter,
        stage,
        "tokenizer_load",
        || {
            let config = SentenceModelConfig::read(&workload.model_dir)?;
            SentenceTokenizer::load(&workload.model_dir, config.max_seq_length)
        },
        |_| json!({}),
    )?;
    let texts: Vec<&str> = grown
        .iter()
        .map(|&i| corpus.documents[i].text.as_str())
        .collect();
    let counts =
        |tokens: &usize| json!({ "documents": texts.len(), "bytes": bytes, "tokens": tokens });
    let batch_size = workload.embed_batch_size;
    let batched = timed(
        emitter,
        stage,
        "tokenize_batched",
        || {
            let mut tokens = 0;
            for group in texts.chunks(batch_size) {
                tokens += tokenizer.encode_batch(group)?.real_tokens();
            }
            Ok(tokens)
        },
        counts,
    )?;
    let single = timed(
        emitter,
        stage,
        "tokenize_single",
        || {
            let mut tokens = 0;
            for text in &texts {
                tokens += tokenizer.encode_batch(&[*text])?.real_tokens();
            }
            Ok(tokens)
        },
        counts,
    )?;
    anyhow::ensure!(
        batched == single,
        "tokenize: the batched pass counted {batched} tokens, one at a time {single}"
    );
    let untruncated = untruncated_tokens(&workload.model_dir, &corpus, &grown)?;
    emitter.emit(
        "done",
        json!({
            "documents": texts.len(),
            "bytes": bytes,
            "tokens": batched,
            "tokens_untruncated": untruncated,
            "skipped_files": skipped_json(&corpus),
        }),
    );
    Ok(())
}

/// The grown corpus as indices into `corpus.documents`: whole documents in order, cycling,
/// until their texts' UTF-8 bytes reach `target_bytes`.
fn grow(corpus: &Corpus, target_bytes: u64) -> Vec<usize> {
    let mut picked = Vec::new();
    // Empty files only would never reach the target: they grow to nothing.
    if corpus.documents.iter().all(|d| d.text.is_empty()) {
        return picked;
    }
    let mut total = 0u64;
    for i in (0..corpus.documents.len()).cycle() {
        if total >= target_bytes {
            break;
        }
        total += corpus.documents[i].text.len() as u64;
        picked.push(i);
    }
    picked
}

/// Tokens of each distinct document without truncation, summed over the grown corpus.
fn untruncated_tokens(model_dir: &Path, corpus: &Corpus, grown: &[usize]) -> Result<usize> {
    let path = model_dir.join("tokenizer.json");
    let mut tokenizer = Tokenizer::from_file(&path)
        .map_err(|e| anyhow::anyhow!("model: {} is invalid: {e}", path.display()))?;
    tokenizer
        .with_truncation(None)
        .map_err(|e| anyhow::anyhow!("model: cannot turn truncation off: {e}"))?;
    tokenizer.with_padding(None);
    let mut per_document = Vec::with_capacity(corpus.documents.len());
    for document in &corpus.documents {
        let encoding = tokenizer
            .encode(document.text.as_str(), true)
            .map_err(|e| anyhow::anyhow!("tokenizer: {}: {e}", document.source))?;
        per_document.push(encoding.get_ids().len());
    }
    Ok(grown.iter().map(|&i| per_document[i]).sum())
}

fn ready_fields(identity: &Identity, threads: usize) -> Value {
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
