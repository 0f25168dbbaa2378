import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from './vigia-error.ts';

/** Every code `@vigia/schemas` throws. */
export const schemasErrorCodes = [
  'VIGIA_SCHEMAS_TOPIC_UNKNOWN',
  'VIGIA_SCHEMAS_NAMESPACE_INVALID',
  'VIGIA_SCHEMAS_KEY_INVALID',
  'VIGIA_SCHEMAS_VALUE_INVALID',
  'VIGIA_SCHEMAS_CLOUDEVENT_INVALID',
] as const;

export type SchemasErrorCode = ErrorCodeOf<typeof schemasErrorCodes>;

export const schemasErrorDescriptions: ErrorCodeDescriptions<SchemasErrorCode> = {
  VIGIA_SCHEMAS_TOPIC_UNKNOWN: 'The topic name is not in the registry (check the spelling and the .vN suffix).',
  VIGIA_SCHEMAS_NAMESPACE_INVALID: 'A replay namespace must be 1-63 lower-case letters, digits or inner dashes.',
  VIGIA_SCHEMAS_KEY_INVALID: 'A composite key part is empty or contains |, or a key has the wrong number of parts.',
  VIGIA_SCHEMAS_VALUE_INVALID: 'A value to produce does not match its topic schema or has no JSON form; see issues.',
  VIGIA_SCHEMAS_CLOUDEVENT_INVALID: 'CloudEvents attributes are missing or malformed (id, source, type, RFC 3339 time).',
};

/** A contract was broken by the caller (unknown topic, bad key, value that fails its schema…). */
export class SchemasError extends VigiaError<SchemasErrorCode> {
  constructor(code: SchemasErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
