//! The store: one qdrant-edge shard per collection under `<data>/collections/<name>/`.
//!
//! Layout of a data dir:
//! ```text
//! <data>/.qdrant-local                 marker: this dir belongs to qdrant-local
//! <data>/collections/<name>/collection.json   our CollectionConfig (written last = commit point)
//! <data>/collections/<name>/shard/     the EdgeShard (WAL, segments, edge_config.json)
//! <data>/collections/<name>/oplog      writes not yet flushed into the segments (see oplog.rs)
//! ```
//! Every engine call is blocking, so the async methods run it on tokio's blocking pool.
//! Per collection, writes and flushes take the shard's lock exclusively (the engine's own
//! `flush` asserts that no write is in flight); reads share it.
//!
//! Durability, as in Qdrant: every write (`wait=true` or not) is appended to the collection's
//! operation log before it is applied and acknowledged (qdrant-edge 0.7.2 does not replay its
//! own WAL on load); segments are flushed in the background by `flush_unflushed` (every few
//! seconds) and `flush_all` (at shutdown), after which the log is cleared; `load` replays the
//! log over the loaded shard (upserts and deletes by id or filter are idempotent).

mod convert;
mod oplog;
pub mod types;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::{Mutex, RwLock};
use qdrant_edge::{
    CountRequest, EdgeShard, NamedQuery, PointInsertOperations, PointOperations, QueryEnum,
    QueryRequest as EdgeQueryRequest, ScoringQuery, ScrollRequest as EdgeScrollRequest,
    UpdateOperation, VectorInternal, WithPayloadInterface, WithVector,
};

use convert::*;
use oplog::OpLog;
pub use types::*;

/// Marker file that identifies a qdrant-local data dir.
const MARKER_FILE: &str = ".qdrant-local";
const MARKER_CONTENT: &str = "{\"format\":1,\"engine\":\"qdrant-edge 0.7.2\"}\n";
const COLLECTIONS_DIR: &str = "collections";
const CONFIG_FILE: &str = "collection.json";
const SHARD_DIR: &str = "shard";
const OPLOG_FILE: &str = "oplog";
/// Largest vector dimension accepted (Qdrant's limit).
const MAX_VECTOR_SIZE: u64 = 65_536;

pub struct Store {
    data_dir: PathBuf,
    collections: RwLock<BTreeMap<String, Arc<Collection>>>,
}

struct Collection {
    config: CollectionConfig,
    /// `None` once the collection is deleted (handlers may still hold the Arc).
    shard: RwLock<Option<EdgeShard>>,
    /// Every write since the last flush; locked inside the shard's write lock.
    oplog: Mutex<OpLog<UpdateOperation>>,
    next_operation_id: AtomicU64,
    /// Writes applied since the last flush.
    unflushed: AtomicBool,
    /// Writes acknowledged since the collection was created or loaded, with `wait=true` and
    /// without: the harness fails a pipeline that made any without (contract rule 5).
    waiting_writes: AtomicU64,
    non_waiting_writes: AtomicU64,
}

