/**
 * Who may revise an event travels in Kafka headers, not in the `.v1` values:
 * ownership is a matter between ingest, which knows the API key, and the
 * normalizer, which enforces it; the event's content is unchanged by it.
 */

/** On raw reports: the role of the API key that submitted the record (`publisher`, `editor`, `admin`). */
export const ingestKeyRoleHeader = 'vigia-ingest-key-role';

/** On `vigia.events.v1`: the publisher that first sent the event id; it alone may revise the event. */
export const eventOwnerHeader = 'vigia-event-owner';

/** On `vigia.events.v1`, on a revision an editor made of another publisher's event: the editor. */
export const eventOverriddenByHeader = 'vigia-event-overridden-by';

/** With `vigia-event-overridden-by`: when ingest received the overriding report (ISO 8601). */
export const eventOverriddenAtHeader = 'vigia-event-overridden-at';

/** The roles whose revisions may override another publisher's event. */
export const editorRoles: readonly string[] = ['editor'];

/**
 * How far one revision may jump past the latest accepted one, and the highest
 * revision a new event may start at. A report is revised a handful of times
 * (14 dead, then 16, then 18); a step of 2⁵³−1 only locks out the real
 * revisions that follow (issue 13). ACLED rows, whose revision is their edit
 * timestamp, are bounded by their arrival time instead.
 */
export const maxRevisionStep = 100;
