"""Token ids and embeddings through the pipeline's own embedding path, against the test vectors."""

import numpy as np
import pytest

from conftest import load_json
from rag_baseline.embeddings import Sha256StubEmbeddings

TOKENS = load_json("tokens.json")
EMBEDDINGS = load_json("embeddings.json")
STUB = load_json("stub_embeddings.json")


def test_the_test_vectors_cover_texts_beyond_128_and_256_tokens():
    lengths = [len(s["ids"]) for s in TOKENS["sentences"]]
    assert any(128 < n < 256 for n in lengths) and max(lengths) == TOKENS["max_seq_length"] == 256


@pytest.mark.parametrize("row", TOKENS["sentences"], ids=lambda r: repr(r["text"][:24]))
def test_token_ids_equal_the_reference(hf_embeddings, row):
    model = hf_embeddings._client  # the SentenceTransformer behind HuggingFaceEmbeddings
    ids = model.preprocess([row["text"]])["input_ids"][0].tolist()
    assert ids == row["ids"]


def test_embedding_counts_the_non_padding_tokens_of_every_text(torch_model):
    texts = [row["text"] for row in TOKENS["sentences"]]
    expected = sum(len(row["ids"]) for row in TOKENS["sentences"])
    before = torch_model.tokens_seen()
    torch_model.embeddings.embed_documents(texts)  # batches of 32: padded to the longest text
    assert torch_model.tokens_seen() - before == expected


def test_embeddings_match_sentence_transformers(torch_model):
    hf_embeddings = torch_model.embeddings
    texts = [row["text"] for row in EMBEDDINGS["sentences"]]
    actual = np.asarray(hf_embeddings.embed_documents(texts))
    reference = np.asarray([row["embedding"] for row in EMBEDDINGS["sentences"]])
    assert actual.shape == reference.shape == (len(texts), torch_model.dimension)
    np.testing.assert_allclose(np.linalg.norm(actual, axis=1), 1.0, atol=1e-5)
    cosines = (actual * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() >= 0.999, dict(zip(texts, cosines.round(6), strict=True))


def test_stub_embeddings_equal_the_contract_examples():
    stub = Sha256StubEmbeddings()
    for row in STUB["texts"]:
        actual = np.asarray(stub.embed_documents([row["text"]])[0])
        assert actual.shape == (STUB["dim"],)
        np.testing.assert_allclose(actual, row["embedding"], rtol=0, atol=1e-7)
        assert stub.embed_query(row["text"]) == list(actual)


def test_stub_embeddings_differ_between_texts_and_are_normalised():
    a, b = Sha256StubEmbeddings().embed_documents(["a", "b"])
    assert a != b
    assert abs(np.linalg.norm(a) - 1.0) < 1e-6