impl Store {
    /// Opens (or initialises) a data dir and loads every collection in it.
    /// Fails with a clear message if the dir is not writable or holds something else.
    pub fn open(data_dir: &Path) -> anyhow::Result<Arc<Store>> {
        prepare_data_dir(data_dir)?;
        let data_dir = data_dir
            .canonicalize()
            .map_err(|e| anyhow::anyhow!("cannot resolve data dir {}: {e}", data_dir.display()))?;
        let collections_dir = data_dir.join(COLLECTIONS_DIR);
        let mut collections = BTreeMap::new();
        for entry in fs::read_dir(&collections_dir)? {
            let dir = entry?.path();
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if name.starts_with('.') || !dir.join(CONFIG_FILE).exists() {
                // Left over from an interrupted create or delete: never committed, or gone.
                log!(
                    "qdrant-local: removing incomplete collection dir {}",
                    dir.display()
                );
                fs::remove_dir_all(&dir)?;
                continue;
            }
            let collection = Collection::load(&dir).map_err(|e| {
                anyhow::anyhow!(
                    "cannot load collection `{name}` from {}: {e}",
                    dir.display()
                )
            })?;
            collections.insert(name, Arc::new(collection));
        }
        Ok(Arc::new(Store {
            data_dir,
            collections: RwLock::new(collections),
        }))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn list_collections(&self) -> Vec<String> {
        self.collections.read().keys().cloned().collect()
    }

    pub fn collection_exists(&self, name: &str) -> bool {
        self.collections.read().contains_key(name)
    }

    pub async fn create_collection(
        self: &Arc<Self>,
        name: &str,
        config: CollectionConfig,
    ) -> StoreResult<()> {
        validate_collection_name(name)?;
        validate_config(&config)?;
        let store = self.clone();
        let name = name.to_string();
        blocking(move || store.create_collection_blocking(&name, config)).await
    }

    fn create_collection_blocking(&self, name: &str, config: CollectionConfig) -> StoreResult<()> {
        let mut collections = self.collections.write();
        if collections.contains_key(name) {
            return Err(StoreError::AlreadyExists(format!(
                "Collection `{name}` already exists!"
            )));
        }
        let dir = self.data_dir.join(COLLECTIONS_DIR).join(name);
        let collection = Collection::create(&dir, config).map_err(|e| {
            let _ = fs::remove_dir_all(&dir);
            e
        })?;
        collections.insert(name.to_string(), Arc::new(collection));
        Ok(())
    }

    /// Returns false if there was no such collection (Qdrant answers `true`/`false`, not 404).
    pub async fn delete_collection(self: &Arc<Self>, name: &str) -> StoreResult<bool> {
        let store = self.clone();
        let name = name.to_string();
        blocking(move || store.delete_collection_blocking(&name)).await
    }

    fn delete_collection_blocking(&self, name: &str) -> StoreResult<bool> {
        let mut collections = self.collections.write();
        let Some(collection) = collections.remove(name) else {
            return Ok(false);
        };
        // Dropping the shard flushes and closes it; later calls on old handles see NotFound.
        drop(collection.shard.write().take());
        let dir = self.data_dir.join(COLLECTIONS_DIR).join(name);
        // Rename first so a crash mid-removal leaves a dir that `open` cleans up.
        let trash = self
            .data_dir
            .join(COLLECTIONS_DIR)
            .join(format!(".deleted-{}", uuid::Uuid::new_v4()));
        fs::rename(&dir, &trash).map_err(internal("cannot remove collection dir"))?;
        fs::remove_dir_all(&trash).map_err(internal("cannot remove collection dir"))?;
        Ok(true)
    }

    pub async fn collection_info(self: &Arc<Self>, name: &str) -> StoreResult<CollectionInfo> {
        let collection = self.collection(name)?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let info = shard.info();
                let points = shard
                    .count(CountRequest {
                        filter: None,
                        exact: true,
                    })
                    .map_err(operation_error)?;
                Ok(CollectionInfo {
                    status: CollectionStatus::Green,
                    optimizer_error: None,
                    points_count: points as u64,
                    indexed_vectors_count: info.indexed_vectors_count as u64,
                    segments_count: info.segments_count as u64,
                    config: collection.config.clone(),
                })
            })
        })
        .await
    }

    pub async fn upsert(
        self: &Arc<Self>,
        name: &str,
        points: Vec<PointInput>,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let collection = self.collection(name)?;
        for point in &points {
            validate_point(&collection.config, point)?;
        }
        let points = points.into_iter().map(edge_point).collect();
        let operation = UpdateOperation::PointOperation(PointOperations::UpsertPoints(
            PointInsertOperations::PointsList(points),
        ));
        let name = name.to_string();
        blocking(move || collection.write(&name, operation, wait)).await
    }

    pub async fn delete_points(
        self: &Arc<Self>,
        name: &str,
        ids: Vec<PointId>,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let collection = self.collection(name)?;
        let operation = UpdateOperation::PointOperation(PointOperations::DeletePoints {
            ids: ids.iter().map(edge_id).collect(),
        });
        let name = name.to_string();
        blocking(move || collection.write(&name, operation, wait)).await
    }

    pub async fn delete_points_by_filter(
        self: &Arc<Self>,
        name: &str,
        filter: Filter,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let collection = self.collection(name)?;
        let operation = UpdateOperation::PointOperation(PointOperations::DeletePointsByFilter(
            edge_filter(&filter)?,
        ));
        let name = name.to_string();
        blocking(move || collection.write(&name, operation, wait)).await
    }

    pub async fn query(
        self: &Arc<Self>,
        name: &str,
        request: QueryRequest,
    ) -> StoreResult<Vec<ScoredPoint>> {
        let collection = self.collection(name)?;
        let vector_name = request.using.clone().unwrap_or_default();
        let params = collection.config.vectors.get(&vector_name).ok_or_else(|| {
            StoreError::BadRequest(format!("Not existing vector name error: {vector_name}"))
        })?;
        if let QueryInput::Vector(v) = &request.query {
            validate_vector(&vector_name, params.size, v)?;
        }
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                query_shard(shard, &collection.config, &vector_name, request)
            })
        })
        .await
    }

    pub async fn count(
        self: &Arc<Self>,
        name: &str,
        filter: Option<Filter>,
        exact: bool,
    ) -> StoreResult<CountResult> {
        let collection = self.collection(name)?;
        let filter = filter.as_ref().map(edge_filter).transpose()?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let count = shard
                    .count(CountRequest { filter, exact })
                    .map_err(operation_error)?;
                Ok(CountResult {
                    count: count as u64,
                })
            })
        })
        .await
    }

    pub async fn scroll(
        self: &Arc<Self>,
        name: &str,
        request: ScrollRequest,
    ) -> StoreResult<ScrollPage> {
        if request.limit == 0 {
            return Err(StoreError::BadRequest(
                "limit: value 0 invalid, must be 1 or larger".into(),
            ));
        }
        let collection = self.collection(name)?;
        let filter = request.filter.as_ref().map(edge_filter).transpose()?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let (records, next) = shard
                    .scroll(EdgeScrollRequest {
                        offset: request.offset.as_ref().map(edge_id),
                        limit: Some(request.limit),
                        filter,
                        with_payload: Some(WithPayloadInterface::Bool(request.with_payload)),
                        with_vector: WithVector::Bool(request.with_vector),
                        order_by: None,
                    })
                    .map_err(operation_error)?;
                Ok(ScrollPage {
                    points: records
                        .into_iter()
                        .map(|r| domain_record(r, &collection.config))
                        .collect(),
                    next_page_offset: next.as_ref().map(domain_id),
                })
            })
        })
        .await
    }

    /// Points with these ids, in the order asked; missing ids are skipped.
    pub async fn retrieve(
        self: &Arc<Self>,
        name: &str,
        ids: Vec<PointId>,
        with_payload: bool,
        with_vector: bool,
    ) -> StoreResult<Vec<Record>> {
        let collection = self.collection(name)?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let ids: Vec<_> = ids.iter().map(edge_id).collect();
                let records = shard
                    .retrieve(
                        &ids,
                        Some(WithPayloadInterface::Bool(with_payload)),
                        Some(WithVector::Bool(with_vector)),
                    )
                    .map_err(operation_error)?;
                Ok(records
                    .into_iter()
                    .map(|r| domain_record(r, &collection.config))
                    .collect())
            })
        })
        .await
    }

    /// The writes a collection acknowledged (since it was created or loaded), with and without wait.
    pub fn write_counts(&self, name: &str) -> StoreResult<WriteCounts> {
        let collection = self.collection(name)?;
        Ok(WriteCounts {
            waiting: collection.waiting_writes.load(Ordering::Relaxed),
            non_waiting: collection.non_waiting_writes.load(Ordering::Relaxed),
        })
    }

    /// Flushes every shard to disk (used at shutdown).
    pub fn flush_all(&self) {
        for collection in self.collections.read().values() {
            collection.flush();
        }
    }

    /// Flushes the shards that took writes since their last flush (and clears their logs);
    /// the server calls it periodically, like Qdrant's `flush_interval_sec`.
    pub fn flush_unflushed(&self) {
        let pending: Vec<_> = self
            .collections
            .read()
            .values()
            .filter(|c| c.unflushed.load(Ordering::Acquire))
            .cloned()
            .collect();
        for collection in pending {
            collection.flush();
        }
    }

    fn collection(&self, name: &str) -> StoreResult<Arc<Collection>> {
        self.collections
            .read()
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::collection_not_found(name))
    }
}

