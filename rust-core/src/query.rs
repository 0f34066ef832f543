//! The contract's query job (pipelines/README.md, "The query job"): the agent's retrieval loop.
//! Each query embeds one text alone and searches the collection for its `top_k` nearest points;
//! once alone (`query_cold`), then at each concurrency level c (`query_c<c>`) by c threads that
//! share one model, one store client and one queue.
//!
//! Why threads that each `block_on` their search, not c tasks on the runtime: a query is mostly
//! a blocking forward pass (milliseconds of CPU) and one short RPC. As tokio tasks, the forward
//! pass would block the runtime's workers (stalling every other query's I/O) unless moved to
//! `spawn_blocking`, which is threads again with more hand-offs. So the c workers are plain
//! threads (`std::thread::scope`), each embeds and then drives its own search to completion
//! with `Handle::block_on` on the one multi-thread runtime the index job already has; its I/O
//! worker keeps the client's one HTTP/2 connection going, which multiplexes the workers'
//! requests. The forward passes run on the engine's compute pool of `threads` (rule 9): the
//! workers submit to it, they do not add compute threads.

use crate::pipeline::{io_runtime, ms, ready_fields};
use crate::protocol::{run_stage, Emitter, Failure, Stage};
use crate::store::Store;
use crate::stub::StubEmbedder;
use crate::workload::{Mode, QuerySettings, Workload};
use crate::{Engine, SharedEmbedder};
use anyhow::{anyhow, Context, Result};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

/// One query's outcome: its latency in milliseconds (taking the text to holding the answer)
/// and the point ids the search returned, in score order.
pub type Answer = (f64, Vec<String>);

/// Runs the query job of `workload` with `engine`'s model (or the stub embedding).
pub fn run<E: Engine>(engine: &E, workload: &Workload, emitter: &Emitter) -> Result<(), Failure> {
    let setup = |e| Failure::new(None, e);
    let settings = workload
        .query
        .as_ref()
        .context("workload: query is required")
        .map_err(setup)?;
    engine.prepare(workload.threads).map_err(setup)?;
    let runtime = io_runtime().map_err(setup)?;
    let q = &workload.qdrant;
    // No request yet: the cold query makes the connection's first.
    let store = Store::new(&q.grpc_url, q.api_key.clone(), &q.collection).map_err(setup)?;
    emitter.emit("ready", ready_fields(&engine.identity(), workload.threads));

    let model: Box<dyn SharedEmbedder> = match workload.mode {
        Mode::Full => engine.share(run_stage(
            emitter,
            Stage::ModelLoad,
            || engine.load(&workload.model_dir, workload.threads),
            |_| json!({}),
        )?),
        Mode::Stub => Box::new(StubEmbedder),
    };
    if model.takes_turns() {
        eprintln!(
            "query: this engine's model embeds through &mut self: the workers take turns on one \
             lock for each embedding, so the levels overlap only the searches"
        );
    }
    let searcher = Searcher {
        model: model.as_ref(),
        store: &store,
        runtime: runtime.handle(),
        top_k: settings.top_k,
    };
    let answers = run_levels(&searcher, settings, emitter)?;
    emitter.emit("done", answers);
    Ok(())
}

/// The cold query, then every level in order; the `done` event's fields.
fn run_levels(
    searcher: &Searcher<'_>,
    settings: &QuerySettings,
    emitter: &Emitter,
) -> Result<Value, Failure> {
    let first = settings.texts.first().ok_or_else(|| {
        Failure::new(
            None,
            anyhow!("workload: query.texts must hold at least one text"),
        )
    })?;
    run_stage(
        emitter,
        Stage::QueryCold,
        || searcher.query(first),
        |(latency, _)| json!({ "queries": 1, "latencies_ms": [latency] }),
    )?;
    let queue: Vec<&str> = (0..settings.passes)
        .flat_map(|_| settings.texts.iter().map(String::as_str))
        .collect();
    let mut queries = 1;
    let mut answers: Option<Vec<Vec<String>>> = None;
    for &concurrency in &settings.concurrency {
        let results = run_stage(
            emitter,
            Stage::Query(concurrency),
            || run_level(&queue, concurrency, |text| searcher.query(text)),
            |results| {
                let latencies: Vec<f64> = results.iter().map(|(latency, _)| *latency).collect();
                json!({
                    "concurrency": concurrency,
                    "queries": results.len(),
                    "latencies_ms": latencies,
                })
            },
        )?;
        queries += results.len();
        // The first pass of the first level: one answer per text, in the order of `texts`.
        answers.get_or_insert_with(|| {
            results[..settings.texts.len()]
                .iter()
                .map(|(_, ids)| ids.clone())
                .collect()
        });
    }
    Ok(json!({ "queries": queries, "answers": answers.unwrap_or_default() }))
}

