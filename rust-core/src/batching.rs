//! The order in which texts meet the model (pipelines/README.md rule 6), as LangChain +
//! sentence-transformers do it: within an upsert group, longest text first (in code points,
//! ties in their original order), `embed_batch_size` texts per forward pass, vectors put back
//! in the group's order.

/// Indices of `texts` sorted by code-point length, longest first; the sort is stable.
pub fn longest_first(texts: &[&str]) -> Vec<usize> {
    let lengths: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(lengths[i]));
    order
}

/// Embeds `texts` the sentence-transformers way with `embed` (one call per forward pass of at
/// most `batch_size` texts) and returns the vectors in the order of `texts`.
pub fn embed_in_length_order<E>(
    texts: &[&str],
    batch_size: usize,
    mut embed: impl FnMut(&[&str]) -> Result<Vec<Vec<f32>>, E>,
) -> Result<Vec<Vec<f32>>, E> {
    let order = longest_first(texts);
    let mut vectors: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
    for batch in order.chunks(batch_size) {
        let batch_texts: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
        let batch_vectors = embed(&batch_texts)?;
        for (&i, v) in batch.iter().zip(batch_vectors) {
            vectors[i] = v;
        }
    }
    Ok(vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_first_is_stable() {
        assert_eq!(
            longest_first(&["aa", "b", "ccc", "dd", "é"]),
            [2, 0, 3, 1, 4]
        );
    }

    #[test]
    fn batches_in_length_order_and_restores_order() {
        let texts = ["a", "bbb", "cc", "dddd"];
        let mut calls: Vec<Vec<String>> = Vec::new();
        // A test double for the model: the "vector" is the text's length.
        let vectors = embed_in_length_order(&texts, 3, |batch| {
            calls.push(batch.iter().map(|s| s.to_string()).collect());
            Ok::<_, ()>(batch.iter().map(|t| vec![t.len() as f32]).collect())
        })
        .unwrap();
        assert_eq!(calls, [vec!["dddd", "bbb", "cc"], vec!["a"]]);
        assert_eq!(vectors, [vec![1.0], vec![3.0], vec![2.0], vec![4.0]]);
    }
}
