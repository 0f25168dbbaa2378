#!/usr/bin/env node
/**
 * The long form of the ingest + normalizer fuzz test (issue 13):
 *
 *   node tests/fuzz/fuzz-long.ts [--inputs 1000000] [--seed 13]
 *
 * Feeds that many generated submissions (see fuzz-inputs.ts) through the real
 * ingest reader and core and the real normalizer transform, and prints the
 * figures the README keeps: crashes (exceptions), broken accounting
 * (records ≠ accepted + rejected, or accepted ≠ canonical + DLQ), and the
 * totals. Exits 1 when there is any crash or broken accounting.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { fuzzInput } from './fuzz-inputs.ts';
import { createFuzzPipeline } from './pipeline-harness.ts';

const { values } = parseArgs({ options: { inputs: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '13' } } });
const inputs = Number(values.inputs);
const seed = Number(values.seed);
const chunk = 5_000;

const totals = { inputs: 0, bodiesRejected: 0, records: 0, accepted: 0, ingestRejected: 0, canonical: 0, dlq: 0, crashes: 0, unaccounted: 0 };
const families = new Map<string, number>();
const dlqReasons = new Map<string, number>();
const crashes: { family: string; error: string; bodyBase64: string }[] = [];
const pipeline = createFuzzPipeline();
const startedMs = performance.now();

for (let done = 0; done < inputs; done += chunk) {
  const batch = fc.sample(fuzzInput, { numRuns: Math.min(chunk, inputs - done), seed: seed + done });
  for (const input of batch) {
    totals.inputs += 1;
    families.set(input.family, (families.get(input.family) ?? 0) + 1);
    try {
      const outcome = await pipeline.run(input.format, input.body);
      if (outcome.bodyRejected) {
        totals.bodiesRejected += 1;
        continue;
      }
      totals.records += outcome.records;
      totals.accepted += outcome.accepted;
      totals.ingestRejected += outcome.ingestRejected;
      totals.canonical += outcome.canonical;
      totals.dlq += outcome.dlq;
      for (const reason of outcome.dlqReasons) dlqReasons.set(reason, (dlqReasons.get(reason) ?? 0) + 1);
      const accounted = outcome.accepted + outcome.ingestRejected === outcome.records && outcome.canonical + outcome.dlq === outcome.accepted;
      if (!accounted || outcome.dlqReasons.includes('PROCESSING_FAILED')) totals.unaccounted += 1;
    } catch (error) {
      totals.crashes += 1;
      if (crashes.length < 10) {
        crashes.push({ family: input.family, error: String(error), bodyBase64: Buffer.from(input.body.slice(0, 2048)).toString('base64') });
      }
    }
  }
  process.stderr.write(`fuzz: ${totals.inputs} inputs, ${totals.crashes} crashes, ${totals.unaccounted} unaccounted\n`);
}

const seconds = (performance.now() - startedMs) / 1000;
const sorted = (map: Map<string, number>) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]));
process.stdout.write(
  `${JSON.stringify({ seed, seconds: Math.round(seconds), ...totals, families: sorted(families), dlqReasons: sorted(dlqReasons), crashSamples: crashes }, null, 2)}\n`,
);
process.exitCode = totals.crashes === 0 && totals.unaccounted === 0 ? 0 : 1;
