//! Selecting and reading the corpus files (pipelines/README.md rules 1 and 2).

use crate::workload::FileSelection;
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

/// Reads the selected files of `dir` in contract order.
pub fn read_corpus(dir: &Path, selection: &FileSelection) -> Result<Corpus> {
    if !dir.is_dir() {
        bail!("corpus: {} is not a directory", dir.display());
    }
    let paths = match selection {
        FileSelection::Files(files) => files.clone(),
        FileSelection::Globs(globs) => list_matching(dir, globs)?,
    };
    let mut corpus = Corpus::default();
    for source in paths {
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

/// Relative paths under `dir` matching any glob, sorted by code point (= UTF-8 byte order).
/// Names starting with `.` are never matched, so hidden directories are not entered.
fn list_matching(dir: &Path, globs: &[String]) -> Result<Vec<String>> {
    let patterns: Vec<Vec<&str>> = globs.iter().map(|g| g.split('/').collect()).collect();
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((abs, rel)) = pending.pop() {
        let entries = std::fs::read_dir(&abs)
            .with_context(|| format!("corpus: cannot list {}", abs.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("corpus: cannot list {}", abs.display()))?;
            let Ok(name) = entry.file_name().into_string() else {
                bail!(
                    "corpus: {} has a file name that is not UTF-8",
                    entry.path().display()
                );
            };
            if name.starts_with('.') {
                continue;
            }
            let rel_path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            // `metadata` follows symbolic links, as Python's glob does.
            let meta = std::fs::metadata(entry.path())
                .with_context(|| format!("corpus: cannot read {}", entry.path().display()))?;
            if meta.is_dir() {
                pending.push((entry.path(), rel_path));
            } else if patterns.iter().any(|p| glob_match(p, &rel_path)) {
                found.push(rel_path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Matches `path` (segments separated by `/`) against a pattern already split into segments:
/// `**` matches zero or more whole segments, `*` any run within a segment, `?` one character.
fn glob_match(pattern: &[&str], path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    match_segments(pattern, &segments)
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => {
                match_segment(first, segment) && match_segments(rest, path_rest)
            }
            None => false,
        },
    }
}

/// Wildcard match within one segment; works on chars so that `?` is one code point.
fn match_segment(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let (mut star, mut star_n) = (None, 0);
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            star_n = n;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            star_n += 1;
            n = star_n;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        glob_match(&pattern.split('/').collect::<Vec<_>>(), path)
    }

    #[test]
    fn globs_follow_the_schema() {
        assert!(m("**/*.txt", "a.txt"));
        assert!(m("**/*.txt", "x/y/a.txt"));
        assert!(!m("**/*.txt", "a.txt.bak"));
        assert!(m("docs/*.md", "docs/a.md"));
        assert!(!m("docs/*.md", "docs/sub/a.md"));
        assert!(m("?.rst", "é.rst"));
        assert!(!m("?.rst", "ab.rst"));
        assert!(m("a/**/b.txt", "a/b.txt"));
        assert!(m("a/**/b.txt", "a/x/y/b.txt"));
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
    }

    #[test]
    fn reads_in_order_and_skips_binary() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "b\r\n").unwrap();
        std::fs::write(dir.path().join("sub/a.md"), "\u{feff}a").unwrap();
        std::fs::write(dir.path().join("bin.txt"), b"x\0y").unwrap();
        std::fs::write(dir.path().join(".hidden/h.txt"), "h").unwrap();
        std::fs::write(dir.path().join("c.json"), "{}").unwrap();
        let globs = vec!["**/*.txt".to_string(), "**/*.md".to_string()];
        let corpus = read_corpus(dir.path(), &FileSelection::Globs(globs)).unwrap();
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
        let err = read_corpus(dir.path(), &FileSelection::Files(vec!["bad.txt".into()]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.txt is not valid UTF-8"), "{err}");
    }
}
