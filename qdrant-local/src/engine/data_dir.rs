//! The data dir on disk: its layout, the marker that claims it, and durable file writes.
//!
//! ```text
//! <data>/.qdrant-local                 marker: this dir belongs to qdrant-local
//! <data>/collections/<name>/collection.json   our CollectionConfig (written last = commit point)
//! <data>/collections/<name>/shard/     the EdgeShard (WAL, segments, edge_config.json)
//! <data>/collections/<name>/oplog      writes not yet flushed into the segments (see oplog.rs)
//! ```

use std::fs;
use std::path::Path;

use anyhow::Context;

/// Marker file that identifies a qdrant-local data dir.
const MARKER_FILE: &str = ".qdrant-local";
const MARKER_CONTENT: &str = "{\"format\":1,\"engine\":\"qdrant-edge 0.7.2\"}\n";
pub(super) const COLLECTIONS_DIR: &str = "collections";
pub(super) const CONFIG_FILE: &str = "collection.json";
pub(super) const SHARD_DIR: &str = "shard";
pub(super) const OPLOG_FILE: &str = "oplog";

/// Creates the data dir (or checks an existing one) and claims it with the marker. Refuses a
/// file, a non-empty dir without the marker (someone else's data) and an unwritable path.
pub(super) fn prepare(dir: &Path) -> anyhow::Result<()> {
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
pub(super) fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
