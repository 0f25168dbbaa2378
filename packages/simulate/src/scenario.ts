import { activityWeightOfDay, isoDateOfDay, minutesPerDay, peruDateTime } from './calendar.ts';
import { hotspotTable } from './hotspots.ts';
import { compileScenarioOptions, type CompiledScenarioOptions, type ScenarioOptions } from './options.ts';
import { Prng, WeightedTable } from './prng.ts';
import { ReorderBuffer, type Arriving } from './reorder-buffer.ts';
import { backgroundReport, malformedReport, revisedReport, type Report } from './report-factory.ts';
import { Expected, Malformation, type ScenarioRecord } from './scenario-record.ts';
import { publicEvents, simulatedSurveys, type ScheduledEvent } from './scheduled.ts';
import { SimulateError } from './simulate-errors.ts';

/**
 * The scenario as a lazy stream. Days are walked in order; each day gets its
 * share of the records (seasonal weights, exact total), pinned records
 * (surveys, public events) join on their day, and every record waits in a
 * bounded reorder buffer until its arrival time — so late reports come out
 * after newer events and memory stays flat from 10³ to 10⁷ records.
 */

type PendingRecord = Omit<ScenarioRecord, 'position'> & Arriving;

const lateAfterMinutes = 3 * minutesPerDay;
const malformations = new WeightedTable<Malformation>([
  [Malformation.syntax, 30],
  [Malformation.placeUnknown, 25],
  [Malformation.unitUnknown, 20],
  [Malformation.dateInvalid, 15],
  [Malformation.kindMissing, 10],
]);

/** Event ids may hold letters, digits and `. _ : @ / -`; the seed is part of them so two seeds never collide. */
function seedTagOf(seed: string): string {
  return seed.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 32);
}

function scheduledFor(options: CompiledScenarioOptions, prng: Prng, seedTag: string): ScheduledEvent[] {
  return options.scenario === 'peru-public' ? publicEvents() : simulatedSurveys(prng, seedTag, options.fromDay, options.toDay);
}

/** The records of a scenario, synchronously and lazily, in emission (arrival) order. */
export function* scenarioRecords(options: ScenarioOptions = {}): Generator<ScenarioRecord, void, undefined> {
  const compiled = compileScenarioOptions(options);
  const prng = new Prng(`vigia-simulate:${compiled.seed}`);
  const seedTag = seedTagOf(compiled.seed);
  const scheduled = scheduledFor(compiled, prng, seedTag);
  // Scenarios differ in content for the same serial number, so they never share event ids.
  const idPrefix = compiled.scenario === 'peru-public' ? `simpp-${seedTag}` : `sim-${seedTag}`;
  const pinnedRecords = scheduled.reduce((sum, event) => sum + event.versions.length, 0);
  const budget = compiled.count - pinnedRecords;
  if (budget < 0) {
    throw new SimulateError(
      'VIGIA_SIMULATE_OPTIONS_INVALID',
      `count must be at least ${pinnedRecords} for this scenario and time range (its surveys and public events)`,
      {
        context: { option: 'count', minimum: pinnedRecords },
      },
    );
  }
  const fromDay = Math.min(compiled.fromDay, scheduled[0]?.day ?? compiled.fromDay);
  const toDay = Math.max(compiled.toDay, scheduled[scheduled.length - 1]?.day ?? compiled.toDay);
  let totalWeight = 0;
  for (let day = compiled.fromDay; day <= compiled.toDay; day += 1) totalWeight += activityWeightOfDay(day);

  const buffer = new ReorderBuffer<PendingRecord>(compiled.reorderCapacity);
  let seq = 0;
  let position = 0;
  let created = 0;
  let serial = 0;
  let cumulativeWeight = 0;
  let nextScheduled = 0;
  const emit = (pending: PendingRecord): ScenarioRecord => {
    position += 1;
    const { arrivalMinute: _arrival, seq: _seq, ...record } = pending;
    return { position, ...record };
  };
  const pending = (record: Omit<PendingRecord, 'seq' | 'arrivesAt' | 'late'>, dayStartMinute: number): PendingRecord => {
    seq += 1;
    return { ...record, seq, arrivesAt: peruDateTime(record.arrivalMinute), late: record.arrivalMinute - dayStartMinute > lateAfterMinutes };
  };

  for (let day = fromDay; day <= toDay; day += 1) {
    const dayStart = day * minutesPerDay;
    // Nothing created from today on can arrive before today: whatever arrived earlier may leave.
    for (let ready = buffer.popArrivedBefore(dayStart); ready !== undefined; ready = buffer.popArrivedBefore(dayStart)) yield emit(ready);

    for (let event = scheduled[nextScheduled]; event !== undefined && event.day === day; event = scheduled[++nextScheduled]) {
      for (const [i, version] of event.versions.entries()) {
        const record = pending(
          {
            eventId: event.eventId,
            revision: i + 1,
            kind: event.kind,
            occurredOn: isoDateOfDay(event.day),
            expected: i === 0 ? Expected.recorded : Expected.revised,
            ...(event.known === undefined ? {} : { known: event.known }),
            report: version.report,
            arrivalMinute: version.arrivalMinute,
          },
          dayStart,
        );
        const overflow = buffer.push(record);
        if (overflow !== undefined) yield emit(overflow);
      }
    }

    if (day < compiled.fromDay || day > compiled.toDay) continue;
    cumulativeWeight += activityWeightOfDay(day);
    const target = day === compiled.toDay ? budget : Math.floor((budget * cumulativeWeight) / totalWeight);
    while (created < target) {
      serial += 1;
      const versions = backgroundEvent(prng, compiled, `${idPrefix}-${serial}`, day, budget - created);
      for (const version of versions) {
        const overflow = buffer.push(pending(version, dayStart));
        if (overflow !== undefined) yield emit(overflow);
      }
      created += versions.length;
    }
  }
  for (let rest = buffer.pop(); rest !== undefined; rest = buffer.pop()) yield emit(rest);
}

