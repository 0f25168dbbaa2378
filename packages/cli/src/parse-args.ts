import { usageError } from './cli-errors.ts';

/**
 * Runs `util.parseArgs` and turns its errors (unknown option, missing value,
 * unexpected positional) into a usage error that names the command and points
 * at its help.
 */
export function parseArgsStrict<T>(parse: () => T, command: string): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      const help = command === '' ? 'vigia --help' : `vigia ${command} --help`;
      throw usageError(`${(error as Error).message.split('. To specify')[0]}; see ${help}`);
    }
    throw error;
  }
}

/** A whole-number flag within [min, max], `fallback` when absent; a usage error naming the flag otherwise. */
export function wholeNumberFlag(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw usageError(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}
