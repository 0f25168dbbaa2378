import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf } from '@vigia/schemas';

export const simulateErrorCodes = ['VIGIA_SIMULATE_USAGE'] as const;
export type SimulateErrorCode = ErrorCodeOf<typeof simulateErrorCodes>;

export const simulateErrorDescriptions: ErrorCodeDescriptions<SimulateErrorCode> = {
  VIGIA_SIMULATE_USAGE: 'A `vigia simulate` flag is unknown or has a bad value; `vigia simulate --help` lists them. Exit status 2.',
};

export class SimulateError extends VigiaError<SimulateErrorCode> {}
