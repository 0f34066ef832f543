// The contract's tokenize job (pipelines/README.md, "The tokenize job"): the corpus grown to
// tokenize.target_bytes by repeating whole documents, tokenised with @huggingface/tokenizers as
// the embedding does it (SentenceTokenizer: truncation at max_seq_length, each batch padded to
// its longest), batched and one text at a time. The library is pure JavaScript and has no batch
// call, so a batch is its texts encoded in turn and padded into one matrix, as model.ts feeds
// ONNX Runtime.
import { readCorpus } from './corpus.js';
import { readSentenceTransformerConfig } from './model-files.js';
import { PipelineError, emit, nowMs, type TokenizeStageName } from './protocol.js';
import { SentenceTokenizer } from './tokenizer.js';
import { libraryVersions } from './versions.js';
import type { Workload } from './workload.js';

const utf8 = new TextEncoder();

/** Indices into `sizes`: whole documents in order, cycling, until their bytes reach `targetBytes` (all empty: none). */
export function grow(sizes: number[], targetBytes: number): number[] {
  const picked: number[] = [];
  if (!sizes.some((size) => size > 0)) return picked;
  let total = 0;
  for (let i = 0; total < targetBytes; i = (i + 1) % sizes.length) {
    picked.push(i);
    total += sizes[i];
  }
  return picked;
}

/** One batch as a batch call returns it: ids and attention mask, `rows` x the longest text. */
function padBatch(encoded: number[][]): { ids: Uint32Array; mask: Uint8Array } {
  const longest = Math.max(...encoded.map((ids) => ids.length));
  const ids = new Uint32Array(encoded.length * longest); // zeros = [PAD] (id 0)
  const mask = new Uint8Array(encoded.length * longest);
  encoded.forEach((row, r) => {
    ids.set(row, r * longest);
    mask.fill(1, r * longest, r * longest + row.length);
  });
  return { ids, mask };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i += 1) total += values[i];
  return total;
}

export function runTokenize(workload: Workload, pipelineId: string, enter: (stage: TokenizeStageName | 'read' | null) => void): void {
  emit('ready', {
    pipeline: pipelineId,
    runtime: { name: 'node', version: process.versions.node },
    libraries: libraryVersions(['@huggingface/tokenizers']),
    threads: workload.threads,
  });
  const timed = <T>(stage: TokenizeStageName | 'read', work: () => T, counts: (result: T) => Record<string, unknown>): T => {
    enter(stage);
    const started = nowMs();
    emit('start', { stage, t_ms: started });
    const result = work();
    const ended = nowMs();
    emit('end', { stage, t_ms: ended, busy_ms: ended - started, ...counts(result) });
    enter(null);
    return result;
  };

  const corpus = timed(
    'read',
    () => readCorpus(workload.corpus.dir, workload.corpus.files),
    (c) => ({ documents: c.documents.length, skipped_files: c.skipped, bytes: c.bytes }),
  );
  const distinct = corpus.documents.map((d) => d.text);
  const sizes = distinct.map((text) => utf8.encode(text).length);
  const grown = grow(sizes, workload.tokenize?.target_bytes ?? 0);
  const texts = grown.map((i) => distinct[i]);
  const size = { documents: texts.length, bytes: sum(grown.map((i) => sizes[i])) };
  const tokenizer = timed(
    'tokenizer_load',
    () => SentenceTokenizer.load(workload.model.dir, readSentenceTransformerConfig(workload.model.dir).maxSeqLength),
    () => ({}),
  );

  const batchSize = workload.embed_batch_size;
  const batched = timed(
    'tokenize_batched',
    () => {
      let tokens = 0;
      for (let start = 0; start < texts.length; start += batchSize) {
        const group = texts.slice(start, start + batchSize);
        tokens += sum(padBatch(group.map((text) => tokenizer.encode(text))).mask);
      }
      return tokens;
    },
    (tokens) => ({ ...size, tokens }),
  );
  const single = timed(
    'tokenize_single',
    () => {
      let tokens = 0;
      for (const text of texts) tokens += tokenizer.encode(text).length;
      return tokens;
    },
    (tokens) => ({ ...size, tokens }),
  );
  if (batched !== single) throw new PipelineError(null, `tokenize: the batched pass counted ${batched} tokens, one at a time ${single}`);
  const perDocument = distinct.map((text) => tokenizer.countUntruncated(text));
  emit('done', {
    ...size,
    tokens: batched,
    tokens_untruncated: sum(grown.map((i) => perDocument[i])),
    skipped_files: corpus.skipped,
  });
}
