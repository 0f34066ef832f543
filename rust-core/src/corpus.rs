//! Reading the listed corpus files (pipelines/README.md rules 1 and 2).

use anyhow::{bail, Context, Result};
use std::path::Path;

/// One text file of the corpus, read and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Path relative to the corpus directory, with `/` separators.
    pub source: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: &'static str,
}

#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<SkippedFile>,
    /// Bytes of the documents as stored on disk.
    pub bytes: u64,
}

/// Reads `files` (relative to `dir`) in their order.
pub fn read_corpus(dir: &Path, files: &[String]) -> Result<Corpus> {
    if !dir.is_dir() {
        bail!("corpus: {} is not a directory", dir.display());
    }
    let mut corpus = Corpus::default();
    for source in files.iter().cloned() {
        let path = dir.join(&source);
        let bytes = std::fs::read(&path)
            .with_context(|| format!("corpus: cannot read {}", path.display()))?;
        if bytes.contains(&0) {
            eprintln!("rust-pipeline: skipping binary file {source}");
            corpus.skipped.push(SkippedFile {
                path: source,
                reason: "binary",
            });
            continue;
        }
        corpus.bytes += bytes.len() as u64;
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "corpus: {} is not valid UTF-8 (invalid byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        corpus.documents.push(Document {
            source,
            text: normalize_newlines(text),
        });
    }
    if corpus.documents.is_empty() {
        bail!("corpus {} has no readable text files", dir.display());
    }
    Ok(corpus)
}

/// `\r\n` and lone `\r` become `\n`, as Python's text mode reads them.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
    }

    #[test]
    fn reads_in_order_and_skips_binary() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "b\r\n").unwrap();
        std::fs::write(dir.path().join("sub/a.md"), "\u{feff}a").unwrap();
        std::fs::write(dir.path().join("bin.txt"), b"x\0y").unwrap();
        let files = ["b.txt", "bin.txt", "sub/a.md"].map(String::from);
        let corpus = read_corpus(dir.path(), &files).unwrap();
        let sources: Vec<_> = corpus.documents.iter().map(|d| d.source.as_str()).collect();
        assert_eq!(sources, ["b.txt", "sub/a.md"]);
        assert_eq!(corpus.documents[0].text, "b\n");
        assert_eq!(corpus.documents[1].text, "\u{feff}a");
        assert_eq!(
            corpus.skipped,
            [SkippedFile {
                path: "bin.txt".into(),
                reason: "binary"
            }]
        );
    }

    #[test]
    fn rejects_invalid_utf8_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.txt"), b"ok \xff").unwrap();
        let err = read_corpus(dir.path(), &["bad.txt".to_string()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.txt is not valid UTF-8"), "{err}");
    }
}
