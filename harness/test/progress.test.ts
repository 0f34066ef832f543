import { describe, expect, it } from 'vitest';
import { TerminalProgress } from '../src/progress/index.js';
import type { IterationResult } from '../src/types.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, s: { isTTY, write: (c: string) => chunks.push(c) > 0 } as unknown as NodeJS.WriteStream };
}

const item = { pipeline: { id: 'py', name: 'Python (LangChain)', command: ['x'] }, index: 1, kind: 'measured' as const };
const result = {
  pipelineName: 'Python (LangChain)',
  index: 1,
  kind: 'measured',
  status: 'failed',
  failure: { kind: 'crash', message: 'crashed (exit code 3)', exitCode: 3, signal: null },
  wallMs: 1200,
} as unknown as IterationResult;

describe('terminal progress', () => {
  it('writes plain lines when not on a TTY', () => {
    const { chunks, s } = stream(false);
    const p = new TerminalProgress(s, false);
    p.iterationStart(item, 2, 6);
    p.stage('embed', '64/300');
    p.iterationEnd(result);
    p.close();
    const text = chunks.join('');
    expect(text).toMatch(/^\[2\/6\] Python \(LangChain\) #1 \(measured\)/);
    expect(text).toContain('FAILED: crash: crashed (exit code 3)');
    expect(text).not.toContain('\r');
  });

  it('redraws one status line with the stage on a TTY', () => {
    const { chunks, s } = stream(true);
    const p = new TerminalProgress(s, true);
    p.iterationStart(item, 2, 6);
    p.stage('embed', '64/300');
    p.close();
    expect(chunks.some((c) => c.startsWith('\r\x1b[2K[2/6] Python (LangChain) #1 (measured) embed 64/300 | elapsed'))).toBe(true);
  });
});
