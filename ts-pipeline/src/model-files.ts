// The files of a sentence-transformers model directory and the settings read from them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError, describeError } from './protocol.js';

export function modelError(message: string, cause?: unknown): PipelineError {
  return new PipelineError('model_load', `model: ${message}`, { cause });
}

/** Path of a required file in the model directory; a clear error when it is absent. */
export function requireModelFile(dir: string, relative: string): string {
  const path = join(dir, relative);
  if (!existsSync(path)) throw modelError(`missing file ${path} (run the model set-up, or point model.dir at a sentence-transformers directory)`);
  return path;
}

export function readModelJson<T>(dir: string, relative: string): T {
  const path = requireModelFile(dir, relative);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw modelError(`cannot parse ${path}: ${describeError(error)}`, error);
  }
}

export interface SentenceTransformerConfig {
  /** Truncation length of sentence-transformers (sentence_bert_config.json), e.g. 256. */
  maxSeqLength: number;
  /** Output dimension (1_Pooling/config.json word_embedding_dimension). */
  dimension: number;
  /** Whether modules.json ends with a Normalize module (L2 normalisation). */
  normalize: boolean;
}

interface ModuleEntry {
  type: string;
  path: string;
}

/**
 * Reads how sentence-transformers runs this model: modules.json (Transformer, Pooling,
 * Normalize), the pooling config, and max_seq_length. Only mean pooling is supported.
 */
export function readSentenceTransformerConfig(dir: string): SentenceTransformerConfig {
  const modules = readModelJson<ModuleEntry[]>(dir, 'modules.json');
  const pooling = modules.find((m) => m.type.endsWith('.Pooling'));
  if (!pooling) throw modelError(`${join(dir, 'modules.json')} lists no Pooling module`);
  const poolingConfig = readModelJson<Record<string, unknown>>(dir, join(pooling.path, 'config.json'));
  const otherModes = Object.entries(poolingConfig).filter(
    ([key, value]) => key.startsWith('pooling_mode_') && key !== 'pooling_mode_mean_tokens' && value === true,
  );
  if (poolingConfig.pooling_mode_mean_tokens !== true || otherModes.length > 0) {
    throw modelError(`${join(dir, pooling.path, 'config.json')} asks for a pooling other than mean tokens; only mean pooling is supported`);
  }
  const dimension = poolingConfig.word_embedding_dimension;
  if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension < 1) {
    throw modelError(`${join(dir, pooling.path, 'config.json')} has no valid word_embedding_dimension`);
  }
  const { max_seq_length: maxSeqLength } = readModelJson<{ max_seq_length?: unknown }>(dir, 'sentence_bert_config.json');
  if (typeof maxSeqLength !== 'number' || !Number.isInteger(maxSeqLength) || maxSeqLength < 3) {
    throw modelError(`${join(dir, 'sentence_bert_config.json')} has no valid max_seq_length`);
  }
  const normalize = modules.some((m) => m.type.endsWith('.Normalize'));
  return { maxSeqLength, dimension, normalize };
}
