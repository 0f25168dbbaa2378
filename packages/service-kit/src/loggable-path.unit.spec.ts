import { describe, expect, it } from 'vitest';
import { loggablePath } from './loggable-path.ts';

describe('loggablePath (issue 13: no query string or URL credentials in a log line)', () => {
  it.each([
    ['/v1/reports?api_key=secret', '/v1/reports'],
    ['/v1/reports#token=secret', '/v1/reports'],
    ['/metrics', '/metrics'],
    ['http://ops:secret@127.0.0.1/v1/stats?api_key=secret', '/v1/stats'],
    ['*', '<unparseable request target>'],
  ])('%s → %s', (url, path) => {
    expect(loggablePath(url)).toBe(path);
  });
});
