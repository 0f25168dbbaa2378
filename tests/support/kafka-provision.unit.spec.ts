import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { candidateEndpoints } from './kafka-container-runtime.ts';
import { parseStartOutput } from './kafka-local-broker.ts';
import {
  parseBrokerList,
  provisionKafka,
  readProvisionSettings,
  type BrokerSources,
  type ProvisionedBroker,
  type ProvisionSettings,
} from './kafka-provision.ts';

const broker = (description: string): ProvisionedBroker => ({
  brokers: [`${description}:9092`],
  description,
  release: async () => undefined,
});

/** Sources that record which one was used; `container` may be made to fail. */
function fakeSources(options: { engine: boolean; containerFails?: boolean }) {
  const used: string[] = [];
  const warnings: string[] = [];
  const sources: BrokerSources = {
    containerRuntimeAnswers: async () => options.engine,
    startContainer: async () => {
      used.push('container');
      if (options.containerFails) throw new TypeError('image pull failed');
      return broker('container');
    },
    startLocal: async ({ keepRunning }) => {
      used.push(`local keep=${keepRunning}`);
      return broker('local');
    },
    warn: (message) => warnings.push(message),
  };
  return { sources, used, warnings };
}

const settings = (overrides: Partial<ProvisionSettings> = {}): ProvisionSettings => ({
  brokersFromEnv: undefined,
  source: 'auto',
  keepRunning: false,
  container: { image: undefined, clientPort: 29_192, controllerPort: 29_193 },
  ...overrides,
});

describe('provisionKafka', () => {
  it('uses KAFKA_BROKERS without starting anything', async () => {
    const { sources, used } = fakeSources({ engine: true });
    const result = await provisionKafka(settings({ brokersFromEnv: ['k1:9092', 'k2:9092'] }), sources);
    expect(result.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(used).toEqual([]);
  });

  it('prefers a container when an engine answers, else the local broker', async () => {
    const withEngine = fakeSources({ engine: true });
    expect((await provisionKafka(settings(), withEngine.sources)).description).toBe('container');
    const without = fakeSources({ engine: false });
    expect((await provisionKafka(settings({ keepRunning: true }), without.sources)).description).toBe('local');
    expect(without.used).toEqual(['local keep=true']);
  });

  it('falls back to the local broker when the container fails in auto mode, with a warning', async () => {
    const { sources, used, warnings } = fakeSources({ engine: true, containerFails: true });
    expect((await provisionKafka(settings(), sources)).description).toBe('local');
    expect(used).toEqual(['container', 'local keep=false']);
    expect(warnings).toHaveLength(1);
  });

  it('does not fall back when the container was asked for explicitly', async () => {
    const { sources } = fakeSources({ engine: false, containerFails: true });
    await expect(provisionKafka(settings({ source: 'container' }), sources)).rejects.toThrow('image pull failed');
  });

  it('uses the local broker when asked to even if an engine answers', async () => {
    const { sources, used } = fakeSources({ engine: true });
    await provisionKafka(settings({ source: 'local' }), sources);
    expect(used).toEqual(['local keep=false']);
  });
});

describe('readProvisionSettings', () => {
  it('reads brokers, source and keep flag', () => {
    expect(readProvisionSettings({ KAFKA_BROKERS: ' a:1, b:2 ', VIGIA_TEST_KAFKA_SOURCE: 'local', VIGIA_KAFKA_KEEP: 'true' })).toMatchObject({
      brokersFromEnv: ['a:1', 'b:2'],
      source: 'local',
      keepRunning: true,
    });
    expect(readProvisionSettings({ KAFKA_BROKERS: '' })).toEqual(settings());
  });

  it("reads the container image and ports, away from kafka.sh's and a shared broker's by default", () => {
    const defaults = readProvisionSettings({}).container;
    expect([defaults.clientPort, defaults.controllerPort]).not.toContain(39_092);
    expect([defaults.clientPort, defaults.controllerPort]).not.toContain(49_092);
    expect(
      readProvisionSettings({
        VIGIA_KAFKA_IMAGE: ' apache/kafka:4.4.0 ',
        VIGIA_KAFKA_CONTAINER_PORT: '41092',
        VIGIA_KAFKA_CONTAINER_CONTROLLER_PORT: '41093',
      }).container,
    ).toEqual({ image: 'apache/kafka:4.4.0', clientPort: 41_092, controllerPort: 41_093 });
  });

  it.each(['0', '65536', '9092x', '-1'])('rejects the container port "%s"', (port) => {
    expect(() => readProvisionSettings({ VIGIA_KAFKA_CONTAINER_PORT: port })).toThrow(expect.objectContaining({ code: 'VIGIA_TEST_KAFKA_BROKERS_INVALID' }));
  });

  it('rejects an unknown source', () => {
    expect(() => readProvisionSettings({ VIGIA_TEST_KAFKA_SOURCE: 'docker' })).toThrow(expect.objectContaining({ code: 'VIGIA_TEST_KAFKA_BROKERS_INVALID' }));
  });
});

describe('parseBrokerList', () => {
  const hostname = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/);
  const address = fc.tuple(hostname, fc.integer({ min: 1, max: 65_535 })).map(([h, p]) => `${h}:${p}`);

  it('returns every host:port of a comma-separated list, whatever the spacing', () => {
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 5 }), fc.constantFrom(',', ', ', ' , '), (list, sep) => {
        expect(parseBrokerList(list.join(sep))).toEqual(list);
      }),
    );
  });

  it.each(['localhost', 'localhost:', ':9092', 'a:9092,b', ' , '])('rejects "%s"', (raw) => {
    expect(() => parseBrokerList(raw)).toThrow(expect.objectContaining({ code: 'VIGIA_TEST_KAFKA_BROKERS_INVALID' }));
  });
});

describe('parseStartOutput', () => {
  it('reads the brokers and whether this call started the broker', () => {
    expect(parseStartOutput('KAFKA_BROKERS=127.0.0.1:39092\nKAFKA_STARTED=1\n')).toEqual({
      brokers: ['127.0.0.1:39092'],
      startedByThisCall: true,
    });
    expect(parseStartOutput('KAFKA_BROKERS=127.0.0.1:39092\nKAFKA_STARTED=0\n').startedByThisCall).toBe(false);
  });

  it('fails when the script printed no brokers', () => {
    expect(() => parseStartOutput('')).toThrow(expect.objectContaining({ code: 'VIGIA_TEST_KAFKA_LOCAL_BROKER_FAILED' }));
  });
});

describe('candidateEndpoints', () => {
  it('puts DOCKER_HOST first and understands unix and tcp addresses', () => {
    const home = '/nonexistent-home';
    expect(candidateEndpoints({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, home })[0]).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
    });
    expect(candidateEndpoints({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, home })[0]).toEqual({
      kind: 'socket',
      path: '/run/user/1000/docker.sock',
    });
    expect(candidateEndpoints({ env: {}, home })[0]).toEqual({ kind: 'socket', path: '/var/run/docker.sock' });
  });
});
