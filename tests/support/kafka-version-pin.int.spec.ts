import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { pinnedKafkaVersion } from './kafka-local-broker.ts';

const read = (path: string): Promise<string> => readFile(new URL(path, import.meta.url), 'utf8');

// kafka.sh pins the Apache Kafka version; the compose file and the POM's default repeat
// it because neither can read the script. Drift would give Docker users and CI a
// different broker than the one kafkajs was checked against (infra/kafka/README.md).
describe('Kafka version pin', () => {
  it('is the same in kafka.sh, infra/compose.yaml and infra/kafka/pom.xml', async () => {
    const pinned = await pinnedKafkaVersion();
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await read('../../infra/compose.yaml')).toContain(`image: apache/kafka:${pinned}\n`);
    expect(await read('../../infra/kafka/pom.xml')).toContain(`<kafka.version>${pinned}</kafka.version>`);
  });
});
