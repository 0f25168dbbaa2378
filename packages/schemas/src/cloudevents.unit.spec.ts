import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloudEventHeaders, readCloudEventHeaders, type CloudEventInput } from './cloudevents.ts';
import { isVigiaError } from './vigia-error.ts';

const input: CloudEventInput = {
  id: 'vigia.events.raw.v1/3/1842',
  source: '/vigia/normalizer',
  type: 'pe.vigia.event.recorded.v1',
  time: new Date('2024-03-15T14:31:08.002Z'),
};

describe('cloudEventHeaders', () => {
  it('writes the binary-mode headers of the Kafka protocol binding', () => {
    expect(cloudEventHeaders({ ...input, subject: 'pnp-2024-1', dataschema: 'urn:vigia:schema:vigia.events.v1' })).toEqual({
      ce_specversion: '1.0',
      ce_id: 'vigia.events.raw.v1/3/1842',
      ce_source: '/vigia/normalizer',
      ce_type: 'pe.vigia.event.recorded.v1',
      ce_time: '2024-03-15T14:31:08.002Z',
      ce_subject: 'pnp-2024-1',
      ce_dataschema: 'urn:vigia:schema:vigia.events.v1',
      'content-type': 'application/json',
    });
  });

  it('omits optional attributes that are not given', () => {
    const headers = cloudEventHeaders(input);
    expect(Object.keys(headers)).not.toContain('ce_subject');
    expect(Object.keys(headers)).not.toContain('ce_dataschema');
  });

  it('keeps a time given as an RFC 3339 string with offset', () => {
    expect(cloudEventHeaders({ ...input, time: '2024-03-15T09:31:08-05:00' }).ce_time).toBe('2024-03-15T09:31:08-05:00');
  });

  it.each([
    ['empty id', { id: '' }],
    ['source with spaces', { source: 'not a uri' }],
    ['time without offset', { time: '2024-03-15T09:31:08' }],
    ['invalid Date', { time: new Date('nope') }],
    ['relative dataschema', { dataschema: 'schemas/x.json' }],
  ])('throws VIGIA_SCHEMAS_CLOUDEVENT_INVALID for %s', (_, override) => {
    let thrown: unknown;
    try {
      cloudEventHeaders({ ...input, ...override });
    } catch (error) {
      thrown = error;
    }
    expect(isVigiaError(thrown, 'VIGIA_SCHEMAS_CLOUDEVENT_INVALID')).toBe(true);
  });
});

describe('readCloudEventHeaders', () => {
  it('reads back what cloudEventHeaders wrote', () => {
    const result = readCloudEventHeaders(cloudEventHeaders({ ...input, subject: 's' }));
    expect(result).toEqual({
      ok: true,
      attributes: {
        specversion: '1.0',
        id: input.id,
        source: input.source,
        type: input.type,
        time: '2024-03-15T14:31:08.002Z',
        subject: 's',
        datacontenttype: 'application/json',
      },
    });
  });

  it('lists every missing header', () => {
    const result = readCloudEventHeaders({ ce_id: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([...result.missing].sort()).toEqual(['ce_source', 'ce_specversion', 'ce_time', 'ce_type', 'content-type']);
    expect(result.invalid).toEqual([]);
  });

  it('lists every invalid header with a reason', () => {
    const headers = {
      ...cloudEventHeaders(input),
      ce_specversion: '0.3',
      ce_time: 'yesterday',
      'content-type': 'text/csv',
      ce_subject: '',
    };
    const result = readCloudEventHeaders(headers);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.missing).toEqual([]);
    expect(result.invalid.map((problem) => problem.header).sort()).toEqual(['ce_specversion', 'ce_subject', 'ce_time', 'content-type']);
  });

  it('accepts a JSON content type with parameters and header names in any case', () => {
    const { 'content-type': _, ...rest } = cloudEventHeaders(input);
    const result = readCloudEventHeaders({ ...rest, 'Content-Type': 'application/json; charset=utf-8' });
    expect(result.ok).toBe(true);
  });

  it('never throws, whatever the headers', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.option(fc.string(), { nil: undefined })), (headers) => {
        const result = readCloudEventHeaders(headers);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
