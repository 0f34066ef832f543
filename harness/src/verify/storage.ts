/**
 * Contract rule 7 asks for float32 throughout, stored vectors included: a collection created
 * with float16 or uint8 vectors, or with quantization, holds less precise vectors that can
 * still pass the cosine check. qdrant-local refuses such collections; an external Qdrant
 * accepts them, so the proof reads each kept collection's configuration.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';

interface VectorParams {
  datatype?: string | null;
  quantization_config?: unknown;
}

/** What is not float32 about the collection's vector storage, or null when it is all float32. */
export async function storageProblem(client: QdrantClient, collection: string): Promise<string | null> {
  const info = (await client.getCollection(collection)) as { config?: { params?: { vectors?: unknown }; quantization_config?: unknown } };
  const vectors = info.config?.params?.vectors;
  if (!vectors || typeof vectors !== 'object') return null; // a store that does not describe it: nothing to hold against the pipeline
  const params: Array<[string, VectorParams]> = 'size' in vectors ? [['', vectors as VectorParams]] : Object.entries(vectors as Record<string, VectorParams>);
  const problems: string[] = [];
  for (const [name, p] of params) {
    const label = name ? `vector "${name}"` : 'its vectors';
    if (p.datatype && p.datatype !== 'float32') problems.push(`${label} stored as ${p.datatype}`);
    if (p.quantization_config) problems.push(`${label} quantized`);
  }
  if (info.config?.quantization_config) problems.push('the collection quantized');
  return problems.length ? `${problems.join(', ')}; contract rule 7 asks for float32 throughout` : null;
}
