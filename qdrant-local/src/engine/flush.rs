//! Background flushing: segments are written to disk every few seconds and at shutdown, not
//! per write (each write is already durable in its collection's operation log).

use super::registry::Store;

impl Store {
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
            .filter(|c| c.has_unflushed_writes())
            .cloned()
            .collect();
        for collection in pending {
            collection.flush();
        }
    }
}
