/**
 * Bus configuration from environment variables: the single source of truth
 * for which adapter runs and how it connects. `KAFKA_BROKERS` selects Kafka;
 * without it the embedded on-disk log is used.
 *
 * The schema reads strings only (file paths included: `createBus` reads the
 * TLS files), reports every bad variable at once, and produces a normalized,
 * frozen `BusConfig`. Callers pass the environment in (`process.env` in
 * `main.ts`); nothing here reads it.
 */
import { z } from 'zod';
import { BusError } from './bus-errors.ts';
import type { FsyncPolicy } from './embedded/embedded-options.ts';
import type { KafkaSaslConfig, KafkaSaslMechanism } from './kafka/kafka-config.ts';

export const busEnvVariables = [
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_SSL',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'VIGIA_DATA_DIR',
  'VIGIA_FSYNC',
] as const;

export type BusEnvVariable = (typeof busEnvVariables)[number];

/** TLS settings as configured: file paths, read when the bus is created. */
export interface KafkaTlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface KafkaBusSettings {
  readonly kind: 'kafka';
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** `false`: plaintext. An object (possibly empty: Node's default CAs): TLS. */
  readonly ssl: false | KafkaTlsFiles;
  /** The password is a non-enumerable property, so logging the config never prints it. */
  readonly sasl?: KafkaSaslConfig;
}

export interface EmbeddedBusSettings {
  readonly kind: 'embedded';
  readonly dataDir: string;
  readonly fsync: FsyncPolicy;
}

export type BusConfig = KafkaBusSettings | EmbeddedBusSettings;

export const defaultDataDir = '.vigia/data';
export const defaultKafkaClientId = 'vigia';

const saslMechanisms = ['scram-sha-256', 'scram-sha-512', 'plain'] as const satisfies readonly KafkaSaslMechanism[];
const fsyncPolicies = ['commit', 'never'] as const satisfies readonly FsyncPolicy[];

/** An unset variable and an empty one mean the same: `KAFKA_BROKERS=` selects the embedded log. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

// host:port, host being a name, an IPv4 address or a bracketed IPv6 address.
const brokerAddress = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .superRefine((entries, ctx) => {
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'list at least one broker as host:port, e.g. 127.0.0.1:9092' });
    for (const entry of entries) {
      const port = Number(brokerAddress.exec(entry)?.[2] ?? Number.NaN);
      if (!(port >= 1 && port <= 65_535)) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not host:port; write brokers as host:port[,host:port…], e.g. kafka-1:9092,kafka-2:9092` });
      }
    }
  });

const path = z.string().trim().min(1);

const kafkaOnly = busEnvVariables.filter((name) => name.startsWith('KAFKA_') && name !== 'KAFKA_BROKERS');

/**
 * The schema of each variable. Every variable is optional; messages say how
 * to fix. Rules between variables are in `busEnvRulesSchema`.
 */
export const busEnvSchema = z.object({
  KAFKA_BROKERS: optional(brokerList),
  KAFKA_CLIENT_ID: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" and "-" only, e.g. vigia-normalizer'),
  ),
  KAFKA_SSL: optional(z.stringbool({ error: 'write true or false (also accepted: 1/0, yes/no, on/off)' })),
  KAFKA_SSL_CA_FILE: optional(path),
  KAFKA_SSL_CERT_FILE: optional(path),
  KAFKA_SSL_KEY_FILE: optional(path),
  KAFKA_SASL_MECHANISM: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(saslMechanisms, { error: `use one of ${saslMechanisms.join(', ')}` })),
  ),
  KAFKA_SASL_USERNAME: optional(z.string()),
  KAFKA_SASL_PASSWORD: optional(z.string()),
  VIGIA_DATA_DIR: optional(path),
  VIGIA_FSYNC: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(fsyncPolicies, { error: `use ${fsyncPolicies.join(' or ')}` })),
  ),
});

