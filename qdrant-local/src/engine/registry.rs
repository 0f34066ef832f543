//! The collection registry: `Store` itself, which collections exist, creating and deleting
//! them, and loading every one when a data dir is opened.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::RwLock;
use qdrant_edge::CountRequest;

use super::blocking;
use super::collection::Collection;
use super::data_dir::{self, COLLECTIONS_DIR, CONFIG_FILE};
use super::error::{internal, StoreError, StoreResult};
use super::memory;
use super::types::{CollectionConfig, CollectionInfo, CollectionStatus, WriteCounts};
use super::validate;

/// The store: one qdrant-edge shard per collection under `<data>/collections/<name>/`.
pub struct Store {
    data_dir: PathBuf,
    pub(super) collections: RwLock<BTreeMap<String, Arc<Collection>>>,
}

impl Store {
    /// Opens (or initialises) a data dir and loads every collection in it.
    /// Fails with a clear message if the dir is not writable or holds something else.
    pub fn open(data_dir: &Path) -> anyhow::Result<Arc<Store>> {
        data_dir::prepare(data_dir)?;
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
        validate::collection_name(name)?;
        validate::collection_config(&config)?;
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
        let collection = Collection::create(&dir, config).inspect_err(|_| {
            let _ = fs::remove_dir_all(&dir);
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
        let deleted = self.remove_collection(name)?;
        if deleted {
            // The shard is dropped and the registry unlocked: give what it held back to the OS.
            memory::release_freed_memory();
        }
        Ok(deleted)
    }

    fn remove_collection(&self, name: &str) -> StoreResult<bool> {
        let mut collections = self.collections.write();
        let Some(collection) = collections.remove(name) else {
            return Ok(false);
        };
        collection.close();
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
                let points = shard.count(CountRequest {
                    filter: None,
                    exact: true,
                })?;
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

    /// The writes a collection acknowledged (since it was created or loaded), with and without wait.
    pub fn write_counts(&self, name: &str) -> StoreResult<WriteCounts> {
        Ok(self.collection(name)?.write_counts())
    }

    /// The collection `name`, or Qdrant's "doesn't exist" error.
    pub(super) fn collection(&self, name: &str) -> StoreResult<Arc<Collection>> {
        self.collections
            .read()
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::collection_not_found(name))
    }
}
