// Rule 4: point identity and payload, as LangChain writes them.
import { v5 as uuidv5 } from 'uuid';
import type { Chunk } from './chunking.js';

/** The RFC 4122 URL namespace. */
export const POINT_ID_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

export function pointId(source: string, chunkIndex: number): string {
  return uuidv5(`${source}#${chunkIndex}`, POINT_ID_NAMESPACE);
}

export function pointPayload(chunk: Chunk) {
  return { page_content: chunk.text, metadata: { source: chunk.source, chunk_index: chunk.index } };
}
