import { VigiaError, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code `@vigia/service-kit` throws. */
export const serviceKitErrorCodes = [
  /** The environment does not satisfy the service's config schema (thrown by `loadConfig`). */
  'VIGIA_CONFIG_INVALID',
  /** A configuration file (rules, PEM) is larger than its cap; nothing of it was parsed. */
  'VIGIA_CONFIG_FILE_TOO_LARGE',
  /** prom-client refused a metric definition (a metric or label name breaks the Prometheus naming rules, a reserved label). */
  'VIGIA_METRICS_DEFINITION_INVALID',
  /** A metric name was registered twice with a different type, help text, labels or buckets. */
  'VIGIA_METRICS_CONFLICT',
  /** The ops server could not bind its address (port in use, permission denied…). */
  'VIGIA_OPS_LISTEN_FAILED',
  /** A readiness check was registered twice under one name. */
  'VIGIA_OPS_CHECK_DUPLICATE',
  /** Lifecycle options are out of range (e.g. force timeout not longer than the grace timeout). */
  'VIGIA_LIFECYCLE_OPTIONS_INVALID',
  /** A lifecycle method was called in a state that does not allow it (start twice, add after start). */
  'VIGIA_LIFECYCLE_STATE_INVALID',
  /** A component failed to start; the components started before it were stopped again. */
  'VIGIA_LIFECYCLE_START_FAILED',
] as const;

export type ServiceKitErrorCode = ErrorCodeOf<typeof serviceKitErrorCodes>;

/** A failure raised by the service kit; branch on `code`, never on the message. */
export class ServiceKitError extends VigiaError<ServiceKitErrorCode> {
  constructor(code: ServiceKitErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
