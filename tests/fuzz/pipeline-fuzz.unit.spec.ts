/**
 * Issue 13, fuzzing (the short form CI runs; the long form is fuzz-long.ts):
 * whatever a publisher sends, ingest and the normalizer never throw, and
 * every record is accounted for — records = accepted + rejected by ingest,
 * and accepted = canonical + DLQ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzInput, type FuzzInput } from './fuzz-inputs.ts';
import { hostileCorpus } from './hostile-corpus.ts';
import { createFuzzPipeline, type InputOutcome } from './pipeline-harness.ts';

function expectAccounted(outcome: InputOutcome): void {
  if (outcome.bodyRejected) return;
  expect(outcome.accepted + outcome.ingestRejected).toBe(outcome.records);
  expect(outcome.canonical + outcome.dlq).toBe(outcome.accepted);
  // PROCESSING_FAILED is a bug of ours, never a verdict on the input.
  expect(outcome.dlqReasons).not.toContain('PROCESSING_FAILED');
}

describe('ingest and normalizer under fuzzing (issue 13)', () => {
  it.each(hostileCorpus.map((hostile) => [hostile.name, hostile] as const))('hostile corpus: %s', async (_name, hostile) => {
    expectAccounted(await createFuzzPipeline().run(hostile.format, hostile.body));
  });

  it('the takeover case: the intruder revision is rejected, the real revision 2 accepted', async () => {
    const takeover = hostileCorpus[0]!;
    const pipeline = createFuzzPipeline();
    const first = await pipeline.run(takeover.format, takeover.body, 'dirandro');
    expect(first).toMatchObject({ accepted: 3, canonical: 2, dlqReasons: ['REVISION_JUMP'] });
    const intruder = await pipeline.run(
      { kind: 'json' },
      new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(takeover.body).split('\n')[0]!), revision: 3 })),
      'intruder',
    );
    expect(intruder.dlqReasons).toEqual(['EVENT_NOT_OWNED']);
  });

  it('arbitrary JSON, NDJSON, CSV, bytes and mutated corpus cases', async () => {
    const pipeline = createFuzzPipeline();
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input: FuzzInput) => {
        expectAccounted(await pipeline.run(input.format, input.body));
      }),
      { numRuns: 300 },
    );
  });
});
