import { maxRuleFileChars, type RuleFileError } from '@vigia/rules';
import { readConfigFile } from '@vigia/service-kit';
import { CliError } from '../cli-errors.ts';

/** Reads a file of alert rules or rule tests (at most `maxRuleFileChars` bytes); an unreadable one is `VIGIA_CLI_INPUT_UNREADABLE`. */
export async function readRuleFileText(location: string | URL, what: string): Promise<string> {
  try {
    return await readConfigFile(location, { maxBytes: maxRuleFileChars });
  } catch (error) {
    throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `cannot read the ${what} ${String(location)}: ${(error as Error).message}`, { cause: error });
  }
}

/** A loader's errors, one indented line each: `  line 12 tests[0].values: …`. */
export function fileErrorLines(errors: readonly RuleFileError[]): string {
  return errors.map((error) => `  line ${error.line} ${error.path}: ${error.message}`).join('\n');
}
