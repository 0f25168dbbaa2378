import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code the `vigia` command throws. */
export const cliErrorCodes = [
  'VIGIA_CLI_USAGE',
  'VIGIA_CLI_INPUT_UNREADABLE',
  'VIGIA_CLI_INGEST_FAILED',
  'VIGIA_CLI_PIPELINE_STALLED',
  'VIGIA_CLI_CONSOLE_FAILED',
  'VIGIA_CLI_RULES_INVALID',
  'VIGIA_CLI_REPORT_UNWRITABLE',
  'VIGIA_CLI_RULE_TESTS_INVALID',
  'VIGIA_CLI_RULE_TESTS_FAILED',
] as const;

export type CliErrorCode = ErrorCodeOf<typeof cliErrorCodes>;

export const cliErrorDescriptions: ErrorCodeDescriptions<CliErrorCode> = {
  VIGIA_CLI_USAGE: 'The command line is wrong (unknown subcommand or flag, missing or conflicting options); exit status 2.',
  VIGIA_CLI_INPUT_UNREADABLE: 'The input file cannot be opened or read, or its structure is broken (e.g. an unclosed JSON array).',
  VIGIA_CLI_INGEST_FAILED:
    'The records could not be delivered: the ingest API refused the request or stayed unreachable after retries, ' +
    'or the Bus did not acknowledge the write.',
  VIGIA_CLI_PIPELINE_STALLED:
    '`vigia up` gave up waiting for the stages to process every record; the logs on stderr (--log-level info) say which stage is behind.',
  VIGIA_CLI_CONSOLE_FAILED:
    'The console (vigia alerts, ack, silence, indicators) did not answer or refused the request: 401 a missing or unknown key, ' +
    '403 a viewer key acting, 400 a wrong option value (the message names it).',
  VIGIA_CLI_RULES_INVALID:
    'A rule file given to `vigia replay --rules` or named in the rule_files of a `vigia rules test` file does not load, or repeats a rule id of ' +
    'another of those rule_files; the message lists every error with its line and field (the format is packages/rules/README.md).',
  VIGIA_CLI_REPORT_UNWRITABLE:
    '`vigia replay` could not write its reports to --out (permissions, a full disk); no half-written report is left, the previous files stay as they were.',
  VIGIA_CLI_RULE_TESTS_INVALID:
    'A file given to `vigia rules test` is not a valid rule test file; the message lists every error with its line and field (the format is in packages/rules/README.md, "Rule unit tests").',
  VIGIA_CLI_RULE_TESTS_FAILED:
    '`vigia rules test` ran and at least one test raised other alerts than it expects; the diff on stdout shows, per failed test, the missing (-), unexpected (+) and different (~) alerts.',
};

/** A failure of the `vigia` command; `main.ts` prints the message and exits with `exitCode`. */
export class CliError extends VigiaError<CliErrorCode> {
  constructor(code: CliErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }

  /** 2 for usage errors (the shell convention), 1 otherwise. */
  get exitCode(): number {
    return this.code === 'VIGIA_CLI_USAGE' ? 2 : 1;
  }
}

export function usageError(message: string): CliError {
  return new CliError('VIGIA_CLI_USAGE', message);
}
