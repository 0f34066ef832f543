//! The store: one qdrant-edge shard per collection, behind engine-neutral types that the REST
//! and gRPC layers share. A map of the modules:
//!
//! - `registry`: `Store` itself; which collections exist, create / delete / info, opening a
//!   data dir and loading every collection in it.
//! - `collection`: one collection's shard and operation log behind one lock: the locking and
//!   durability rules (log, apply, acknowledge; flush; replay on load).
//! - `writes`, `reads`, `search`: the point operations (validated, then run on the shard).
//! - `flush`: background and shutdown flushing.
//! - `memory`: handing the memory a dropped collection freed back to the OS.
//! - `validate`: Qdrant-like messages for bad input, before it reaches the engine.
//! - `data_dir`: the layout on disk, the marker that claims a dir, durable file writes.
//! - `oplog`: the operation log's file format.
//! - `types`, `error`: the shared domain types and the one error type; `convert`: to and
//!   from qdrant-edge's types.
//!
//! Every engine call is blocking, so the async methods run it on tokio's blocking pool.

mod collection;
mod convert;
mod data_dir;
mod error;
mod flush;
mod memory;
mod oplog;
mod reads;
mod registry;
mod search;
pub mod types;
mod validate;
mod writes;

pub use error::{StoreError, StoreResult};
pub use registry::Store;
pub use types::*;

/// Runs blocking engine work off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Internal(format!("engine task failed: {e}")))?
}
