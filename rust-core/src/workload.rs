//! The workload file (pipelines/workload.schema.json): validated against the contract's own
//! schema, then read into typed settings with paths resolved.

use anyhow::{bail, Context, Result};
use jsonschema::error::ValidationErrorKind;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The contract's schema, embedded so that the binary validates exactly what the contract says.
const SCHEMA: &str = include_str!("../../pipelines/workload.schema.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Full,
    Stub,
}

/// What the workload asks for (`job`; `index` when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Job {
    #[default]
    Index,
    Tokenize,
    Query,
}

impl Job {
    /// The name the workload file spells.
    pub fn name(self) -> &'static str {
        match self {
            Job::Index => "index",
            Job::Tokenize => "tokenize",
            Job::Query => "query",
        }
    }
}

/// The query job's settings (`query`; pipelines/README.md, "The query job").
#[derive(Debug, Clone, Deserialize)]
pub struct QuerySettings {
    /// Each embedded alone and searched, in this order.
    pub texts: Vec<String>,
    /// Points returned per search.
    pub top_k: u64,
    /// The levels, in the order they run: c workers share one queue at level c.
    pub concurrency: Vec<usize>,
    /// How many times each level goes through `texts`.
    pub passes: usize,
}

#[derive(Debug, Clone)]
pub struct Chunking {
    pub chunk_size: usize,
    pub chunk_overlap: usize,
    pub separators: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct QdrantSettings {
    pub url: String,
    pub grpc_url: String,
    pub api_key: Option<String>,
    pub collection: String,
    /// Sent when the collection is created; `None`: not sent (Qdrant's default).
    pub shard_number: Option<u32>,
    /// Likewise.
    pub replication_factor: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Workload {
    pub corpus_dir: PathBuf,
    /// The files to read, relative to `corpus_dir`, in this order (contract rule 1).
    pub files: Vec<String>,
    pub chunking: Chunking,
    pub model_dir: PathBuf,
    pub embed_batch_size: usize,
    pub upsert_batch_size: usize,
    pub threads: usize,
    pub qdrant: QdrantSettings,
    pub mode: Mode,
    /// One `batch` event per forward pass of the embed stage (pipelines/README.md,
    /// "Per-batch events"); false when the file does not say.
    pub batch_events: bool,
    pub job: Job,
    /// Present when the file has it (required by the schema when `job` is `query`).
    pub query: Option<QuerySettings>,
}

// The raw shape, as serde reads it once the schema has accepted the document.
#[derive(Deserialize)]
struct RawWorkload {
    corpus: RawCorpus,
    chunking: RawChunking,
    model: RawModel,
    embed_batch_size: usize,
    upsert_batch_size: usize,
    threads: usize,
    qdrant: RawQdrant,
    mode: Mode,
    #[serde(default)]
    batch_events: bool,
    #[serde(default)]
    job: Job,
    query: Option<QuerySettings>,
}
#[derive(Deserialize)]
struct RawCorpus {
    dir: String,
    files: Vec<String>,
}
#[derive(Deserialize)]
struct RawChunking {
    chunk_size: usize,
    chunk_overlap: usize,
    separators: Vec<String>,
}
#[derive(Deserialize)]
struct RawModel {
    dir: String,
}
#[derive(Deserialize)]
struct RawQdrant {
    url: String,
    grpc_url: Option<String>,
    api_key: Option<String>,
    collection: String,
    shard_number: Option<u32>,
    replication_factor: Option<u32>,
}

/// Reads, validates and resolves the workload file. Relative directories are taken relative
/// to the workload file's own directory.
pub fn load(path: &Path) -> Result<Workload> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("workload: cannot read {}", path.display()))?;
    let doc: Value = serde_json::from_str(&text)
        .with_context(|| format!("workload: {} is not valid JSON", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&doc, base)
}

/// Validates a workload document and resolves its relative paths against `base`.
pub fn parse(doc: &Value, base: &Path) -> Result<Workload> {
    validate(doc)?;
    let raw: RawWorkload =
        serde_json::from_value(doc.clone()).context("workload: does not match the schema")?;
    if raw.chunking.chunk_overlap >= raw.chunking.chunk_size {
        bail!(
            "workload: chunking.chunk_overlap ({}) must be smaller than chunking.chunk_size ({})",
            raw.chunking.chunk_overlap,
            raw.chunking.chunk_size
        );
    }
    let grpc_url = match raw.qdrant.grpc_url {
        Some(url) => url,
        None => default_grpc_url(&raw.qdrant.url)?,
    };
    Ok(Workload {
        corpus_dir: base.join(raw.corpus.dir),
        files: raw.corpus.files,
        chunking: Chunking {
            chunk_size: raw.chunking.chunk_size,
            chunk_overlap: raw.chunking.chunk_overlap,
            separators: raw.chunking.separators,
        },
        model_dir: base.join(raw.model.dir),
        embed_batch_size: raw.embed_batch_size,
        upsert_batch_size: raw.upsert_batch_size,
        threads: raw.threads,
        qdrant: QdrantSettings {
            url: raw.qdrant.url,
            grpc_url,
            api_key: raw.qdrant.api_key,
            collection: raw.qdrant.collection,
            shard_number: raw.qdrant.shard_number,
            replication_factor: raw.qdrant.replication_factor,
        },
        mode: raw.mode,
        batch_events: raw.batch_events,
        job: raw.job,
        query: raw.query,
    })
}

/// Checks the document against the contract's schema; the first violation becomes an error
/// naming the field, e.g. `workload: chunking.chunk_size: 0 is less than the minimum of 1`.
fn validate(doc: &Value) -> Result<()> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the embedded schema is valid JSON");
    let validator = jsonschema::validator_for(&schema).expect("the embedded schema compiles");
    let Some(error) = validator.iter_errors(doc).next() else {
        return Ok(());
    };
    let at = field_name(error.instance_path().as_str());
    let message = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            format!("workload: {} is required", join_field(&at, property))
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let names: Vec<String> = unexpected.iter().map(|p| join_field(&at, p)).collect();
            format!("workload: unknown field {}", names.join(", "))
        }
        _ if at.is_empty() => format!("workload: {error}"),
        _ => format!("workload: {at}: {error}"),
    };
    bail!(message)
}

