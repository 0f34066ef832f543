//! The stdout protocol of pipelines/README.md: one JSON object per line, flushed as written.
//! Nothing else may ever be printed to stdout; logs go to stderr.

use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::io::Write;

/// The stages of the index job, in the contract's order, and those of the query job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    ModelLoad,
    Read,
    Chunk,
    Embed,
    Upsert,
    /// The query job's first query, alone.
    QueryCold,
    /// The query job's level of this many concurrent workers (`query_c<c>`).
    Query(usize),
}

impl Stage {
    pub fn name(self) -> Cow<'static, str> {
        match self {
            Stage::ModelLoad => "model_load".into(),
            Stage::Read => "read".into(),
            Stage::Chunk => "chunk".into(),
            Stage::Embed => "embed".into(),
            Stage::Upsert => "upsert".into(),
            Stage::QueryCold => "query_cold".into(),
            Stage::Query(concurrency) => format!("query_c{concurrency}").into(),
        }
    }
}

/// Milliseconds on CLOCK_MONOTONIC, the one clock all processes of a bench run share
/// (`std::time::Instant` reads the same clock but does not expose its absolute value).
pub fn monotonic_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_MONOTONIC is always available on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

/// Writes protocol events to stdout.
pub struct Emitter {
    out: std::io::Stdout,
}

impl Default for Emitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Emitter {
    pub fn new() -> Self {
        Self {
            out: std::io::stdout(),
        }
    }

    /// Emits `{"event": event, "t_ms": now, ...fields}`.
    pub fn emit(&self, event: &str, fields: Value) {
        let mut obj = Map::new();
        obj.insert("event".into(), event.into());
        obj.insert("t_ms".into(), monotonic_ms().into());
        if let Value::Object(extra) = fields {
            obj.extend(extra);
        }
        let mut line = Value::Object(obj).to_string();
        line.push('\n');
        let mut out = self.out.lock();
        // If stdout is gone (the harness died) there is nobody left to tell: ignore.
        let _ = out.write_all(line.as_bytes()).and_then(|_| out.flush());
    }

    pub fn start(&self, stage: Stage) {
        self.emit("start", json!({ "stage": stage.name() }));
    }

    /// `counts` is an object with the stage's counts (pipelines/README.md).
    pub fn end(&self, stage: Stage, busy_ms: f64, counts: Value) {
        let mut fields = json!({ "stage": stage.name(), "busy_ms": busy_ms });
        if let (Value::Object(f), Value::Object(c)) = (&mut fields, counts) {
            f.extend(c);
        }
        self.emit("end", fields);
    }

    pub fn error(&self, stage: Option<Stage>, message: &str) {
        self.emit(
            "error",
            json!({ "stage": stage.map(Stage::name), "message": message }),
        );
    }
}

/// Runs `f` as one whole stage: `start`, the work, `end` with its span as busy time.
/// The counts are computed from the result by `counts`.
pub fn run_stage<T>(
    emitter: &Emitter,
    stage: Stage,
    f: impl FnOnce() -> anyhow::Result<T>,
    counts: impl FnOnce(&T) -> Value,
) -> Result<T, Failure> {
    emitter.start(stage);
    let t0 = std::time::Instant::now();
    let value = f().map_err(|e| Failure::new(Some(stage), e))?;
    emitter.end(stage, t0.elapsed().as_secs_f64() * 1e3, counts(&value));
    Ok(value)
}

/// A failure on its way to becoming the `error` event.
#[derive(Debug)]
pub struct Failure {
    pub stage: Option<Stage>,
    pub error: anyhow::Error,
}

impl Failure {
    pub fn new(stage: Option<Stage>, error: anyhow::Error) -> Self {
        Self { stage, error }
    }

    /// The message for the `error` event: the error and its causes, outermost first.
    pub fn message(&self) -> String {
        format!("{:#}", self.error)
    }
}