impl Collection {
    fn create(dir: &Path, config: CollectionConfig) -> StoreResult<Collection> {
        fs::create_dir(dir).map_err(internal("cannot create collection dir"))?;
        let shard_dir = dir.join(SHARD_DIR);
        fs::create_dir(&shard_dir).map_err(internal("cannot create shard dir"))?;
        let shard = EdgeShard::new(&shard_dir, edge_config(&config)).map_err(operation_error)?;
        shard.flush();
        let (oplog, _) = OpLog::open(&dir.join(OPLOG_FILE))
            .map_err(internal("cannot create the operation log"))?;
        // Written last: a collection dir without it is an interrupted create.
        let json = serde_json::to_vec_pretty(&config).map_err(internal("cannot encode config"))?;
        write_durably(&dir.join(CONFIG_FILE), &json)
            .map_err(internal("cannot write collection config"))?;
        Ok(Collection {
            config,
            shard: RwLock::new(Some(shard)),
            oplog: Mutex::new(oplog),
            next_operation_id: AtomicU64::new(0),
            unflushed: AtomicBool::new(false),
            waiting_writes: AtomicU64::new(0),
            non_waiting_writes: AtomicU64::new(0),
        })
    }

    fn load(dir: &Path) -> anyhow::Result<Collection> {
        let config: CollectionConfig = serde_json::from_slice(&fs::read(dir.join(CONFIG_FILE))?)?;
        let shard = EdgeShard::load(&dir.join(SHARD_DIR), Some(edge_config(&config)))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let oplog = replay_oplog(&dir.join(OPLOG_FILE), &shard)?;
        Ok(Collection {
            config,
            shard: RwLock::new(Some(shard)),
            oplog: Mutex::new(oplog),
            next_operation_id: AtomicU64::new(0),
            unflushed: AtomicBool::new(false),
            waiting_writes: AtomicU64::new(0),
            non_waiting_writes: AtomicU64::new(0),
        })
    }