/// What every query needs, shared by the workers.
pub struct Searcher<'a> {
    pub model: &'a dyn SharedEmbedder,
    pub store: &'a Store,
    pub runtime: &'a tokio::runtime::Handle,
    pub top_k: u64,
}

impl Searcher<'_> {
    /// One query, start to answer: the text embedded alone, then searched.
    pub fn query(&self, text: &str) -> Result<Answer> {
        let started = Instant::now();
        let vector = self
            .model
            .embed_one(text)
            .with_context(|| format!("embedding the query {text:?}"))?;
        let ids = self
            .runtime
            .block_on(self.store.search(vector, self.top_k))?;
        Ok((ms(started.elapsed()), ids))
    }
}

/// `workers` threads take the queue's texts in order, one at a time, until it is empty, each
/// answering with `query`; the answers come back in queue order. The first failure stops the
/// others taking more texts.
pub fn run_level<F>(queue: &[&str], workers: usize, query: F) -> Result<Vec<Answer>>
where
    F: Fn(&str) -> Result<Answer> + Sync,
{
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let worker = || -> Result<Vec<(usize, Answer)>> {
        let mut mine = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(text) = queue.get(index) else { break };
            match query(text) {
                Ok(answer) => mine.push((index, answer)),
                Err(error) => {
                    failed.store(true, Ordering::Relaxed);
                    return Err(error);
                }
            }
        }
        Ok(mine)
    };
    let per_worker = std::thread::scope(|scope| {
        let handles = (0..workers)
            .map(|i| {
                std::thread::Builder::new()
                    .name(format!("query-{i}"))
                    .spawn_scoped(scope, worker)
                    .inspect_err(|_| failed.store(true, Ordering::Relaxed))
                    .with_context(|| format!("cannot start query worker {i} of {workers}"))
            })
            .collect::<Vec<_>>();
        // Join every started worker before reporting anything, so none outlives the level.
        let joined: Vec<Result<Vec<(usize, Answer)>>> = handles
            .into_iter()
            .map(|handle| {
                handle?
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect();
        joined.into_iter().collect::<Result<Vec<_>>>()
    })?;
    let mut answers: Vec<Option<Answer>> = vec![None; queue.len()];
    for (index, answer) in per_worker.into_iter().flatten() {
        answers[index] = Some(answer);
    }
    answers
        .into_iter()
        .enumerate()
        .map(|(i, answer)| answer.ok_or_else(|| anyhow!("query {i} of the queue has no answer")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::time::Duration;

    fn answer(text: &str) -> Answer {
        (1.0, vec![text.to_string()])
    }

    #[test]
    fn answers_come_back_in_queue_order() {
        let queue = ["0", "1", "2", "3", "4", "5", "6"];
        let results = run_level(&queue, 3, |text| {
            // Later texts take less time, so they finish first: the order must stay the queue's.
            let n: u64 = text.parse().unwrap();
            std::thread::sleep(Duration::from_millis(2 * (7 - n)));
            Ok(answer(text))
        })
        .unwrap();
        let ids: Vec<&str> = results.iter().map(|(_, ids)| ids[0].as_str()).collect();
        assert_eq!(ids, queue);
    }

    #[test]
    fn the_workers_run_at_once() {
        // Each query stays in flight a while; with c workers, c are in flight at some moment.
        let workers = 3;
        let (in_flight, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let threads = Mutex::new(HashSet::new());
        let queue = vec!["q"; workers * 4];
        let results = run_level(&queue, workers, |text| {
            threads.lock().unwrap().insert(std::thread::current().id());
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(30));
            in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok(answer(text))
        })
        .unwrap();
        assert_eq!(results.len(), queue.len());
        assert_eq!(most.load(Ordering::SeqCst), workers);
        assert_eq!(threads.lock().unwrap().len(), workers);
    }

    #[test]
    fn the_first_failure_stops_the_level() {
        let taken = AtomicUsize::new(0);
        let queue = vec!["q"; 100];
        let error = run_level(&queue, 2, |text| {
            if taken.fetch_add(1, Ordering::SeqCst) == 3 {
                anyhow::bail!("search of {text:?} failed");
            }
            // A success takes a while, as a search does: without it the other worker could
            // drain the queue in the microseconds before the failing one records its failure
            // (a CI run saw all 100 taken when the failing thread was descheduled there).
            std::thread::sleep(Duration::from_millis(2));
            Ok(answer(text))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "search of \"q\" failed");
        // The other worker goes on only until it sees the failure; without the stop it would
        // take all 100 (about 100 ms of queries). Half the queue leaves room for a descheduled
        // thread on a loaded machine.
        assert!(taken.load(Ordering::SeqCst) < queue.len() / 2, "{taken:?}");
    }
}
