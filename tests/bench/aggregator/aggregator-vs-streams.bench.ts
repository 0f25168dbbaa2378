/**
 * Vigía's aggregator beside a Kafka Streams application doing the same job
 * (tests/bench/peer, issue 14), on the same broker, the same events topic and
 * in the same run, with a raw kafkajs passthrough as the baseline of both:
 *
 * 1. kafkajs passthrough: a group consumes the events topic and produces every
 *    record to a copy topic (idempotent producer, acks=all), committing each batch;
 * 2. Vigía's aggregator in-process on the Kafka bus (fan-out + aggregate, both
 *    transactional);
 * 3. the Kafka Streams peer (fan-out, repartition by region, daily buckets and
 *    7/30/90/365-day trailing sums, exactly-once v2, changelog-backed stores,
 *    2 stream threads), timed from JVM start.
 *
 * Each is timed until every consumer group it runs has committed to the end
 * of its input topic. Both sides keep 400 days of daily buckets behind their
 * (per-partition) stream time and drop what arrives behind that horizon; the
 * drops are counted and printed beside the throughput.
 *
 * Then the check: trailing-window sums per (region, metric) as of the last
 * day of the input must be equal on both sides for every key both hold as of
 * that day; the run fails on any mismatch or on too small a sample.
 *
 * BENCH_PEER_EVENTS (default 5,000; --quick 400); KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { aggregatorTopics, createAggregatorService } from '@vigia/aggregator';
import { createKafkaBus, type Bus } from '@vigia/bus';
import { targetRegions } from '@vigia/geo';
import { encodeTopicValue, topicSpecs } from '@vigia/schemas';
import { Lifecycle } from '@vigia/service-kit';
import { benchChange, benchDistricts, benchLastDay } from '../bench-events.ts';
import { benchBrokers, formatTable, machineDescription, measurementFigures, quickMode, recordResults, timed, type Measurement } from '../bench-support.ts';
import { groupCaughtUp, passthrough, until } from '../kafka-progress.ts';
import { changelogSize, peerBucketSeries, peerTrailingSeries, vigiaBucketSeries } from '../peer/changelog-size.ts';
import { buildPeer, readPeerWindowSums, startPeer, type PeerBuild, type PeerOptions, type PeerSummary } from '../peer/peer-process.ts';
import { countVigiaDrops } from '../peer/vigia-drops.ts';
import { readVigiaWindowSums } from '../peer/vigia-window-sums.ts';
import { compareWindowSums } from '../peer/window-sums.ts';

const eventCount = Number(process.env.BENCH_PEER_EVENTS ?? (quickMode ? 400 : 5_000));
/** Vigía's default daily retention (`@vigia/indicators` defaultRetention); the peer is given the same. */
const retentionDays = 400;
const partitions = 12;
/**
 * The comparison must cover at least this many keys and this share of the keys the peer holds as of
 * the last day, so that it cannot pass by comparing nothing. Not all: Vigía publishes a series' figures
 * as of its partition's stream day when the series was last touched, and a series last touched before
 * its partition reached the last day has no figures as of that day (with 400 events, about half).
 */
const minComparedKeys = 100;
const minComparedShare = 0.25;
const logger = pino({ level: 'warn' }, pino.destination(2));

/** Starts an aggregator on the namespace's topics; `seconds` until both groups committed to the end of their inputs. */
async function runAggregator(bus: Bus, namespace: string) {
  const service = createAggregatorService({ bus, logger, namespace, query: false, ensureTopics: false });
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 30_000, forceTimeoutMs: 60_000, exit: () => undefined });
  lifecycle.add(service);
  const failed = () => lifecycle.state === 'failed';
  const seconds = await timed(async () => {
    await lifecycle.start();
    await until(() => groupCaughtUp(bus, service.groupIds.fanOut, service.topics.events), failed, 'the aggregator');
    await until(() => groupCaughtUp(bus, service.groupIds.aggregate, service.topics.contributions), failed, 'the aggregator');
  });
  await lifecycle.stop();
  return { service, seconds };
}