/** One background event and its extra records (re-send, revisions), at most `remaining` records. */
function backgroundEvent(
  prng: Prng,
  options: CompiledScenarioOptions,
  eventId: string,
  day: number,
  remaining: number,
): Omit<PendingRecord, 'seq' | 'arrivesAt' | 'late'>[] {
  const { kind, report } = backgroundReport(prng, eventId, day, hotspotTable.pick(prng));
  const late = prng.chance(options.lateShare);
  // Reports are filed during the day (07:00 onwards), within three days, or 4 to 60 days later when late.
  const delayMinutes = late ? prng.int(4 * minutesPerDay, 60 * minutesPerDay) : prng.int(0, lateAfterMinutes - 421);
  const arrivalMinute = day * minutesPerDay + 420 + delayMinutes;
  const first: Report = prng.chance(0.85) ? { ...report, reportedAt: peruDateTime(arrivalMinute) } : report;
  const common = { eventId, kind, occurredOn: isoDateOfDay(day) };
  const roll = prng.next();
  if (roll < options.malformedShare) {
    let malformation = malformations.pick(prng);
    if (malformation === Malformation.unitUnknown && kind !== 'seizure') malformation = Malformation.placeUnknown;
    return [{ ...common, revision: 1, expected: Expected.rejected, malformation, report: malformedReport(prng, first, malformation, day), arrivalMinute }];
  }
  const records = [{ ...common, revision: 1, expected: Expected.recorded as Expected, report: first, arrivalMinute }];
  if (roll < options.malformedShare + options.duplicateShare && remaining >= 2) {
    // A re-send within the day, byte for byte.
    records.push({ ...common, revision: 1, expected: Expected.duplicate, report: first, arrivalMinute: arrivalMinute + prng.int(10, minutesPerDay - 1) });
  } else if (roll < options.malformedShare + options.duplicateShare + options.revisionShare && remaining >= 2) {
    const revisions = remaining >= 3 && prng.chance(0.3) ? 2 : 1;
    let previous = first;
    let previousArrival = arrivalMinute;
    for (let r = 0; r < revisions; r += 1) {
      previousArrival += prng.int(minutesPerDay, 10 * minutesPerDay);
      previous = revisedReport(prng, previous, peruDateTime(previousArrival));
      records.push({ ...common, revision: previous.revision as number, expected: Expected.revised, report: previous, arrivalMinute: previousArrival });
    }
  }
  return records;
}

/** The records of a scenario as an async stream, for callers that send them anywhere (ingest core, Bus, HTTP). */
export async function* generateScenario(options: ScenarioOptions = {}): AsyncGenerator<ScenarioRecord, void, undefined> {
  yield* scenarioRecords(options);
}