/// JSON pointer `/chunking/separators/0` -> `chunking.separators[0]`.
fn field_name(pointer: &str) -> String {
    let mut name = String::new();
    for segment in pointer.split('/').skip(1) {
        if segment.chars().all(|c| c.is_ascii_digit()) && !segment.is_empty() {
            name.push_str(&format!("[{segment}]"));
        } else {
            if !name.is_empty() {
                name.push('.');
            }
            name.push_str(&segment.replace("~1", "/").replace("~0", "~"));
        }
    }
    name
}

fn join_field(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

/// The contract's default gRPC URL: the REST URL with its port + 1 (6333 -> 6334).
fn default_grpc_url(rest_url: &str) -> Result<String> {
    let (scheme, rest) = rest_url
        .split_once("://")
        .context("workload: qdrant.url has no scheme")?;
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let (host, port) = match authority.rsplit_once(':') {
        // `[::1]` alone has colons but no port.
        Some((host, port)) if !port.contains(']') => {
            let port: u16 = port.parse().with_context(|| {
                format!("workload: qdrant.url {rest_url:?} has an invalid port")
            })?;
            (host, port)
        }
        _ => (authority, if scheme == "https" { 443 } else { 80 }),
    };
    let grpc_port = port.checked_add(1).with_context(|| {
        format!("workload: qdrant.url {rest_url:?}: port {port} has no port + 1 for gRPC")
    })?;
    Ok(format!("{scheme}://{host}:{grpc_port}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "corpus": {"dir": "corpus", "files": ["b.txt", "a.md"]},
            "chunking": {"chunk_size": 100, "chunk_overlap": 10, "separators": ["\n\n", "\n", " ", ""]},
            "model": {"dir": "/models/m"},
            "embed_batch_size": 32, "upsert_batch_size": 64, "threads": 2,
            "qdrant": {"url": "http://127.0.0.1:6333", "collection": "c"},
            "mode": "stub"
        })
    }

    fn error_of(doc: Value) -> String {
        format!("{:#}", parse(&doc, Path::new("/base")).unwrap_err())
    }

    #[test]
    fn accepts_a_valid_workload_and_resolves_defaults() {
        let w = parse(&valid(), Path::new("/base")).unwrap();
        assert_eq!(w.corpus_dir, PathBuf::from("/base/corpus"));
        assert_eq!(w.model_dir, PathBuf::from("/models/m"));
        assert_eq!(w.qdrant.grpc_url, "http://127.0.0.1:6334");
        assert_eq!(w.files, ["b.txt", "a.md"]);
        assert_eq!(w.mode, Mode::Stub);
        assert_eq!(w.job, Job::Index);
        assert!(w.query.is_none());
    }

    #[test]
    fn reads_the_query_settings() {
        let mut doc = valid();
        doc["job"] = json!("query");
        doc["query"] = json!({"texts": ["a", "b"], "top_k": 3, "concurrency": [1, 4], "passes": 2});
        let w = parse(&doc, Path::new("/base")).unwrap();
        assert_eq!(w.job, Job::Query);
        let q = w.query.unwrap();
        assert_eq!(
            (q.texts, q.top_k, q.concurrency, q.passes),
            (vec!["a".to_string(), "b".to_string()], 3, vec![1, 4], 2)
        );
    }

    #[test]
    fn the_query_job_needs_its_settings() {
        let mut doc = valid();
        doc["job"] = json!("query");
        assert_eq!(error_of(doc.clone()), "workload: query is required");
        doc["query"] = json!({"texts": [], "top_k": 3, "concurrency": [1], "passes": 1});
        assert!(
            error_of(doc.clone()).starts_with("workload: query.texts:"),
            "{}",
            error_of(doc.clone())
        );
        doc["query"] = json!({"texts": ["a"], "top_k": 3, "concurrency": [2, 2], "passes": 1});
        assert!(
            error_of(doc.clone()).starts_with("workload: query.concurrency:"),
            "{}",
            error_of(doc)
        );
    }

    #[test]
    fn names_the_bad_field() {
        let mut doc = valid();
        doc["chunking"]["chunk_size"] = json!(0);
        let msg = error_of(doc);
        assert!(msg.starts_with("workload: chunking.chunk_size:"), "{msg}");

        let mut doc = valid();
        doc["qdrant"].as_object_mut().unwrap().remove("collection");
        assert_eq!(error_of(doc), "workload: qdrant.collection is required");

        let mut doc = valid();
        doc["threads"] = json!("two");
        assert!(error_of(doc).starts_with("workload: threads:"));

        let mut doc = valid();
        doc["extra"] = json!(1);
        assert_eq!(error_of(doc), "workload: unknown field extra");
    }

    #[test]
    fn reads_the_collections_shard_and_replica_counts() {
        let w = parse(&valid(), Path::new("/base")).unwrap();
        assert_eq!(
            (w.qdrant.shard_number, w.qdrant.replication_factor),
            (None, None)
        );
        let mut doc = valid();
        doc["qdrant"]["shard_number"] = json!(3);
        doc["qdrant"]["replication_factor"] = json!(2);
        let w = parse(&doc, Path::new("/base")).unwrap();
        assert_eq!(
            (w.qdrant.shard_number, w.qdrant.replication_factor),
            (Some(3), Some(2))
        );
        doc["qdrant"]["replication_factor"] = json!(0);
        let msg = error_of(doc);
        assert!(
            msg.starts_with("workload: qdrant.replication_factor:"),
            "{msg}"
        );
    }

    #[test]
    fn overlap_must_be_smaller_than_size() {
        let mut doc = valid();
        doc["chunking"]["chunk_overlap"] = json!(100);
        assert!(error_of(doc).contains("chunking.chunk_overlap (100) must be smaller"));
    }
}
