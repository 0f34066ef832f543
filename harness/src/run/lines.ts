/**
 * A pipeline's stdout as lines, with a bound: a line longer than `maxLineBytes` (say, a binary
 * dump or a progress bar without newlines) ends the stream with LineTooLongError instead of
 * growing the harness's memory without limit, as readline would.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export class LineTooLongError extends Error {}

export async function* boundedLines(input: Readable, maxLineBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += decoder.write(chunk as Buffer);
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
    }
    if (Buffer.byteLength(pending) > maxLineBytes) {
      throw new LineTooLongError(
        `protocol: a stdout line longer than ${maxLineBytes} bytes (starting ${JSON.stringify(pending.slice(0, 80))}); stdout carries JSON lines only (pipelines/README.md)`,
      );
    }
  }
  pending += decoder.end();
  if (pending) yield pending.replace(/\r$/, '');
}
