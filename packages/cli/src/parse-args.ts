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
