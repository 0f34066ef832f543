//! One collection: its shard and operation log behind one lock, which is where the locking
//! and durability rules live.
//!
//! Writes and flushes take the shard's lock exclusively (the engine's own `flush` asserts
//! that no write is in flight); reads share it. Every write is appended to the operation log
//! before it is applied and acknowledged, `wait=true` or not, as Qdrant appends to its WAL
//! (qdrant-edge 0.7.2 does not replay its own WAL on load); `flush` writes the segments and
//! empties the log; `load` replays the log over the loaded shard.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use parking_lot::{Mutex, RwLock};
use qdrant_edge::{EdgeShard, UpdateOperation};

use super::convert::edge_config;
use super::data_dir::{write_durably, CONFIG_FILE, OPLOG_FILE, SHARD_DIR};
use super::error::{internal, StoreError, StoreResult};
use super::oplog::OpLog;
use super::types::{CollectionConfig, UpdateResult, WriteCounts};

pub(super) struct Collection {
    pub(super) config: CollectionConfig,
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

impl Collection {
    /// Creates the collection's dir, an empty shard and log, and, last, its config file.
    pub(super) fn create(dir: &Path, config: CollectionConfig) -> StoreResult<Collection> {
        fs::create_dir(dir).map_err(internal("cannot create collection dir"))?;
        let shard_dir = dir.join(SHARD_DIR);
        fs::create_dir(&shard_dir).map_err(internal("cannot create shard dir"))?;
        let shard = EdgeShard::new(&shard_dir, edge_config(&config))?;
        shard.flush();
        let (oplog, _) = OpLog::open(&dir.join(OPLOG_FILE))
            .map_err(internal("cannot create the operation log"))?;
        // Written last: a collection dir without it is an interrupted create.
        let json = serde_json::to_vec_pretty(&config).map_err(internal("cannot encode config"))?;
        write_durably(&dir.join(CONFIG_FILE), &json)
            .map_err(internal("cannot write collection config"))?;
        Ok(Collection::with(config, shard, oplog))
    }

    /// Loads a committed collection and replays the writes its log holds.
    pub(super) fn load(dir: &Path) -> anyhow::Result<Collection> {
        let config: CollectionConfig = serde_json::from_slice(&fs::read(dir.join(CONFIG_FILE))?)?;
        let shard = EdgeShard::load(&dir.join(SHARD_DIR), Some(edge_config(&config)))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let oplog = replay_oplog(&dir.join(OPLOG_FILE), &shard)?;
        Ok(Collection::with(config, shard, oplog))
    }

    fn with(config: CollectionConfig, shard: EdgeShard, oplog: OpLog<UpdateOperation>) -> Self {
        Collection {
            config,
            shard: RwLock::new(Some(shard)),
            oplog: Mutex::new(oplog),
            next_operation_id: AtomicU64::new(0),
            unflushed: AtomicBool::new(false),
            waiting_writes: AtomicU64::new(0),
            non_waiting_writes: AtomicU64::new(0),
        }
    }

    /// Drops the shard (which flushes and closes it); later calls on old handles see NotFound.
    pub(super) fn close(&self) {
        drop(self.shard.write().take());
    }

    /// Runs `f` on the shard under the shared lock.
    pub(super) fn read<T>(
        &self,
        name: &str,
        f: impl FnOnce(&EdgeShard) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let guard = self.shard.read();
        let shard = guard
            .as_ref()
            .ok_or_else(|| StoreError::collection_not_found(name))?;
        f(shard)
    }

    /// Logs, applies and counts one write; `wait` only decides how it is acknowledged.
    pub(super) fn write(
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
        // real Qdrant appends to its WAL first too. No flush here (see `flush`).
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
            return Err(err.into());
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

    /// Writes the segments to disk, then empties the log that held their writes.
    pub(super) fn flush(&self) {
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

    pub(super) fn has_unflushed_writes(&self) -> bool {
        self.unflushed.load(Ordering::Acquire)
    }

    pub(super) fn write_counts(&self) -> WriteCounts {
        WriteCounts {
            waiting: self.waiting_writes.load(Ordering::Relaxed),
            non_waiting: self.non_waiting_writes.load(Ordering::Relaxed),
        }
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
