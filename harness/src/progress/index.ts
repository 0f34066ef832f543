import type { IterationResult, Stage } from '../types.js';
import type { PlannedIteration } from '../run/plan.js';

/** What the run loop tells the progress display. */
export interface ProgressReporter {
  message(text: string): void;
  iterationStart(item: PlannedIteration, position: number, total: number): void;
  /** The stage now running, with `done/total` when the pipeline reports progress. */
  stage(stage: Stage | null, detail?: string): void;
  iterationEnd(result: IterationResult): void;
  close(): void;
}

/** A duration as people read it: `42s`, `21m36s`. */
export const formatDuration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/**
 * Progress on the terminal: on a TTY one live status line (pipeline, iteration, stage, elapsed,
 * estimated time left), redrawn every second; elsewhere (CI, pipes) plain lines as things happen.
 * The estimate is the mean duration of finished iterations times the ones left.
 */
export class TerminalProgress implements ProgressReporter {
  private readonly t0 = Date.now();
  private itemStart = 0;
  private current: { label: string; position: number; total: number } | null = null;
  private currentStage: string | null = null;
  private finished: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly live = !!out.isTTY && !process.env.CI,
  ) {
    if (this.live) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
    }
  }

  private eta(): string {
    if (!this.current || this.finished.length === 0) return '?';
    const mean = this.finished.reduce((a, b) => a + b, 0) / this.finished.length;
    const left = (this.current.total - this.current.position + 1) * mean - (Date.now() - this.itemStart);
    return formatDuration(Math.max(0, left));
  }

  private line(): string {
    if (!this.current) return '';
    const c = this.current;
    return `[${c.position}/${c.total}] ${c.label} ${this.currentStage ?? ''} | elapsed ${formatDuration(Date.now() - this.t0)} | left ~${this.eta()}`;
  }

  private draw(): void {
    if (this.live && this.current) this.out.write(`\r\x1b[2K${this.line()}`);
  }

  private print(text: string): void {
    if (this.live) this.out.write('\r\x1b[2K');
    this.out.write(text + '\n');
    this.draw();
  }

  message(text: string): void {
    this.print(text);
  }

  iterationStart(item: PlannedIteration, position: number, total: number): void {
    this.itemStart = Date.now();
    this.currentStage = null;
    this.current = { label: `${item.pipeline.name} #${item.index} (${item.kind})`, position, total };
    if (this.live) this.draw();
    else this.out.write(`${this.line()} started\n`);
  }

  stage(stage: Stage | null, detail?: string): void {
    this.currentStage = stage && detail ? `${stage} ${detail}` : stage;
    this.draw();
  }

  iterationEnd(r: IterationResult): void {
    this.finished.push(Date.now() - this.itemStart);
    const what = r.status === 'ok' ? `ok in ${(r.wallMs / 1000).toFixed(1)}s` : `FAILED: ${r.failure?.kind}: ${r.failure?.message}`;
    this.print(`  ${r.pipelineName} #${r.index} (${r.kind}): ${what}`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.out.write('\r\x1b[2K');
    this.current = null;
  }
}

/** No output (tests, library use). */
export const silentProgress: ProgressReporter = {
  message() {},
  iterationStart() {},
  stage() {},
  iterationEnd() {},
  close() {},
};
