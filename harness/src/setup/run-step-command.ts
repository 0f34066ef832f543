import { execa } from 'execa';
import { SetupError } from '../errors.js';

export { SetupError };

export interface StepCommand {
  step: string;
  file: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Told to the user when the command fails. */
  hint: string;
  /** Receives each output line (stdout and stderr merged), e.g. to show progress. */
  onLine?: (line: string) => void;
}

const TAIL_LINES = 30;

/**
 * Runs one set-up command, streaming its output lines to `onLine` and keeping the last
 * lines so that a failure can show them along with the hint.
 */
export async function runStepCommand(cmd: StepCommand): Promise<void> {
  const tail: string[] = [];
  const subprocess = execa(cmd.file, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env,
    all: true,
    reject: false,
    stdin: 'ignore',
  });
  for await (const line of subprocess.iterable({ from: 'all' })) {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    cmd.onLine?.(line);
  }
  const result = await subprocess;
  if (result.failed) {
    const why = result.exitCode === undefined ? (result.shortMessage ?? 'could not start') : `exited with code ${result.exitCode}`;
    throw new SetupError(cmd.step, `\`${[cmd.file, ...cmd.args].join(' ')}\` ${why}\n${tail.map((l) => `    | ${l}`).join('\n')}`, cmd.hint, tail);
  }
}
