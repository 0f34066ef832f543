//! A collection's operation log: every write is appended here before it is acknowledged, and
//! replayed after the shard is loaded.
//!
//! Why: qdrant-edge 0.7.2 writes each operation to its own WAL but does not replay that WAL
//! on load, so without this a write is only durable once the segments are flushed (fsync of
//! every segment). A real Qdrant acknowledges after appending to its WAL (a `write()`, no
//! fsync), flushes segments in the background and replays the WAL after a crash; this log
//! gives qdrant-local the same semantics and the same cost per write.
//!
//! Format: a sequence of records `[payload length: u32 LE][CRC-32C of payload: u32 LE]
//! [payload]`, the payload being the operation in CBOR (the encoding qdrant-edge's own WAL
//! uses for the same operation type, so every operation round-trips). A crash mid-append
//! leaves a short or mismatching last record: reading stops there and the tail is dropped.
//! After a successful segment flush the log is cleared, so it only holds unflushed writes.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

const HEADER_BYTES: usize = 8;

pub struct OpLog<T> {
    file: File,
    path: PathBuf,
    /// Bytes of complete records in the file.
    len: u64,
    _records: PhantomData<fn(T) -> T>,
}

/// What `OpLog::open` found in an existing log.
pub struct Recovered<T> {
    pub operations: Vec<T>,
    /// Bytes after the last complete record (a torn append), dropped from the file.
    pub torn_bytes: u64,
}

