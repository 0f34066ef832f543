/**
 * The errors a command line reports to its user: one base class that carries the exit code,
 * so every CLI ends with `err instanceof CliError ? err.exitCode : 1` and never inspects a
 * class name or a message. Exit codes: 1 the work failed, 2 bad input (no verdict, nothing
 * measured), 130 interrupted.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad options or a bad bench config file (exit 2). */
export class ConfigError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A bad input file or argument given to the gate: a missing, empty or malformed summary (exit 2). */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Two runs the gate cannot compare (different workload, machine or store); every reason named (exit 2). */
export class IncomparableError extends CliError {
  constructor(readonly reasons: string[]) {
    super(`the runs cannot be compared:\n  - ${reasons.join('\n  - ')}`, 2);
  }
}

/** A bench run that cannot start at all: no store, no corpus, set-up failed (exit 1; bad corpus 2; interrupted 130). */
export class BenchError extends CliError {
  constructor(message: string, exitCode = 1) {
    super(message, exitCode);
  }
}

/** A failed set-up step: what went wrong and what the user can do about it (exit 1). */
export class SetupError extends CliError {
  constructor(
    readonly step: string,
    message: string,
    readonly hint: string,
    readonly outputTail: string[] = [],
  ) {
    super(`${step}: ${message}\n  what to do: ${hint}`, 1);
  }
}

/** The exit code for anything a CLI caught: its own when it is a CliError, else 1 (a bug: print the stack). */
export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}
