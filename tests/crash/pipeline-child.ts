/**
 * The process the crash driver kills: the whole pipeline in one process on
 * the embedded log — the same stage factories `vigia up` runs — fed with a
 * scenario through the ingest core, in numbered chunks.
 *
 * Usage: node pipeline-child.ts '<json of ChildOptions>'
 *
 * Prints, one per line on stdout:
 * - `started` once every stage runs;
 * - `acked <chunk>` once ingest acknowledged a chunk (its reports are on the
 *   raw topic or in the DLQ — what a publisher is told);
 * - `caught-up` once every stage has committed everything.
 * On restart it skips the chunks already on the raw topic or in the DLQ: a
 * chunk is one `produce` call, so it is there whole or not at all. With
 * `stopWhenCaughtUp` it then stops gracefully and exits 0.
 */
import { readFile } from 'node:fs/promises';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createEmbeddedBus } from '@vigia/bus';
import { createIngestCore } from '@vigia/ingest';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl } from '@vigia/rules';
import { createLogger, Lifecycle, MetricsRegistry } from '@vigia/service-kit';
import { lagOf, pipelineGroupInputs } from '@vigia/cli';
import { chunkLines, ingestedChunks, submitChunk, type ChildOptions } from './pipeline-topics.ts';

const options = JSON.parse(process.argv[2]!) as ChildOptions;
const say = (line: string) => process.stdout.write(`${line}\n`);
const logger = createLogger({ name: 'crash-child', level: 'warn', destination: { write: (line: string) => process.stderr.write(line) } });
const bus = await createEmbeddedBus({ dataDir: options.dataDir, logger });
const metrics = new MetricsRegistry({ logger });
const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 20_000, forceTimeoutMs: 25_000 });
const normalizer = createNormalizerStage({ bus, logger, metrics });
const aggregator = createAggregatorService({ bus, logger, metrics, query: false });
const alerter = createAlerterService({ bus, logger, metrics, rulesText: await readFile(defaultRulesUrl, 'utf8'), schedules: false });
lifecycle.add(normalizer).add(aggregator).add(alerter);
const core = createIngestCore({ bus, logger });
await core.ensureTopics();
await lifecycle.start();
say('started');

const stop = async () => {
  const outcome = await lifecycle.stop();
  await bus.close();
  process.exit(outcome.exitCode);
};

const done = await ingestedChunks(bus);
const chunks = chunkLines(options);
for (const [index, lines] of chunks.entries()) {
  if (done.has(index)) {
    say(`acked ${index}`);
    continue;
  }
  await submitChunk(core, index, lines);
  say(`acked ${index}`);
}

const stages = pipelineGroupInputs({ normalizer, aggregator, alerter });
// Caught up: no lag on two polls in a row (a stage that catches up feeds the next one).
for (let quiet = 0; quiet < 2; ) {
  const lags = await Promise.all(stages.map((stage) => lagOf(bus, stage)));
  quiet = lags.every((lag) => lag === 0) ? quiet + 1 : 0;
  if (quiet < 2) await new Promise((resolve) => setTimeout(resolve, 100));
}
say('caught-up');
if (options.stopWhenCaughtUp) await stop();
