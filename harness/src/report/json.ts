/** summary.json: the RunSummary itself (types.ts is its schema). NaN, which JSON lacks, becomes null. */
import type { Renderer } from './types.js';

export const jsonRenderer: Renderer = {
  file: 'summary.json',
  render: ({ summary }) => JSON.stringify(summary, null, 1) + '\n',
};
