import { isVigiaError } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { findApiKey, hashApiKey, parseApiKeyEntry, presentedApiKey, roleAllows } from './api-keys.ts';

const entries = [parseApiKeyEntry(`dirandro:publisher:${hashApiKey('k-publisher')}`), parseApiKeyEntry(`ops:admin:${hashApiKey('k-admin').toUpperCase()}`)];

describe('API keys', () => {
  it('finds the entry whose hash matches the presented key', () => {
    expect(findApiKey(entries, 'k-publisher')?.id).toBe('dirandro');
    expect(findApiKey(entries, 'k-admin')?.role).toBe('admin');
    expect(findApiKey(entries, 'k-other')).toBeUndefined();
    expect(findApiKey([], 'k-admin')).toBeUndefined();
  });

  it('lets publishers submit and only admins read stats', () => {
    expect([roleAllows('publisher', 'submit'), roleAllows('publisher', 'read-stats'), roleAllows('admin', 'read-stats')]).toEqual([true, false, true]);
  });

  it('reads the key from Authorization: Bearer or X-Api-Key', () => {
    expect(presentedApiKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedApiKey({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(presentedApiKey({ 'x-api-key': ' xyz ' })).toBe('xyz');
    expect(presentedApiKey({ authorization: 'Basic dTpw' })).toBeUndefined();
    expect(presentedApiKey({})).toBeUndefined();
  });

  it.each([
    ['dirandro:publisher:abc', 'not id:role:sha256hex'],
    [`dir andro:publisher:${'a'.repeat(64)}`, 'the id'],
    [`dirandro:root:${'a'.repeat(64)}`, 'the role "root"'],
  ])('refuses %j and does not echo it', (text, message) => {
    let caught: unknown;
    try {
      parseApiKeyEntry(text);
    } catch (error) {
      caught = error;
    }
    expect(isVigiaError(caught, 'VIGIA_INGEST_API_KEY_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).not.toContain(text);
  });
});