    fn flush(&self) {
        if let Some(shard) = self.shard.write().as_ref() {
            shard.flush();
            // Everything logged is in the flushed segments now.
            let mut oplog = self.oplog.lock();
            if let Err(err) = oplog.clear() {
                log!(
                    "qdrant-local: cannot clear {}: {err} (it is replayed again at the next start)",
                    oplog.path().display()
                );
            }
            self.unflushed.store(false, Ordering::Release);
        }
    }

    fn read<T>(&self, name: &str, f: impl FnOnce(&EdgeShard) -> StoreResult<T>) -> StoreResult<T> {
        let guard = self.shard.read();
        let shard = guard
            .as_ref()
            .ok_or_else(|| StoreError::collection_not_found(name))?;
        f(shard)
    }

    fn write(
        &self,
        name: &str,
        operation: UpdateOperation,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let guard = self.shard.write();
        let shard = guard
            .as_ref()
            .ok_or_else(|| StoreError::collection_not_found(name))?;
        // Logged before it is applied and acknowledged, whether or not the client waits: a
        // real Qdrant appends to its WAL first too. No flush here (see `flush_unflushed`).
        let mut oplog = self.oplog.lock();
        let len_before = oplog.len();
        oplog
            .append(&operation)
            .map_err(internal("cannot append to the operation log"))?;
        if let Err(err) = shard.update(operation) {
            // Refused, so never acknowledged: it must not come back on replay.
            if let Err(e) = oplog.drop_last(len_before) {
                log!(
                    "qdrant-local: cannot drop a refused operation from {}: {e}",
                    oplog.path().display()
                );
            }
            return Err(operation_error(err));
        }
        self.unflushed.store(true, Ordering::Release);
        let counter = if wait {
            &self.waiting_writes
        } else {
            &self.non_waiting_writes
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(UpdateResult {
            operation_id: self.next_operation_id.fetch_add(1, Ordering::Relaxed),
            completed: wait,
        })
    }
}

/// Applies the writes logged since the last flush (those a crash kept out of the segments),
/// then flushes them into the segments and empties the log.
fn replay_oplog(path: &Path, shard: &EdgeShard) -> anyhow::Result<OpLog<UpdateOperation>> {
    let (mut oplog, recovered) = OpLog::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read the operation log {}: {e}", path.display()))?;
    if recovered.torn_bytes > 0 {
        log!(
            "qdrant-local: {}: ignored a torn last record ({} bytes; a write cut short, never acknowledged)",
            path.display(),
            recovered.torn_bytes
        );
    }
    if recovered.operations.is_empty() {
        return Ok(oplog);
    }
    let count = recovered.operations.len();
    for operation in recovered.operations {
        // Each was applied once and acknowledged, so it applies again.
        shard
            .update(operation)
            .map_err(|e| anyhow::anyhow!("cannot replay a logged write: {e}"))?;
    }
    shard.flush();
    oplog.clear()?;
    log!(
        "qdrant-local: {}: replayed {count} logged writes",
        path.display()
    );
    Ok(oplog)
}

fn query_shard(
    shard: &EdgeShard,
    config: &CollectionConfig,
    vector_name: &str,
    request: QueryRequest,
) -> StoreResult<Vec<ScoredPoint>> {
    let offset = request.offset;
    let mut filter = request.filter;
    let vector = match request.query {
        QueryInput::Vector(v) => v,
        QueryInput::Point(id) => {
            let records = shard
                .retrieve(
                    &[edge_id(&id)],
                    Some(WithPayloadInterface::Bool(false)),
                    Some(WithVector::Selector(vec![vector_name.to_string()])),
                )
                .map_err(operation_error)?;
            let record = records
                .into_iter()
                .next()
                .ok_or_else(|| StoreError::NotFound(format!("No point with id {id} found")))?;
            let vector = record
                .vector
                .map(|v| {
                    domain_vectors(
                        v,
                        &CollectionConfig {
                            vectors: VectorsConfig::Named(BTreeMap::new()),
                        },
                    )
                })
                .and_then(|v| match v {
                    Vectors::Named(mut map) => map.remove(vector_name),
                    Vectors::Single(v) => Some(v),
                })
                .ok_or_else(|| {
                    StoreError::BadRequest(format!("Point {id} has no vector `{vector_name}`"))
                })?;
            // Like Qdrant, the point used as the query is not part of its own result.
            let mut f = filter.take().unwrap_or_default();
            let exclude = Condition::HasId(HasIdCondition { has_id: vec![id] });
            f.must_not.get_or_insert_with(Vec::new).push(exclude);
            filter = Some(f);
            vector
        }
    };
    let filter = filter.as_ref().map(edge_filter).transpose()?;
    let using = (!vector_name.is_empty()).then(|| vector_name.to_string());
    let points = shard
        .query(EdgeQueryRequest {
            prefetches: vec![],
            query: Some(ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery {
                query: VectorInternal::Dense(vector),
                using,
            }))),
            filter,
            score_threshold: request
                .score_threshold
                .map(qdrant_edge::external::ordered_float::OrderedFloat),
            limit: request.limit,
            offset: request.offset,
            params: None,
            with_vector: WithVector::Bool(request.with_vector),
            with_payload: WithPayloadInterface::Bool(request.with_payload),
        })
        .map_err(operation_error)?;
    // Like a Qdrant shard, the edge shard returns the best `offset + limit` hits and leaves
    // skipping the first `offset` to its caller.
    Ok(points
        .into_iter()
        .skip(offset)
        .map(|p| ScoredPoint {
            id: domain_id(&p.id),
            version: p.version,
            score: p.score,
            payload: domain_payload(p.payload),
            vectors: p.vector.map(|v| domain_vectors(v, config)),
        })
        .collect())
}

