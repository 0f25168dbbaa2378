import { runStageBatch, type ConsumedRecord } from '@vigia/bus';
import {
  decodeTopicValue,
  encodeJson,
  encodeTopicValue,
  eventOverriddenAtHeader,
  eventOverriddenByHeader,
  eventOwnerHeader,
  ingestKeyRoleHeader,
  maxRevisionStep,
  type RawReport,
} from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { normalizerDefinition } from '../stage/normalizer-transform.ts';
import { massKilling } from '../testing/mixed-batch.ts';
import { EventState, type StoredEntry } from './event-state.ts';
import { decideOwnedChange } from './ownership-decision.ts';

const context = { topic: 'vigia.events.raw.v1', partition: 0 };

/** The raw record a publisher's key sends: the San Miguel del Ene killing at some revision. */
function report(publisher: string, revision: number, killed: number, role?: string): ConsumedRecord {
  const envelope: RawReport = {
    ...massKilling(revision, killed, `2024-03-15T14:3${revision % 10}:00.000Z`),
    source: { channel: 'http', publisher, apiKeyId: publisher },
  };
  return {
    ...context,
    offset: 0,
    key: 'vizcatan-2023-05',
    value: encodeJson(envelope),
    headers: role === undefined ? {} : { [ingestKeyRoleHeader]: role },
    timestampMs: 0,
  };
}

function normalizer(state = new EventState()) {
  const definition = normalizerDefinition({
    topics: { events: 'vigia.events.v1', state: 'vigia.normalizer.state.v1' },
    restore: async () => state,
  });
  /** Each record in its own committed batch, as outcomes: the change type with its ownership headers and stored owner, or the DLQ reason. */
  const send = async (...records: ConsumedRecord[]) => {
    const outcomes: unknown[] = [];
    for (const record of records) {
      const [outcome] = (await runStageBatch(definition, state, [record], 'committed')).outcomes;
      if (outcome === undefined) throw new Error('no outcome');
      if ('reject' in outcome) {
        outcomes.push(outcome.reject.reason);
        continue;
      }
      const [change, latest] = outcome.outputs;
      const decoded = decodeTopicValue('vigia.events.v1', change!.value!);
      const stored = decodeTopicValue('vigia.normalizer.state.v1', latest!.value!);
      const headers = change!.headers ?? {};
      // The state record carries the same owner as the change's header, so a restore gets it back.
      expect(stored.ok && stored.value.owner).toBe(headers[eventOwnerHeader]);
      outcomes.push({
        type: decoded.ok ? decoded.value.type : decoded.reason,
        owner: headers[eventOwnerHeader],
        ...(headers[eventOverriddenByHeader] === undefined
          ? {}
          : { overriddenBy: headers[eventOverriddenByHeader], overriddenAt: headers[eventOverriddenAtHeader] }),
      });
    }
    return outcomes;
  };
  return { state, send };
}

describe('event ownership (issue 13)', () => {
  it('San Miguel del Ene takeover: another key sending revision 2^53-1 with 0 dead is refused, and the real revision 4 is accepted', async () => {
    const { send } = normalizer();
    const outcomes = await send(
      report('dirandro', 1, 14),
      report('dirandro', 2, 16),
      report('dirandro', 3, 18),
      report('intruder', Number.MAX_SAFE_INTEGER, 0),
      report('dirandro', 4, 19),
    );
    expect(outcomes).toEqual([
      { type: 'event.recorded', owner: 'dirandro' },
      { type: 'event.revised', owner: 'dirandro' },
      { type: 'event.revised', owner: 'dirandro' },
      'EVENT_NOT_OWNED',
      { type: 'event.revised', owner: 'dirandro' },
    ]);
  });

  it('the owner itself cannot jump more than the allowed step, nor start a new event above it', async () => {
    const { send } = normalizer();
    expect(await send(report('dirandro', maxRevisionStep + 1, 14))).toEqual(['REVISION_JUMP']);
    expect(await send(report('dirandro', 1, 14), report('dirandro', 1 + maxRevisionStep + 1, 0), report('dirandro', 1 + maxRevisionStep, 16))).toEqual([
      { type: 'event.recorded', owner: 'dirandro' },
      'REVISION_JUMP',
      { type: 'event.revised', owner: 'dirandro' },
    ]);
  });

  it("an editor key may revise another publisher's event; the override says who and when, and the owner stays", async () => {
    const { state, send } = normalizer();
    expect(await send(report('dirandro', 1, 14), report('devida-desk', 2, 15, 'editor'), report('dirandro', 3, 16))).toEqual([
      { type: 'event.recorded', owner: 'dirandro' },
      { type: 'event.revised', owner: 'dirandro', overriddenBy: 'devida-desk', overriddenAt: '2024-03-15T14:32:00.000Z' },
      { type: 'event.revised', owner: 'dirandro' },
    ]);
    expect(state.ownerOf('vizcatan-2023-05')).toBe('dirandro');
  });

  it('a publisher or admin key is no editor', async () => {
    const { send } = normalizer();
    expect(await send(report('dirandro', 1, 14), report('other', 2, 0, 'publisher'), report('ops', 2, 0, 'admin'))).toEqual([
      { type: 'event.recorded', owner: 'dirandro' },
      'EVENT_NOT_OWNED',
      'EVENT_NOT_OWNED',
    ]);
  });

  it('an event restored without an owner (recorded before owners were kept) is claimed by the next publisher that revises it', async () => {
    const recorded = normalizer();
    await recorded.send(report('dirandro', 1, 14));
    const event = recorded.state.get('vizcatan-2023-05')!;
    // A state record as written before owners were kept: no `owner`.
    const restored = new Map<string, StoredEntry>([[event.eventId, encodeTopicValue('vigia.normalizer.state.v1', { type: 'event.latest', event })]]);
    const { state, send } = normalizer(new EventState(restored));
    expect(state.ownerOf('vizcatan-2023-05')).toBeUndefined();
    expect(await send(report('other', 2, 16), report('dirandro', 3, 18))).toEqual([{ type: 'event.revised', owner: 'other' }, 'EVENT_NOT_OWNED']);
  });

  it('an aborted batch gives the owner back', () => {
    const state = new EventState();
    const event = { eventId: 'e' } as never;
    state.beginBatch();
    state.set(event, 'first');
    state.rollbackBatch();
    expect(state.ownerOf('e')).toBeUndefined();
  });

  it('an ACLED row, whose revision is its edit timestamp, may not be dated more than a day after it arrived', () => {
    const receivedAt = '2024-03-15T00:00:00.000Z';
    const arrivedSeconds = Date.parse(receivedAt) / 1000;
    const claimant = { publisher: 'acled', role: undefined, receivedAt, format: 'acled-csv' } as const;
    const row = (revision: number) => ({ eventId: 'PER2871', revision }) as never;
    expect(decideOwnedChange(undefined, undefined, row(arrivedSeconds - 3600), claimant).kind).toBe('publish');
    expect(decideOwnedChange(undefined, undefined, row(Number.MAX_SAFE_INTEGER), claimant)).toMatchObject({ kind: 'reject', reason: 'REVISION_JUMP' });
  });
});
