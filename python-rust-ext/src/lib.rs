//! `rag_rust_ext`: the part of the Python LangChain pipeline that is bound by the Python
//! interpreter and can move without replacing LangChain's loader, embeddings or store: text
//! splitting. The splitter is `rag-splitter`, the Rust pipelines' own (rag-core re-exports it),
//! so the chunks are theirs by construction (contract rule 3).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rag_splitter::RecursiveCharacterTextSplitter;

/// Splits each text on its own, as LangChain's `RecursiveCharacterTextSplitter` with
/// `keep_separator=True` and `strip_whitespace=True` does; returns one list of chunks per text.
/// The GIL is released while splitting.
#[pyfunction]
fn split_texts(
    py: Python<'_>,
    texts: Vec<String>,
    chunk_size: usize,
    chunk_overlap: usize,
    separators: Vec<String>,
) -> PyResult<Vec<Vec<String>>> {
    if chunk_size == 0 || chunk_overlap >= chunk_size {
        return Err(PyValueError::new_err(format!(
            "chunk_overlap ({chunk_overlap}) must be smaller than chunk_size ({chunk_size}), and chunk_size >= 1"
        )));
    }
    let splitter = RecursiveCharacterTextSplitter::new(chunk_size, chunk_overlap, separators);
    Ok(py.detach(|| texts.iter().map(|text| splitter.split_text(text)).collect()))
}

#[pymodule]
fn rag_rust_ext(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(split_texts, module)?)
}