impl<T: Serialize + DeserializeOwned> OpLog<T> {
    /// Opens (or creates) the log at `path` and returns the operations it holds, in order.
    /// A torn or corrupt tail is cut off; a record whose checksum matches but which does not
    /// decode is an error (a format mismatch, not a crash: dropping it would lose data).
    pub fn open(path: &Path) -> io::Result<(OpLog<T>, Recovered<T>)> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let (operations, valid) = decode_records(&bytes, path)?;
        let torn_bytes = (bytes.len() - valid) as u64;
        if torn_bytes > 0 {
            file.set_len(valid as u64)?;
        }
        let log = OpLog {
            file,
            path: path.to_path_buf(),
            len: valid as u64,
            _records: PhantomData,
        };
        Ok((
            log,
            Recovered {
                operations,
                torn_bytes,
            },
        ))
    }

    /// Appends one operation with a single `write()` (no fsync, like Qdrant's WAL): it
    /// survives the process being killed; segment flushes make it survive a power loss.
    pub fn append(&mut self, operation: &T) -> io::Result<()> {
        let payload = serde_cbor::to_vec(operation).map_err(io::Error::other)?;
        let size = u32::try_from(payload.len()).map_err(|_| {
            io::Error::other(format!(
                "operation of {} bytes is too large to log",
                payload.len()
            ))
        })?;
        let mut record = Vec::with_capacity(HEADER_BYTES + payload.len());
        record.extend_from_slice(&size.to_le_bytes());
        record.extend_from_slice(&crc32c::crc32c(&payload).to_le_bytes());
        record.extend_from_slice(&payload);
        if let Err(err) = self.file.write_all(&record) {
            // Never leave half a record in front of the next one.
            let _ = self.file.set_len(self.len);
            return Err(err);
        }
        self.len += record.len() as u64;
        Ok(())
    }

    /// Drops the last record appended (an operation the engine then refused: never
    /// acknowledged, so it must not come back on replay).
    pub fn drop_last(&mut self, len_before: u64) -> io::Result<()> {
        self.file.set_len(len_before)?;
        self.len = len_before;
        Ok(())
    }

    /// Empties the log: call it once the segments holding every logged write are flushed.
    pub fn clear(&mut self) -> io::Result<()> {
        self.drop_last(0)
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Decodes complete, intact records; returns them and the byte length they span.
fn decode_records<T: DeserializeOwned>(bytes: &[u8], path: &Path) -> io::Result<(Vec<T>, usize)> {
    let mut operations = Vec::new();
    let mut offset = 0;
    while bytes.len() - offset >= HEADER_BYTES {
        let header = &bytes[offset..offset + HEADER_BYTES];
        let size = u32::from_le_bytes(header[..4].try_into().unwrap()) as usize;
        let checksum = u32::from_le_bytes(header[4..].try_into().unwrap());
        let start = offset + HEADER_BYTES;
        let Some(payload) = bytes.get(start..start + size) else {
            break;
        };
        if crc32c::crc32c(payload) != checksum {
            break;
        }
        let operation = serde_cbor::from_slice(payload).map_err(|err| {
            io::Error::other(format!(
                "operation log {} holds an intact record at byte {offset} that does not decode ({err}): written by another version?",
                path.display()
            ))
        })?;
        operations.push(operation);
        offset = start + size;
    }
    Ok((operations, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Log = OpLog<Vec<u32>>;

    fn log_with(records: &[Vec<u32>]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oplog");
        let (mut log, found) = Log::open(&path).unwrap();
        assert!(found.operations.is_empty());
        for record in records {
            log.append(record).unwrap();
        }
        (dir, path)
    }

    #[test]
    fn reopening_returns_every_record_in_order() {
        let (_dir, path) = log_with(&[vec![1], vec![2, 3], vec![]]);
        let (log, found) = Log::open(&path).unwrap();
        assert_eq!(found.operations, vec![vec![1], vec![2, 3], vec![]]);
        assert_eq!(
            (found.torn_bytes, log.len()),
            (0, std::fs::metadata(&path).unwrap().len())
        );
    }

    #[test]
    fn a_torn_final_record_is_ignored_and_cut_off() {
        let (_dir, path) = log_with(&[vec![1], vec![2, 3]]);
        let full = std::fs::read(&path).unwrap();
        // Every way a crash can cut the last append short, and a last record whose bytes
        // never reached the file (zeros after a length).
        let last_start =
            full.len() - (HEADER_BYTES + serde_cbor::to_vec(&vec![2u32, 3]).unwrap().len());
        let mut zeroed = full.clone();
        zeroed[last_start + HEADER_BYTES..].fill(0);
        let mut cases: Vec<Vec<u8>> = (last_start + 1..full.len())
            .map(|cut| full[..cut].to_vec())
            .collect();
        cases.push(zeroed);
        for bytes in cases {
            std::fs::write(&path, &bytes).unwrap();
            let (mut log, found) = Log::open(&path).unwrap();
            assert_eq!(found.operations, vec![vec![1]], "{} bytes", bytes.len());
            assert_eq!(found.torn_bytes, (bytes.len() - last_start) as u64);
            assert_eq!(std::fs::metadata(&path).unwrap().len(), last_start as u64);
            // Appends after a recovery follow the last good record.
            log.append(&vec![4]).unwrap();
            assert_eq!(
                Log::open(&path).unwrap().1.operations,
                vec![vec![1], vec![4]]
            );
        }
    }

    #[test]
    fn clear_and_drop_last_forget_records() {
        let (_dir, path) = log_with(&[vec![1]]);
        let (mut log, _) = Log::open(&path).unwrap();
        let before = log.len();
        log.append(&vec![2]).unwrap();
        log.drop_last(before).unwrap();
        assert_eq!(Log::open(&path).unwrap().1.operations, vec![vec![1]]);
        log.clear().unwrap();
        log.append(&vec![3]).unwrap();
        assert_eq!(Log::open(&path).unwrap().1.operations, vec![vec![3]]);
    }

    #[test]
    fn an_intact_record_that_does_not_decode_fails_the_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oplog");
        OpLog::<String>::open(&path)
            .unwrap()
            .0
            .append(&"text".to_string())
            .unwrap();
        let err = Log::open(&path)
            .err()
            .expect("a String record is not a Vec<u32>");
        assert!(err.to_string().contains("does not decode"), "{err}");
    }
}
