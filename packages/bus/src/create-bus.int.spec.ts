import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BusConfigError, parseBusConfig } from './bus-config.ts';
import { createBus, readTlsFiles } from './create-bus.ts';

const silent = pino({ level: 'silent' });

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigia-create-bus-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('readTlsFiles', () => {
  it('reads the configured PEM files', async () => {
    const dir = await temporaryDir();
    await writeFile(join(dir, 'ca.pem'), 'CA PEM');
    await writeFile(join(dir, 'client.pem'), 'CERT PEM');
    await writeFile(join(dir, 'client.key'), 'KEY PEM');
    expect(await readTlsFiles({ caFile: join(dir, 'ca.pem') })).toEqual({ caPem: 'CA PEM' });
    expect(await readTlsFiles({ caFile: join(dir, 'ca.pem'), certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key') })).toEqual({
      caPem: 'CA PEM',
      certPem: 'CERT PEM',
      keyPem: 'KEY PEM',
    });
    expect(await readTlsFiles({})).toBe(true);
  });

  it('reports every unreadable file with its variable and path, and no contents', async () => {
    const dir = await temporaryDir();
    await writeFile(join(dir, 'ca.pem'), 'SECRET CA');
    const error = await readTlsFiles({
      caFile: join(dir, 'ca.pem'),
      certFile: join(dir, 'missing.pem'),
      keyFile: dir, // a directory, not a file
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusConfigError);
    expect(error).toMatchObject({ code: 'VIGIA_BUS_CONFIG_INVALID', variables: ['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] });
    expect((error as BusConfigError).message).toContain(join(dir, 'missing.pem'));
    expect((error as BusConfigError).message).toContain('ENOENT');
    expect((error as BusConfigError).message).not.toContain('SECRET CA');
  });
});

describe('createBus', () => {
  it('opens the embedded log when no broker is configured', async () => {
    const dir = await temporaryDir();
    const bus = await createBus(parseBusConfig({ VIGIA_DATA_DIR: join(dir, 'data'), VIGIA_FSYNC: 'never' }), silent);
    onTestFinished(() => bus.close());
    expect(bus.kind).toBe('embedded');
    await bus.admin.ensureTopics([{ name: 'vigia.events.v1', partitions: 2, cleanupPolicy: 'delete' }]);
    expect(await bus.admin.listTopics()).toEqual(['vigia.events.v1']);
  });

  it('creates a Kafka bus without connecting, reading TLS files first', async () => {
    const dir = await temporaryDir();
    await writeFile(join(dir, 'ca.pem'), 'CA PEM');
    // Port 1 on loopback: nothing listens; creating the bus must not try.
    const config = parseBusConfig({ KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'ca.pem') });
    const bus = await createBus(config, silent);
    expect(bus.kind).toBe('kafka');
    await bus.close();

    const missing = parseBusConfig({ KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'nope.pem') });
    await expect(createBus(missing, silent)).rejects.toMatchObject({ code: 'VIGIA_BUS_CONFIG_INVALID', variables: ['KAFKA_SSL_CA_FILE'] });
  });
});
