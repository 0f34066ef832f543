//! Embedding throughput of the Candle model alone (no Qdrant), with the pipeline's own
//! reading, chunking and batching:
//!
//!     target/release/examples/embed_throughput [--engine tuned|stock] \
//!         <model_dir> <corpus_dir> [threads=2] [max_chunks=512] [chunk_size=1000] [overlap=200]
//!
//! Prints one JSON line: engine, chunks, tokens, seconds, chunks_per_s, tokens_per_s, and the
//! process's CPU time over the same span (`cpu_seconds`, `cpus` = cpu_seconds / seconds,
//! `tokens_per_cpu_s`). On a machine shared with other work the wall-clock rate says as much
//! about the load as about the code; the rate per CPU-second is steadier (it still counts
//! the time threads spin while they wait for each other).

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
    let cpu_started = process_cpu_seconds();
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
    let cpu_seconds = process_cpu_seconds() - cpu_started;
    println!(
        "{}",
        serde_json::json!({
            "engine": engine, "threads": threads, "chunks": chunks.len(), "tokens": tokens, "seconds": seconds,
            "chunks_per_s": chunks.len() as f64 / seconds, "tokens_per_s": tokens as f64 / seconds,
            "cpu_seconds": cpu_seconds, "cpus": cpu_seconds / seconds,
            "tokens_per_cpu_s": tokens as f64 / cpu_seconds,
        })
    );
    Ok(())
}

/// User + system CPU time of every thread of this process so far.
fn process_cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into `t`.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
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