fn domain_record(record: qdrant_edge::Record, config: &CollectionConfig) -> Record {
    Record {
        id: domain_id(&record.id),
        payload: domain_payload(record.payload),
        vectors: record.vector.map(|v| domain_vectors(v, config)),
    }
}

// ---------------------------------------------------------------------------------------------
// Validation: reject bad input with Qdrant-like messages before it reaches the engine.

fn validate_collection_name(name: &str) -> StoreResult<()> {
    let problem = if name.is_empty() {
        Some("collection name must not be empty".to_string())
    } else if name.len() > 255 {
        Some("collection name must be at most 255 bytes long".to_string())
    } else if name.starts_with('.') {
        Some("collection name must not start with \".\"".to_string())
    } else {
        name.chars()
            .find(|c| {
                matches!(
                    c,
                    '/' | '\\' | '\0' | ':' | '*' | '?' | '"' | '<' | '>' | '|'
                )
            })
            .map(|c| format!("collection name cannot contain {c:?} char"))
    };
    match problem {
        Some(p) => Err(StoreError::BadRequest(format!(
            "Validation error in path parameters: [name: {p}]"
        ))),
        None => Ok(()),
    }
}

fn validate_config(config: &CollectionConfig) -> StoreResult<()> {
    if let VectorsConfig::Named(map) = &config.vectors {
        if map.is_empty() {
            return Err(StoreError::BadRequest(
                "vectors: at least one vector must be configured".into(),
            ));
        }
    }
    for (name, params) in config.vectors.iter() {
        if params.size == 0 || params.size > MAX_VECTOR_SIZE {
            let field = if name.is_empty() {
                "vectors.size".to_string()
            } else {
                format!("vectors.{name}.size")
            };
            return Err(StoreError::BadRequest(format!(
                "Validation error in JSON body: [{field}: value {} invalid, must be from 1 to {MAX_VECTOR_SIZE}]",
                params.size
            )));
        }
    }
    Ok(())
}