/** Set and non-blank, as the field schemas see it. */
const isSet = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * Rules between variables, checked on the raw environment and separately from
 * `busEnvSchema`, so they are reported even when a single variable is also
 * bad (zod skips an object's refinements once a field failed): one error
 * lists every problem. They look only at which variables are set.
 */
export const busEnvRulesSchema = z.looseObject({}).superRefine((env, ctx) => {
  const has = (name: BusEnvVariable) => isSet(env[name]);
  const issue = (name: BusEnvVariable, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });

  if (!has('KAFKA_BROKERS')) {
    for (const name of kafkaOnly) {
      if (has(name)) issue(name, `${name} applies to Kafka only: set KAFKA_BROKERS too, or unset ${name} to use the embedded log`);
    }
    return;
  }
  if (has('KAFKA_SASL_MECHANISM')) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (!has(name)) issue(name, `${name} is required when KAFKA_SASL_MECHANISM is set`);
    }
  } else if (has('KAFKA_SASL_USERNAME') || has('KAFKA_SASL_PASSWORD')) {
    issue(
      'KAFKA_SASL_MECHANISM',
      `set KAFKA_SASL_MECHANISM (${saslMechanisms.join(', ')}) to authenticate with KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD, or unset them`,
    );
  }
  const tlsFiles = (['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const).filter(has);
  const ssl = busEnvSchema.shape.KAFKA_SSL.safeParse(env.KAFKA_SSL);
  // An unparsable KAFKA_SSL is reported by the field schema already.
  if (tlsFiles.length > 0 && ssl.success && ssl.data !== true) {
    const them = tlsFiles.length === 1 ? 'it' : 'them';
    issue('KAFKA_SSL', `${tlsFiles.join(', ')} ${tlsFiles.length === 1 ? 'is' : 'are'} set: set KAFKA_SSL=true to use TLS, or unset ${them}`);
  }
  if (has('KAFKA_SSL_CERT_FILE') !== has('KAFKA_SSL_KEY_FILE')) {
    const missing = has('KAFKA_SSL_CERT_FILE') ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE';
    issue(missing, `mutual TLS needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: set ${missing} too`);
  }
});

export type BusEnv = z.input<typeof busEnvSchema>;

export interface BusConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** The environment does not describe a usable bus; `issues` lists every bad variable. */
export class BusConfigError extends BusError<'VIGIA_BUS_CONFIG_INVALID'> {
  declare readonly issues: readonly BusConfigIssue[];
  /** The distinct variables named by `issues`, in order. */
  declare readonly variables: readonly string[];

  constructor(message: string, issues: readonly BusConfigIssue[], options?: { cause?: unknown }) {
    super('VIGIA_BUS_CONFIG_INVALID', message, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      context: {
        issues: issues.map((issue) => ({ variable: issue.variable, message: issue.message })),
        variables: [...new Set(issues.map((issue) => issue.variable))],
      },
    });
  }
}

function withHiddenPassword(sasl: KafkaSaslConfig): KafkaSaslConfig {
  const result = { mechanism: sasl.mechanism, username: sasl.username } as KafkaSaslConfig;
  Object.defineProperty(result, 'password', { value: sasl.password, enumerable: false });
  return Object.freeze(result);
}

/**
 * Parses bus settings from `env` (pass `process.env`). Throws one
 * `BusConfigError` listing every bad variable, never echoing secret values.
 */
export function parseBusConfig(env: Readonly<Record<string, string | undefined>>): BusConfig {
  const input = Object.fromEntries(busEnvVariables.map((name) => [name, env[name]]));
  const parsed = busEnvSchema.safeParse(input);
  const rules = busEnvRulesSchema.safeParse(input);
  if (!parsed.success || !rules.success) {
    const error = new z.ZodError([...(parsed.error?.issues ?? []), ...(rules.error?.issues ?? [])]);
    const issues = error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message }));
    throw new BusConfigError(`invalid bus configuration:\n${z.prettifyError(error)}`, issues, { cause: error });
  }
  const vars = parsed.data;
  if (vars.KAFKA_BROKERS === undefined) {
    return Object.freeze({ kind: 'embedded', dataDir: vars.VIGIA_DATA_DIR ?? defaultDataDir, fsync: vars.VIGIA_FSYNC ?? 'commit' });
  }
  const tls: KafkaTlsFiles = {
    ...(vars.KAFKA_SSL_CA_FILE === undefined ? {} : { caFile: vars.KAFKA_SSL_CA_FILE }),
    ...(vars.KAFKA_SSL_CERT_FILE === undefined ? {} : { certFile: vars.KAFKA_SSL_CERT_FILE }),
    ...(vars.KAFKA_SSL_KEY_FILE === undefined ? {} : { keyFile: vars.KAFKA_SSL_KEY_FILE }),
  };
  const config: KafkaBusSettings = {
    kind: 'kafka',
    brokers: Object.freeze([...vars.KAFKA_BROKERS]),
    clientId: vars.KAFKA_CLIENT_ID ?? defaultKafkaClientId,
    ssl: vars.KAFKA_SSL === true ? Object.freeze(tls) : false,
    ...(vars.KAFKA_SASL_MECHANISM === undefined
      ? {}
      : {
          sasl: withHiddenPassword({
            mechanism: vars.KAFKA_SASL_MECHANISM,
            username: vars.KAFKA_SASL_USERNAME ?? '',
            password: vars.KAFKA_SASL_PASSWORD ?? '',
          }),
        }),
  };
  return Object.freeze(config);
}
