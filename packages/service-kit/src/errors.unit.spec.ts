import { vigiaErrorCodePattern, VigiaError } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { ServiceKitError, serviceKitErrorCodes } from './errors.ts';

describe('service-kit error codes', () => {
  it('are unique, VIGIA_<AREA>_<WHAT>, and belong to this package’s areas', () => {
    expect(new Set(serviceKitErrorCodes).size).toBe(serviceKitErrorCodes.length);
    for (const code of serviceKitErrorCodes) {
      expect(code).toMatch(vigiaErrorCodePattern);
      expect(code).toMatch(/^VIGIA_(CONFIG|METRICS|OPS|LIFECYCLE)_/);
    }
  });

  it('carry the code, cause and context of the shared error base', () => {
    const cause = new Error('EADDRINUSE');
    const error = new ServiceKitError('VIGIA_OPS_LISTEN_FAILED', 'cannot listen', { cause, context: { port: 9464 } });
    expect(error).toBeInstanceOf(VigiaError);
    expect(error).toMatchObject({ name: 'ServiceKitError', code: 'VIGIA_OPS_LISTEN_FAILED', cause, port: 9464 });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 'VIGIA_OPS_LISTEN_FAILED', port: 9464, cause: { message: 'EADDRINUSE' } });
  });
});
