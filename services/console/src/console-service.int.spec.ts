import { describe, expect, it } from 'vitest';
import { createConsoleService } from './console-service.ts';
import {
  api,
  apiKeys,
  clashes,
  consoleWithAlerter,
  embeddedBus,
  keys,
  openStream,
  publishIndicators,
  run,
  silentLogger,
  waitUntil,
} from './testing/console-support.ts';

interface AlertView {
  change: string;
  alert: { fingerprint: string; state: string; region: { code: string }; silenced: boolean; acknowledged: { by: string; comment?: string } | null };
}

describe('console service (embedded bus, real alerter)', () => {
  it('refuses requests without a key (401), with an unknown key (401), and viewers who act (403)', async () => {
    const bus = await embeddedBus();
    const { url } = await consoleWithAlerter(bus);
    expect((await api(url, undefined).get('/v1/alerts')).status).toBe(401);
    expect((await api(url, 'not-a-key').get('/v1/alerts')).status).toBe(401);
    expect((await api(url, undefined).send('POST', '/v1/alerts/abc/ack', {})).status).toBe(401);
    expect((await api(url, undefined).send('POST', '/v1/silences', {})).status).toBe(401);
    const viewer = api(url, keys.viewer);
    expect((await viewer.get('/v1/alerts')).status).toBe(200);
    expect((await viewer.get('/v1/silences')).status).toBe(200);
    const silence = { matchers: [{ name: 'region', value: '0504' }], endsAt: '2099-01-01T00:00:00Z', comment: 'operation' };
    expect((await viewer.send('POST', '/v1/alerts/abc/ack', { note: 'seen' })).status).toBe(403);
    expect((await viewer.send('POST', '/v1/silences', silence)).status).toBe(403);
    expect((await viewer.send('DELETE', '/v1/silences/abc')).status).toBe(403);
    // The same requests with an operator's key pass authorization (and then meet the domain's answers).
    const operator = api(url, keys.operator);
    expect((await operator.send('POST', '/v1/alerts/abc/ack', {})).status).toBe(404);
    expect((await operator.send('POST', '/v1/silences', silence)).status).toBe(201);
  });

  it('lists alerts with filters, and an acknowledgement by an operator reaches the alert through the alerter', async () => {
    const bus = await embeddedBus();
    const { url, alerter } = await consoleWithAlerter(bus);
    await publishIndicators(bus, alerter.topics.indicators, [clashes('0504', 4, '2024-03-14'), clashes('1001', 5, '2024-03-14')]);
    const viewer = api(url, keys.viewer);
    const list = async (query = '') => ((await (await viewer.get(`/v1/alerts${query}`)).json()) as { alerts: AlertView[] }).alerts;
    await waitUntil(list, (alerts) => alerts.length === 2, 'two firing alerts');
    expect((await list('?region=05')).map((view) => view.alert.region.code)).toEqual(['0504']);
    expect(await list('?state=resolved')).toEqual([]);
    expect(await list('?severity=warning,critical&rule=clashes-7d')).toHaveLength(2);
    expect((await viewer.get('/v1/alerts?severity=loud')).status).toBe(400);

    const [target] = await list('?region=0504');
    const ack = await api(url, keys.operator).send('POST', `/v1/alerts/${target!.alert.fingerprint}/ack`, { note: 'patrol sent' });
    expect(ack.status).toBe(202);
    expect(((await ack.json()) as { action: unknown }).action).toMatchObject({ type: 'alert.acknowledged', by: 'operador.vraem', comment: 'patrol sent' });
    const acknowledged = await waitUntil(
      async () => (await (await viewer.get(`/v1/alerts/${target!.alert.fingerprint}`)).json()) as AlertView & { history: AlertView[] },
      (view) => view.alert.acknowledged !== null,
      'the acknowledged alert',
    );
    expect(acknowledged.alert.acknowledged).toMatchObject({ by: 'operador.vraem', comment: 'patrol sent' });
    expect(acknowledged.history.map((view) => view.alert.state)).toEqual(['firing', 'firing']);
  });

  it('creates, lists and expires silences in Alertmanager shape, and the alerter honours them', async () => {
    const bus = await embeddedBus();
    const { url, alerter } = await consoleWithAlerter(bus);
    const operator = api(url, keys.operator);
    const created = await operator.send('POST', '/v1/silences', {
      matchers: [{ name: 'region', value: '05.*', isRegex: true }],
      endsAt: '2099-01-01T00:00:00Z',
      comment: 'Huanta operation',
    });
    expect(created.status).toBe(201);
    const { silenceID, silence } = (await created.json()) as { silenceID: string; silence: Record<string, unknown> };
    expect(silence).toMatchObject({
      id: silenceID,
      status: { state: 'active' },
      createdBy: 'operador.vraem',
      comment: 'Huanta operation',
      endsAt: '2099-01-01T00:00:00Z',
      matchers: [{ name: 'region', value: '05.*', isRegex: true, isEqual: true }],
    });
    expect((await operator.send('POST', '/v1/silences', { matchers: [], endsAt: '2099-01-01T00:00:00Z', comment: 'x' })).status).toBe(400);

    // The alerter applies actions in order with its inputs: wait until the silence reached every partition.
    await waitUntil(
      () => bus.admin.endOffsets(alerter.topics.jobs),
      (ends) => ends.every((end) => end.offset === 1),
      'the forwarded silence',
    );
    await publishIndicators(bus, alerter.topics.indicators, [clashes('0504', 4, '2024-03-14'), clashes('1001', 5, '2024-03-14')]);
    const viewer = api(url, keys.viewer);
    const alerts = await waitUntil(
      async () => ((await (await viewer.get('/v1/alerts')).json()) as { alerts: AlertView[] }).alerts,
      (all) => all.length === 2,
      'both alerts',
    );
    expect(Object.fromEntries(alerts.map((view) => [view.alert.region.code, view.alert.silenced]))).toEqual({ '0504': true, '1001': false });

    const expired = await operator.send('DELETE', `/v1/silences/${silenceID}`);
    expect(((await expired.json()) as { silence: Record<string, unknown> }).silence).toMatchObject({
      status: { state: 'expired' },
      expiredBy: 'operador.vraem',
    });
    const listed = (await (await viewer.get('/v1/silences')).json()) as { silences: { id: string; status: { state: string } }[] };
    expect(listed.silences).toEqual([expect.objectContaining({ id: silenceID, status: { state: 'expired' } })]);
  });

  it('streams transitions over SSE and resumes with Last-Event-ID: every transition exactly once', async () => {
    const bus = await embeddedBus();
    const { url, alerter, console: service } = await consoleWithAlerter(bus);
    const first = await openStream(url, keys.viewer);
    await waitUntil(
      () => first.events.length,
      (count) => count >= 1,
      'the ready event',
    );
    await publishIndicators(bus, alerter.topics.indicators, [clashes('0504', 4, '2024-03-14'), clashes('1001', 4, '2024-03-14')]);
    await waitUntil(
      () => first.events.filter((event) => event.event === 'alert').length,
      (count) => count === 2,
      'two transitions on the first connection',
    );
    first.close();
    const lastId = first.events.at(-1)!.id!;

    // While the client is away: updates and resolutions of both alerts, and a third alert.
    await publishIndicators(bus, alerter.topics.indicators, [
      clashes('0504', 6, '2024-03-15'),
      clashes('1001', 0, '2024-03-16'),
      clashes('0201', 3, '2024-03-16'),
    ]);
    await waitUntil(
      () => service.feed.since(new Array(12).fill(0)).length,
      (count) => count >= 5,
      'the transitions made while away',
    );
    const second = await openStream(url, keys.viewer, lastId);
    await publishIndicators(bus, alerter.topics.indicators, [clashes('0504', 0, '2024-03-20')]);
    const all = service.feed.since(new Array(12).fill(0));
    await waitUntil(
      () => [...first.events, ...second.events].filter((event) => event.event === 'alert').length,
      (count) => count === service.feed.since(new Array(12).fill(0)).length && count >= 6,
      'every transition',
    );

    const received = [...first.events, ...second.events]
      .filter((event) => event.event === 'alert')
      .map((event) => {
        const { change, alert } = JSON.parse(event.data) as { change: string; alert: { fingerprint: string; updatedAt: string } };
        return `${alert.fingerprint}|${change}|${alert.updatedAt}`;
      });
    const published = service.feed
      .since(new Array(12).fill(0))
      .map((transition) => `${transition.alert.fingerprint}|${transition.change}|${transition.alert.updatedAt}`);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(new Set(received).size).toBe(received.length);
    expect([...received].sort()).toEqual([...published].sort());
    // A cursor that is not one is refused, not silently read as "from now".
    const bad = await fetch(`${url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${keys.viewer}`, 'last-event-id': '1.2.3' } });
    expect(bad.status).toBe(400);
  });

  it('resumes a stream from a cursor given by another (restarted) console instance: cursors are offsets', async () => {
    const bus = await embeddedBus();
    const { url, alerter } = await consoleWithAlerter(bus);
    await publishIndicators(bus, alerter.topics.indicators, [clashes('0504', 4, '2024-03-14')]);
    const viewer = api(url, keys.viewer);
    const before = await waitUntil(
      async () => (await (await viewer.get('/v1/alerts')).json()) as { alerts: AlertView[]; cursor: string },
      (answer) => answer.alerts.length === 1,
      'the first alert',
    );

    // Another console instance under the same id, started later: it rebuilds its view from the topic.
    const other = createConsoleService({ bus, logger: silentLogger, apiKeys, instanceId: `test-${process.pid}` });
    await run(other);
    await other.feed.caughtUp;
    await publishIndicators(bus, alerter.topics.indicators, [clashes('1001', 4, '2024-03-14')]);
    const stream = await openStream(other.address!.url, keys.viewer, before.cursor);
    await waitUntil(
      () => stream.events.filter((event) => event.event === 'alert').length,
      (count) => count >= 1,
      'the later alert',
    );
    const regions = stream.events.filter((event) => event.event === 'alert').map((event) => (JSON.parse(event.data) as AlertView).alert.region.code);
    expect(regions).toEqual(['1001']);
    expect(other.feed.latest()).toHaveLength(2);
  });
});
