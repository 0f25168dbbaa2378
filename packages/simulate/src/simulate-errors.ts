import { VigiaError, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code `@vigia/simulate` throws. */
export const simulateErrorCodes = ['VIGIA_SIMULATE_OPTIONS_INVALID', 'VIGIA_SIMULATE_OUTPUT_FAILED'] as const;

export type SimulateErrorCode = ErrorCodeOf<typeof simulateErrorCodes>;

/** What each code means and what to do about it. */
export const simulateErrorDescriptions: Readonly<Record<SimulateErrorCode, string>> = {
  VIGIA_SIMULATE_OPTIONS_INVALID:
    'The scenario options are unusable (unknown scenario or format, a share outside [0, 1], a count too small for the ' +
    "scenario's fixed records, an empty or reversed date range); `option` names the one at fault. Fix the flag; `vigia simulate --help` lists them.",
  VIGIA_SIMULATE_OUTPUT_FAILED:
    'The generated records could not be written (the --out file cannot be created, the disk is full, the reader of stdout went away); see the cause.',
};

/** The simulator was asked for something it cannot do, or could not write its output. */
export class SimulateError extends VigiaError<SimulateErrorCode> {
  constructor(code: SimulateErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
