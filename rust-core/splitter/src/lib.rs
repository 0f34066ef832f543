//! LangChain's `RecursiveCharacterTextSplitter` (langchain_text_splitters 1.x) with the
//! contract's settings: literal separators, `keep_separator=True` (a separator starts the
//! piece that follows it), `strip_whitespace=True`, lengths in code points (Python `len`).

/// Splits text into chunks of at most `chunk_size` code points (where separators allow),
/// consecutive chunks sharing up to `chunk_overlap` code points.
#[derive(Debug, Clone)]
pub struct RecursiveCharacterTextSplitter {
    chunk_size: usize,
    chunk_overlap: usize,
    separators: Vec<String>,
}

impl RecursiveCharacterTextSplitter {
    pub fn new(chunk_size: usize, chunk_overlap: usize, separators: Vec<String>) -> Self {
        Self {
            chunk_size,
            chunk_overlap,
            separators,
        }
    }

    pub fn split_text(&self, text: &str) -> Vec<String> {
        self.split_recursive(text, &self.separators)
    }

    fn split_recursive(&self, text: &str, separators: &[String]) -> Vec<String> {
        // The first separator that occurs in the text wins; the empty separator (split into
        // characters) always does. If none occurs, the last one is used (it splits nothing).
        let mut separator = separators.last().map(String::as_str).unwrap_or("");
        let mut finer: &[String] = &[];
        for (i, candidate) in separators.iter().enumerate() {
            if candidate.is_empty() {
                separator = "";
                break;
            }
            if text.contains(candidate.as_str()) {
                separator = candidate.as_str();
                finer = &separators[i + 1..];
                break;
            }
        }

        let mut chunks = Vec::new();
        let mut small: Vec<&str> = Vec::new();
        for piece in split_keeping_separator(text, separator) {
            if code_points(piece) < self.chunk_size {
                small.push(piece);
                continue;
            }
            if !small.is_empty() {
                chunks.extend(self.merge(&small));
                small.clear();
            }
            if finer.is_empty() {
                // Too long and nothing finer to split on: kept as it is (LangChain does not
                // strip it either).
                chunks.push(piece.to_string());
            } else {
                chunks.extend(self.split_recursive(piece, finer));
            }
        }
        if !small.is_empty() {
            chunks.extend(self.merge(&small));
        }
        chunks
    }

    /// LangChain's `_merge_splits` with the empty joiner that `keep_separator=True` implies:
    /// pieces are concatenated into chunks up to `chunk_size`; when one is full, pieces are
    /// dropped from its front until at most `chunk_overlap` remain, and the rest carries over.
    fn merge(&self, pieces: &[&str]) -> Vec<String> {
        let mut chunks = Vec::new();
        // Pieces of the chunk being built: (start index into `pieces`), with its length total.
        let mut window_start = 0;
        let mut window_len = 0; // code points in pieces[window_start..i]
        let lengths: Vec<usize> = pieces.iter().map(|p| code_points(p)).collect();
        for (i, &len) in lengths.iter().enumerate() {
            if window_len + len > self.chunk_size && window_start < i {
                push_stripped(&mut chunks, &pieces[window_start..i]);
                while window_len > self.chunk_overlap
                    || (window_len + len > self.chunk_size && window_len > 0)
                {
                    window_len -= lengths[window_start];
                    window_start += 1;
                }
            }
            window_len += len;
        }
        push_stripped(&mut chunks, &pieces[window_start..]);
        chunks
    }
}

/// Joins the pieces, strips whitespace as Python's `str.strip()` does, keeps it if non-empty.
fn push_stripped(chunks: &mut Vec<String>, pieces: &[&str]) {
    let joined = pieces.concat();
    let stripped = python_strip(&joined);
    if !stripped.is_empty() {
        chunks.push(stripped.to_string());
    }
}

/// Python's `str.strip()` without arguments.
pub fn python_strip(s: &str) -> &str {
    s.trim_matches(is_python_whitespace)
}

/// Python's `str.isspace()`: Unicode White_Space plus the ASCII information separators
/// U+001C..U+001F, which Python also strips.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn code_points(s: &str) -> usize {
    s.chars().count()
}

/// Python's `re.split(f"({sep})", text)` regrouped so that each separator starts the piece
/// after it; empty pieces dropped. The empty separator splits into single characters.
fn split_keeping_separator<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    if separator.is_empty() {
        return text
            .char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect();
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(separator) {
        pieces.push(&text[start..at]);
        start = at;
    }
    pieces.push(&text[start..]);
    pieces.retain(|p| !p.is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter(size: usize, overlap: usize) -> RecursiveCharacterTextSplitter {
        let seps = ["\n\n", "\n", " ", ""].map(String::from).to_vec();
        RecursiveCharacterTextSplitter::new(size, overlap, seps)
    }

    #[test]
    fn separators_start_the_following_piece() {
        assert_eq!(
            split_keeping_separator("a\n\nb\n\nc", "\n\n"),
            ["a", "\n\nb", "\n\nc"]
        );
        assert_eq!(split_keeping_separator("\n\nb", "\n\n"), ["\n\nb"]);
        assert_eq!(split_keeping_separator("aé", ""), ["a", "é"]);
    }

    #[test]
    fn merges_words_with_overlap() {
        // Checked against langchain_text_splitters: RecursiveCharacterTextSplitter(
        //   chunk_size=10, chunk_overlap=4).split_text("one two three four five six")
        assert_eq!(
            splitter(10, 4).split_text("one two three four five six"),
            ["one two", "two three", "four five", "six"]
        );
    }

    #[test]
    fn long_words_fall_back_to_characters() {
        assert_eq!(splitter(3, 0).split_text("abcdefg"), ["abc", "def", "g"]);
    }

    #[test]
    fn python_strip_semantics() {
        assert!(is_python_whitespace('\u{1f}'));
        assert!(is_python_whitespace('\u{a0}'));
        assert!(!is_python_whitespace('\u{200b}'));
        assert!(!is_python_whitespace('\u{feff}'));
    }
}
