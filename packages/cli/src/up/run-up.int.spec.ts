/**
 * The main job end to end: `vigia up` runs every stage in one process, loads
 * the public scenario and ends with the alerts it must raise — the 2020 coca
 * growth, the 2021 San Miguel del Ene killing (revised to 18 dead) and the 2014
 * Trujillo seizure — on the embedded log and on the real Kafka broker alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { runCli } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigia-up-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function expectKnownAlerts(summary: string): void {
  const firing = summary.slice(summary.indexOf('firing now:'));
  expect(firing).toMatch(/CRITICAL\s+FIRING\s+Perú \(national\)\s+coca-growth-yoy\s+Coca cultivation in Perú grew 22\.5 %/);
  expect(firing).toMatch(/CRITICAL\s+FIRING\s+Junín \(department\)\s+mass-casualty-event\s+18 killed in one mass-killing at San Miguel del Ene/);
  expect(firing).toMatch(/FIRING\s+La Libertad \(department\)\s+large-cocaine-seizure\s+7,600 kg of cocaine hydrochloride/);
}

describe('vigia up', () => {
  it('runs the pipeline on the embedded log and ends with the scenario’s alerts', async () => {
    const io = memoryIo({});
    const status = await runCli(['up', '--count', '1500', '--data-dir', await temporaryDir(), '--no-color', '--log-level', 'error'], io);
    expect(io.stderr.text()).toContain('embedded log');
    expect(status).toBe(0);
    expect(io.stdout.text()).toMatch(
      /Processed 1500 reports: \d+ canonical changes \(event\.recorded \d+, event\.revised \d+\), \d+ in the DLQ \(.*DUPLICATE_REPORT \d+/,
    );
    expectKnownAlerts(io.stdout.text());
  }, 180_000);

  it('gives the same alerts on the real Kafka broker, in a namespace of its own', async () => {
    const io = memoryIo({ KAFKA_BROKERS: inject('kafkaBrokers').join(',') });
    const status = await runCli(['up', '--count', '1500', '--no-color', '--log-level', 'error'], io);
    expect(io.stderr.text()).toMatch(/Kafka at .*topics in namespace up-/);
    expect(status).toBe(0);
    expectKnownAlerts(io.stdout.text());
  }, 180_000);

  it('runs the services as separate processes, each its own main.ts, with the same alerts', async () => {
    const io = memoryIo({ ...process.env, KAFKA_BROKERS: inject('kafkaBrokers').join(',') } as Record<string, string>);
    // Five processes on a busy 2-core CI machine: the bound is generous (20 s idle, 45 s beside a busy loop),
    // and a run that does not end says where it stood instead of a bare timeout.
    let stalled: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      stalled = setTimeout(
        () =>
          reject(
            new Error(`vigia up --processes did not end in 400 s; its output so far:\n${io.stdout.text().slice(-4000)}\n${io.stderr.text().slice(-4000)}`),
          ),
        400_000,
      );
    });
    try {
      const status = await Promise.race([runCli(['up', '--processes', '--count', '1500', '--no-color', '--log-level', 'warn'], io), deadline]);
      expect(status, io.stderr.text()).toBe(0);
    } finally {
      clearTimeout(stalled);
    }
    expectKnownAlerts(io.stdout.text());
  }, 420_000);

  it('starts every service empty with --scenario none, and alerts on the reports a user posts', async () => {
    const io = memoryIo({});
    const untilInterrupted = async () => {
      // The run is following: nothing was loaded, the ingest API is up with a key for this run.
      expect(io.stdout.text()).toContain('Processed 0 reports: 0 canonical changes (none), 0 in the DLQ (none).');
      const [, url, apiKey] = await io.stderr.until(/ingest API\s+(\S+)\s+\(publisher key (\S+)\)/, 5_000);
      const killing = {
        kind: 'incident',
        eventId: 'user-2024-001',
        occurredAt: '2024-03-14',
        reportedAt: '2024-03-15T09:00:00-05:00',
        place: 'Llochegua, Huanta',
        incidentType: 'masacre',
        casualties: { civilians: { killed: 6 } },
      };
      const answer = await fetch(`${url}/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey! },
        body: JSON.stringify(killing),
      });
      expect(answer.ok, await answer.clone().text()).toBe(true);
      await io.stdout.until(/FIRING\s+Ayacucho \(department\)\s+mass-casualty-event\s+6 killed/, 60_000);
    };
    // Every port free-picked: a fixed one (8081, 8082) can be held by another test or process on a shared machine.
    const dataDir = await temporaryDir();
    const ports = ['--port', '0', '--query-port', '0', '--console-port', '0'];
    const args = ['up', '--scenario', 'none', '--follow', ...ports, '--data-dir', dataDir, '--no-color', '--log-level', 'error'];
    const status = await runCli(args, io, { up: { untilInterrupted } });
    expect(status, io.stderr.text()).toBe(0);
    expect(io.stderr.text()).toContain('no scenario (--scenario none): every service starts empty');
    expect(io.stderr.text()).not.toContain('loading scenario');
  }, 90_000);

  it('refuses a wrong flag with a usage error', async () => {
    const io = memoryIo({});
    expect(await runCli(['up', '--bogus'], io)).toBe(2);
    expect(io.stderr.text()).toContain("Unknown option '--bogus'");
    expect(await runCli(['up', '--scenario', 'mars'], io)).toBe(2);
    expect(io.stderr.text()).toContain('--scenario must be one of baseline, peru-public, none');
    expect(await runCli(['up', '--scenario', 'none', '--count', '10'], io)).toBe(2);
    expect(io.stderr.text()).toContain('--scenario none sends none');
    expect(await runCli(['up', '--processes'], io)).toBe(2);
    expect(io.stderr.text()).toContain('--processes needs KAFKA_BROKERS');
  });
});
