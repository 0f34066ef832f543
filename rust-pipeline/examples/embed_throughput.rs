//! Embedding throughput of the Candle model alone (no Qdrant), with the pipeline's own
//! reading, chunking and batching:
//!
//!     target/release/examples/embed_throughput [--engine tuned|stock] \
//!         <model_dir> <corpus_dir> [threads=2] [max_chunks=512] [chunk_size=1000] [overlap=200]
//!
//! Prints one JSON line: engine, chunks, tokens, seconds, chunks_per_s, tokens_per_s.

use rag_core::batching::embed_in_length_order;
use rag_core::corpus::read_corpus;
use rag_core::splitter::RecursiveCharacterTextSplitter;
use rust_pipeline::model::{EncoderKind, SentenceEmbedder};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut engine = "tuned".to_string();
    if let Some(at) = args.iter().position(|a| a == "--engine") {
        engine = args
            .get(at + 1)
            .expect("--engine needs tuned or stock")
            .clone();
        args.drain(at..at + 2);
    }
    let encoder = EncoderKind::parse(&engine)?;
    let arg = |i: usize, default: usize| args.get(i).map_or(Ok(default), |a| a.parse()).unwrap();
    let model_dir = PathBuf::from(args.first().expect("model_dir"));
    let corpus_dir = PathBuf::from(args.get(1).expect("corpus_dir"));
    let (threads, max_chunks) = (arg(2, 2), arg(3, 512));
    let (chunk_size, overlap) = (arg(4, 1000), arg(5, 200));

    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()?;

    let corpus = read_corpus(&corpus_dir, &text_files(&corpus_dir)?)?;
    let separators = ["\n\n", "\n", " ", ""].map(String::from).to_vec();
    let splitter = RecursiveCharacterTextSplitter::new(chunk_size, overlap, separators);
    let chunks: Vec<String> = corpus
        .documents
        .iter()
        .flat_map(|d| splitter.split_text(&d.text))
        .take(max_chunks)
        .collect();

    let embedder = SentenceEmbedder::load(&model_dir, encoder)?;
    embedder.embed(&["warm-up"])?;
    let started = Instant::now();
    let mut tokens = 0;
    for group in chunks.chunks(64) {
        let texts: Vec<&str> = group.iter().map(String::as_str).collect();
        embed_in_length_order(&texts, 32, |batch| {
            let (vectors, n) = embedder.embed(batch)?;
            tokens += n;
            Ok::<_, anyhow::Error>(vectors)
        })?;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "engine": engine, "threads": threads, "chunks": chunks.len(), "tokens": tokens, "seconds": seconds,
            "chunks_per_s": chunks.len() as f64 / seconds, "tokens_per_s": tokens as f64 / seconds,
        })
    );
    Ok(())
}

/// The `.txt`, `.md` and `.rst` files under `dir` (dot-names skipped), sorted: roughly what the
/// bench's default globs select. A pipeline never lists a directory (the harness passes
/// `corpus.files`); this measurement example stands alone, so it picks its own files.
fn text_files(dir: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((abs, rel)) = pending.pop() {
        for entry in std::fs::read_dir(&abs)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if name.starts_with('.') {
                continue;
            } else if entry.path().is_dir() {
                pending.push((entry.path(), path));
            } else if [".txt", ".md", ".rst"]
                .iter()
                .any(|ext| name.ends_with(ext))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
