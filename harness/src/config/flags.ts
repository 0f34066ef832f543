/**
 * The flag parsers the `bench` and `soak` command lines share (commander, as every CLI here):
 * each bad value is an InvalidArgumentError naming its flag, and parseCommand turns commander's
 * errors into a ConfigError (exit 2), so both commands say the same words for the same mistake.
 */
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../errors.js';

/** A whole number >= min: "--iterations must be an integer >= 1, got "0"". */
export function integerFlag(flag: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
      throw new InvalidArgumentError(`${flag} must be an integer >= ${min}, got "${value}"`);
    }
    return Number(value);
  };
}

/** A number > 0; `what` names it in the message ("a number of seconds"). */
export function positiveFlag(flag: string, what = 'a number') {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be ${what} > 0, got "${value}"`);
    return n;
  };
}

/** --pipelines: comma-separated ids, at least one. */
export function idList(value: string): string[] {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new InvalidArgumentError('--pipelines needs at least one pipeline id (comma-separated)');
  return ids;
}

/** Parses argv (without node and script) into cmd; false after help or the version was printed; a bad flag is a ConfigError. */
export function parseCommand(cmd: Command, argv: string[]): boolean {
  try {
    cmd.parse(argv, { from: 'user' });
    return true;
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return false;
    // commander says only "too many arguments": name them (a flag's value given without its flag, a typo)
    if (err.code === 'commander.excessArguments')
      throw new ConfigError(`unexpected argument(s) ${cmd.args.map((a) => JSON.stringify(a)).join(' ')}: ${cmd.name()} takes options only`);
    throw new ConfigError(err.message.replace(/^error: /, ''));
  }
}
