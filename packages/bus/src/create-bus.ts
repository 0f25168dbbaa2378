/**
 * Turns a parsed `BusConfig` into a running Bus: the embedded log when no
 * broker is configured, Kafka otherwise. Services call
 * `createBus(parseBusConfig(process.env), logger)` from `main.ts`.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { type BusConfig, BusConfigError, type KafkaTlsFiles } from './bus-config.ts';
import { createEmbeddedBus } from './embedded/index.ts';
import { createKafkaBus } from './kafka/index.ts';
import type { KafkaTlsConfig } from './kafka/kafka-config.ts';
import type { Bus } from './port.ts';

const tlsFileVariables = {
  caFile: 'KAFKA_SSL_CA_FILE',
  certFile: 'KAFKA_SSL_CERT_FILE',
  keyFile: 'KAFKA_SSL_KEY_FILE',
} as const satisfies Record<keyof KafkaTlsFiles, string>;

/** Largest PEM file read: a CA bundle of every public root is about 250 KB. */
export const maxPemFileBytes = 1024 * 1024;

/**
 * Reads the configured PEM files. Every unreadable file is reported in one
 * `BusConfigError`, naming the variable and the path (never the contents).
 */
export async function readTlsFiles(files: KafkaTlsFiles): Promise<KafkaTlsConfig | true> {
  const entries = Object.entries(files) as [keyof KafkaTlsFiles, string | undefined][];
  if (entries.every(([, path]) => path === undefined)) return true;
  const read = await Promise.all(
    entries.map(async ([field, path]) => {
      if (path === undefined) return { field, pem: undefined };
      try {
        // A PEM bundle is kilobytes; a wrong path to a large file is refused before it is read.
        const { size } = await stat(path);
        if (size > maxPemFileBytes) {
          const error = new RangeError(`larger than ${maxPemFileBytes} bytes`);
          return { field, error, message: `${path} is ${size} bytes, more than a PEM file can be (${maxPemFileBytes}): check the path` };
        }
        return { field, pem: await readFile(path, 'utf8') };
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        return { field, error, message: `cannot read ${path} (${reason}): check the path and the file's permissions` };
      }
    }),
  );
  const failed = read.filter((entry) => 'error' in entry);
  if (failed.length > 0) {
    const issues = failed.map((entry) => ({ variable: tlsFileVariables[entry.field], message: entry.message! }));
    throw new BusConfigError(`invalid bus configuration:\n${issues.map((issue) => `✖ ${issue.message}\n  → at ${issue.variable}`).join('\n')}`, issues, {
      cause: failed[0]!.error,
    });
  }
  const pem = (field: keyof KafkaTlsFiles) => read.find((entry) => entry.field === field)?.pem;
  const ca = pem('caFile');
  const cert = pem('certFile');
  const key = pem('keyFile');
  return {
    ...(ca === undefined ? {} : { caPem: ca }),
    ...(cert === undefined ? {} : { certPem: cert }),
    ...(key === undefined ? {} : { keyPem: key }),
  };
}

/** Creates the adapter `config` selects. Kafka connects lazily; the embedded log opens its data directory. */
export async function createBus(config: BusConfig, logger: Logger): Promise<Bus> {
  if (config.kind === 'embedded') {
    logger.info({ bus: 'embedded', dataDir: config.dataDir, fsync: config.fsync }, 'using the embedded log');
    return createEmbeddedBus({ dataDir: config.dataDir, logger, fsync: config.fsync });
  }
  const ssl = config.ssl === false ? undefined : await readTlsFiles(config.ssl);
  logger.info(
    { bus: 'kafka', brokers: config.brokers, clientId: config.clientId, tls: ssl !== undefined, sasl: config.sasl?.mechanism ?? 'none' },
    'using Kafka',
  );
  return createKafkaBus(
    {
      brokers: config.brokers,
      clientId: config.clientId,
      ...(ssl === undefined ? {} : { ssl }),
      ...(config.sasl === undefined ? {} : { sasl: { mechanism: config.sasl.mechanism, username: config.sasl.username, password: config.sasl.password } }),
    },
    logger,
  );
}