/** Starts the peer (a fresh state directory: everything restored from its changelogs); seconds to RUNNING and to caught up. */
async function runPeer(bus: Bus, build: PeerBuild, options: PeerOptions, eventsTopic: string) {
  const peer = startPeer(build, options);
  let runningSeconds = 0;
  let summary: PeerSummary | undefined;
  const seconds = await timed(async () => {
    const started = process.hrtime.bigint();
    await peer.running;
    runningSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await until(() => groupCaughtUp(bus, peer.applicationId, eventsTopic), peer.failed, 'the Kafka Streams peer');
    await until(() => groupCaughtUp(bus, peer.applicationId, peer.repartitionTopic), peer.failed, 'the Kafka Streams peer');
  }).finally(async () => {
    summary = await peer.stop();
  });
  return { seconds, runningSeconds, summary: summary!, repartitionTopic: peer.repartitionTopic };
}

/** Vigía beside the peer for figures that are not throughputs; the ratio is Vigía ÷ peer. */
function formatSideBySide(rows: readonly { figure: string; vigia: number; peer: number }[]): string {
  const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 2 : 0 });
  const lines = [
    ['figure', 'Vigía', 'Kafka Streams peer (baseline)', 'ratio Vigía ÷ peer'],
    ['---', '---', '---', '---'],
    ...rows.map((row) => [row.figure, number(row.vigia), number(row.peer), `${(row.vigia / row.peer).toFixed(2)} ×`]),
  ];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const brokers = benchBrokers(process.env);
  const build = buildPeer();
  const kafka = new kafkajs.Kafka({ brokers, clientId: 'vigia-bench-peer', logLevel: kafkajs.logLevel.NOTHING });
  const bus = createKafkaBus({ brokers, clientId: 'vigia-bench-peer' }, logger);
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  const specs = topicSpecs({
    namespace,
    replicationFactor: 1,
    topics: aggregatorTopics,
  });
  const copyTopic = `${namespace}.passthrough`;
  const peerOutput = `${namespace}.peer.window-sums`;
  await bus.admin.ensureTopics([
    ...specs,
    { name: copyTopic, partitions, cleanupPolicy: 'delete', replicationFactor: 1 },
    { name: peerOutput, partitions, cleanupPolicy: 'delete', replicationFactor: 1 },
  ]);
  const eventsTopic = specs[0]!.name;
  const records = Array.from({ length: eventCount }, (_, index) => ({
    topic: eventsTopic,
    key: `bench-${index}`,
    value: encodeTopicValue('vigia.events.v1', benchChange(index)),
  }));
  const bytes = records.reduce((sum, record) => sum + record.value.byteLength, 0);
  for (let start = 0; start < records.length; start += 500) await bus.produce(records.slice(start, start + 500));
  const peerApplicationId = `${namespace}-streams-peer`;
  try {
    const baseline = 'kafkajs passthrough of vigia.events.v1 (group, idempotent producer)';
    const passthroughSeconds = await passthrough(kafka, bus, eventsTopic, copyTopic);

    const { service, seconds: vigiaSeconds } = await runAggregator(bus, namespace);
    const peerOptions: PeerOptions = {
      brokers,
      input: eventsTopic,
      output: peerOutput,
      applicationId: peerApplicationId,
      partitions,
      threads: 2,
      retentionDays,
    };
    const peerRun = await runPeer(bus, build, peerOptions, eventsTopic);
    const { seconds: peerSeconds, runningSeconds: peerReadySeconds, summary: peerSummary } = peerRun;

    // One contribution per event and target region: what both fan-outs must produce before any drop.
    const expected = Array.from({ length: eventCount }, (_, index) => benchChange(index)).reduce((sum, change) => {
      if (change.type !== 'event.recorded' || change.event.kind === 'cultivation-survey')
        throw new TypeError('the benchmark input holds only recorded incidents and seizures');
      return sum + new Set(targetRegions(change.event.location.ubigeo).map((region) => region.code)).size;
    }, 0);
    const vigiaDrops = await countVigiaDrops(bus, service.topics.contributions, retentionDays, expected);
    const comparison = compareWindowSums(await readVigiaWindowSums(bus, service.topics.indicators), await readPeerWindowSums(bus, peerOutput), benchLastDay);

    // State per (region, metric): what each side's compacted changelogs hold, read the same way.
    const vigiaState = await changelogSize(kafka, bus, service.topics.changelog, vigiaBucketSeries);
    const peerBuckets = await changelogSize(kafka, bus, `${peerApplicationId}-daily-buckets-changelog`, peerBucketSeries);
    const peerTrailing = await changelogSize(kafka, bus, `${peerApplicationId}-trailing-sums-changelog`, peerTrailingSeries);
    const vigiaBytesPerSeries = vigiaState.liveBytes / vigiaState.series.size;
    const peerBytesPerSeries = (peerBuckets.liveBytes + peerTrailing.liveBytes) / peerTrailing.series.size;

    // Restart-to-ready with the whole input as history: one new event, then each side started
    // again with no local state (Vigía keeps none; the peer gets an empty state directory), timed
    // until its groups committed that event — restore included.
    await bus.produce([{ topic: eventsTopic, key: 'bench-restart-probe', value: encodeTopicValue('vigia.events.v1', benchChange(eventCount)) }]);
    const vigiaRestartSeconds = (await runAggregator(bus, namespace)).seconds;
    const peerRestart = await runPeer(bus, build, peerOptions, eventsTopic);
    // More than 1 is possible when a rebalance moves a task mid-transaction (exactly-once re-processes
    // it); the whole history again means it did not resume from its committed offsets.
    if (peerRestart.summary.events === 0 || peerRestart.summary.events >= eventCount) {
      throw new Error(`the restarted peer processed ${peerRestart.summary.events} events, not the 1 new one: it did not resume from its committed offsets`);
    }

    const vigiaScenario = 'Vigía aggregator: fan-out + aggregate (transactional)';
    const peerScenario = 'Kafka Streams peer: fan-out + repartition + trailing sums (exactly_once_v2, 2 threads, incl. JVM start)';
    const measurements: Measurement[] = [
      { scenario: baseline, messages: eventCount, bytes, seconds: passthroughSeconds, batch: 'fetch batches' },
      { scenario: peerScenario, messages: eventCount, bytes, seconds: peerSeconds, batch: 'commit.interval.ms 100', baseline },
      {
        scenario: 'Kafka Streams peer, from RUNNING (JVM start and restore excluded)',
        messages: eventCount,
        bytes,
        seconds: peerSeconds - peerReadySeconds,
        batch: 'commit.interval.ms 100',
        baseline,
      },
      { scenario: vigiaScenario, messages: eventCount, bytes, seconds: vigiaSeconds, batch: 'processor batches', baseline },
      { scenario: `${vigiaScenario} vs peer`, messages: eventCount, bytes, seconds: vigiaSeconds, batch: '', baseline: peerScenario },
    ];
    const drops = {
      retentionDays,
      vigia: {
        contributions: expected,
        dropped: vigiaDrops.droppedByFanOut + vigiaDrops.droppedByAggregate,
        droppedByFanOut: vigiaDrops.droppedByFanOut,
        droppedByAggregate: vigiaDrops.droppedByAggregate,
      },
      peer: { contributions: peerSummary.contributions + peerSummary.dropped, dropped: peerSummary.dropped },
    };
    console.log(`\nAggregator vs Kafka Streams — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}, Java ${build.javaVersion}`);
    console.log(
      `${eventCount.toLocaleString('en-US')} events over ${benchDistricts.length} districts and 2 years, ${partitions} partitions; broker at ${brokers.join(',')}\n`,
    );
    console.log(formatTable(measurements));
    console.log(`\nKafka Streams peer: RUNNING ${peerReadySeconds.toFixed(2)} s after JVM start`);
    for (const side of ['vigia', 'peer'] as const) {
      const { contributions, dropped } = drops[side];
      console.log(
        `${side}: ${dropped.toLocaleString('en-US')} of ${contributions.toLocaleString('en-US')} region contributions dropped behind the ${retentionDays}-day horizon (${((100 * dropped) / contributions).toFixed(1)} %)`,
      );
    }
    const sideBySide = [
      { figure: `restart-to-ready, ${eventCount.toLocaleString('en-US')} events of history (s)`, vigia: vigiaRestartSeconds, peer: peerRestart.seconds },
      { figure: 'changelog bytes per (region, metric), live records', vigia: vigiaBytesPerSeries, peer: peerBytesPerSeries },
      {
        figure: 'region contributions dropped behind the horizon (%)',
        vigia: (100 * drops.vigia.dropped) / expected,
        peer: (100 * drops.peer.dropped) / expected,
      },
    ];
    console.log(`\n${formatSideBySide(sideBySide)}`);
    console.log(
      `(peer restart: RUNNING after ${peerRestart.runningSeconds.toFixed(2)} s; series: Vigía ${vigiaState.series.size}, peer ${peerTrailing.series.size})`,
    );
    console.log(
      `check: window sums as of ${benchLastDay} equal on ${comparison.compared} of ${comparison.peerKeysAsOf} (region, metric) keys the peer holds as of that day; ${comparison.mismatches.length} mismatching windows`,
    );
    recordResults('aggregator-vs-streams', {
      events: eventCount,
      partitions,
      javaVersion: build.javaVersion,
      throughput: measurementFigures(measurements),
      peerRunningAfterSeconds: Number(peerReadySeconds.toFixed(3)),
      drops,
      sideBySide: sideBySide.map((row) => ({ ...row, baseline: 'Kafka Streams peer', ratio: Number((row.vigia / row.peer).toFixed(3)) })),
      state: {
        vigia: { series: vigiaState.series.size, liveKeys: vigiaState.liveKeys, liveBytes: vigiaState.liveBytes },
        peer: {
          series: peerTrailing.series.size,
          liveKeys: peerBuckets.liveKeys + peerTrailing.liveKeys,
          liveBytes: peerBuckets.liveBytes + peerTrailing.liveBytes,
        },
      },
      check: { asOf: benchLastDay, compared: comparison.compared, peerKeysAsOf: comparison.peerKeysAsOf, mismatches: comparison.mismatches.length },
    });
    const failures: string[] = [];
    if (peerSummary.unsupported > 0) failures.push(`the peer skipped ${peerSummary.unsupported} changes it cannot aggregate`);
    // The peer counts as it processes: exactly-once re-processing after a rebalance counts twice, so
    // only fewer is a failure, and the fan-out count is checked when nothing was re-processed.
    if (peerSummary.events < eventCount) failures.push(`the peer processed ${peerSummary.events} events, fewer than the ${eventCount} produced`);
    if (peerSummary.events === eventCount && drops.peer.contributions !== expected) {
      failures.push(`the peer fanned out ${drops.peer.contributions} region contributions, not the ${expected} the gazetteer gives`);
    }
    if (peerSummary.events > eventCount)
      console.log(`note: the peer re-processed ${peerSummary.events - eventCount} events after a rebalance; its drop count includes them`);
    if (comparison.mismatches.length > 0) {
      for (const mismatch of comparison.mismatches.slice(0, 10)) console.error('mismatch', JSON.stringify(mismatch));
      failures.push(`${comparison.mismatches.length} windows differ between Vigía and the peer`);
    }
    if (comparison.compared < minComparedShare * comparison.peerKeysAsOf || comparison.compared < minComparedKeys) {
      failures.push(`only ${comparison.compared} of ${comparison.peerKeysAsOf} keys could be compared as of ${benchLastDay}`);
    }
    if (failures.length > 0) throw new Error(`the Kafka Streams peer and Vigía disagree: ${failures.join('; ')}`);
  } finally {
    const internal = (await bus.admin.listTopics()).filter((name) => name.startsWith(peerApplicationId));
    await bus.admin.deleteTopics([...specs.map((spec) => spec.name), copyTopic, peerOutput, ...internal]).catch(() => undefined);
    await bus.close();
  }
}

await main();
