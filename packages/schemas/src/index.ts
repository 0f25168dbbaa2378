/**
 * `@vigia/schemas`: the single source of every topic's contract — names,
 * keys, partitioning, retention and value schemas — plus the repository's
 * error base class, CloudEvents headers and JSON codecs.
 */

export * from './vigia-error.ts';
export * from './schemas-errors.ts';
export * from './primitives.ts';
export * from './regions.ts';
export * from './cloudevents.ts';

export * from './events/location.ts';
export * from './events/event-common.ts';
export * from './events/incident-types.ts';
export * from './events/incident.ts';
export * from './events/quantity.ts';
export * from './events/seizure.ts';
export * from './events/cultivation-survey.ts';
export * from './events/canonical-event.ts';
export * from './events/event-change.ts';
export * from './events/raw-report.ts';
export * from './events/normalizer-state.ts';
export * from './events/ownership-headers.ts';

export * from './aggregation/metrics.ts';
export * from './aggregation/contribution.ts';
export * from './aggregation/aggregator-bucket.ts';
export * from './aggregation/fan-out-ledger.ts';
export * from './aggregation/indicator.ts';

export * from './alerts/alert.ts';
export * from './alerts/alert-state.ts';
export * from './alerts/alert-actions.ts';
export * from './alerts/digest.ts';

export * from './dlq/dlq-reasons.ts';
export * from './dlq/dlq-record.ts';

export * from './topics/topic-definition.ts';
export * from './topics/registry.ts';
export * from './topics/topic-names.ts';
export * from './topics/topic-specs.ts';
export * from './topics/keys.ts';

export * from './codec/issues.ts';
export * from './codec/json-codec.ts';

export * from './export/topic-json-schema.ts';
export * from './export/topics-markdown.ts';
export * from './export/generated-files.ts';
export * from './export/topic-examples.ts';
export { displayText } from './text/display-text.ts';