fn validate_point(config: &CollectionConfig, point: &PointInput) -> StoreResult<()> {
    let check = |name: &str, v: &Vec<f32>| -> StoreResult<()> {
        let params = config.vectors.get(name).ok_or_else(|| {
            StoreError::BadRequest(format!("Not existing vector name error: {name}"))
        })?;
        validate_vector(name, params.size, v)
    };
    match &point.vectors {
        Vectors::Single(v) => check("", v),
        Vectors::Named(map) => map.iter().try_for_each(|(name, v)| check(name, v)),
    }
}

fn validate_vector(name: &str, size: u64, vector: &[f32]) -> StoreResult<()> {
    if vector.len() as u64 != size {
        return Err(StoreError::BadRequest(format!(
            "Vector dimension error: expected dim: {size}, got {}",
            vector.len()
        )));
    }
    if vector.iter().any(|x| !x.is_finite()) {
        let label = if name.is_empty() {
            "vector".to_string()
        } else {
            format!("vector `{name}`")
        };
        return Err(StoreError::BadRequest(format!(
            "{label} contains NaN or infinite values"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Data dir handling.

fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!("data dir {} exists but is not a directory", dir.display());
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create data dir {}", dir.display()))?;
    let marker = dir.join(MARKER_FILE);
    if !marker.exists() {
        let foreign: Vec<String> = fs::read_dir(dir)
            .with_context(|| format!("cannot read data dir {}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .take(3)
            .collect();
        if !foreign.is_empty() {
            anyhow::bail!(
                "data dir {} is not empty and is not a qdrant-local data dir (no {MARKER_FILE} marker; it holds e.g. {}). Use an empty or new directory",
                dir.display(),
                foreign.join(", ")
            );
        }
    }
    // Writing the marker doubles as the writability check.
    write_durably(&marker, MARKER_CONTENT.as_bytes())
        .with_context(|| format!("data dir {} is not writable", dir.display()))?;
    fs::create_dir_all(dir.join(COLLECTIONS_DIR))
        .with_context(|| format!("data dir {} is not writable", dir.display()))?;
    Ok(())
}

/// Writes via a temp file + rename + fsync, so a crash never leaves a half-written file.
fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut file = fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, path)?;
    if let Some(parent) = path.parent() {
        fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}

fn internal<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Internal(format!("{what}: {e}"))
}

/// Runs blocking engine work off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Internal(format!("engine task failed: {e}")))?
}
