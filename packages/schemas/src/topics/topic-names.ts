import { SchemasError } from '../schemas-errors.ts';
import { topics } from './registry.ts';
import type { TopicDefinition } from './topic-definition.ts';

/** Base names of every registered topic. */
export type TopicName = keyof typeof topics;

export const topicNames = Object.keys(topics) as TopicName[];

/**
 * Namespaces isolate analysts' replays: `replay-42.vigia.events.v1` is a copy
 * of the topic with the same contract. Lower-case, digits and dashes; it
 * cannot contain `.` so the base name is always recoverable.
 */
export const namespacePattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export interface TopicNameOptions {
  /** Prefix for an isolated replay; `undefined` or empty means the live topics. */
  readonly namespace?: string | undefined;
}

export function isTopicName(name: string): name is TopicName {
  return Object.hasOwn(topics, name);
}

/** The physical topic name of a registered topic, in a namespace when one is given. */
export function topicName(base: TopicName, options: TopicNameOptions = {}): string {
  if (!isTopicName(base)) {
    throw new SchemasError('VIGIA_SCHEMAS_TOPIC_UNKNOWN', 'unknown topic', { context: { topic: base } });
  }
  const namespace = options.namespace;
  if (namespace === undefined || namespace === '') return base;
  if (!namespacePattern.test(namespace)) {
    throw new SchemasError('VIGIA_SCHEMAS_NAMESPACE_INVALID', 'namespace must be 1-63 lower-case letters, digits or inner dashes', { context: { namespace } });
  }
  return `${namespace}.${base}`;
}

export interface ResolvedTopic {
  readonly base: TopicName;
  readonly namespace: string | undefined;
  readonly definition: TopicDefinition;
}

/** Finds the registry entry of a physical topic name (namespaced or not); `undefined` if none. */
export function resolveTopic(physicalName: string): ResolvedTopic | undefined {
  if (isTopicName(physicalName)) return { base: physicalName, namespace: undefined, definition: topics[physicalName] };
  const dot = physicalName.indexOf('.');
  if (dot <= 0) return undefined;
  const namespace = physicalName.slice(0, dot);
  const base = physicalName.slice(dot + 1);
  if (!namespacePattern.test(namespace) || !isTopicName(base)) return undefined;
  return { base, namespace, definition: topics[base] };
}

/** Like `resolveTopic`, but throws `VIGIA_SCHEMAS_TOPIC_UNKNOWN`. */
export function requireTopic(physicalName: string): ResolvedTopic {
  const resolved = resolveTopic(physicalName);
  if (resolved === undefined) {
    throw new SchemasError('VIGIA_SCHEMAS_TOPIC_UNKNOWN', 'not a Vigía topic', { context: { topic: physicalName } });
  }
  return resolved;
}
