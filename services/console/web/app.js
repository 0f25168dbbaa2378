// The operators' page: plain modules and the DOM, no framework. Every text from
// alerts goes through textContent, never innerHTML: summaries are publishers' text.
const keyStore = 'vigia.console.key';
const state = { key: localStorage.getItem(keyStore) ?? '', alerts: new Map(), cursor: undefined, source: undefined, map: undefined, chart: undefined };
const $ = (id) => document.getElementById(id);
const severityRank = { critical: 0, warning: 1, info: 2 };
const stateRank = { firing: 0, pending: 1, resolved: 2 };

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { authorization: `Bearer ${state.key}`, ...(options.body ? { 'content-type': 'application/json' } : {}) } });
  if (response.status === 401) {
    askKey();
    throw new Error('unauthorized');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

function askKey() {
  const dialog = $('key-dialog');
  if (!dialog.open) dialog.showModal();
}

$('key-form').addEventListener('submit', () => {
  state.key = $('key-input').value.trim();
  localStorage.setItem(keyStore, state.key);
  start();
});
$('logout').addEventListener('click', () => {
  localStorage.removeItem(keyStore);
  state.source?.close();
  askKey();
});

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}

function age(iso) {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

function alertItem(view) {
  const { alert, change } = view;
  const evidence = el(
    'details',
    { ontoggle: (event) => event.target.open && loadEvents(alert, event.target.querySelector('.events')) },
    el('summary', {}, `Evidence: ${alert.evidence.indicators.length} indicator values, ${alert.evidence.eventIds.length} events`),
    el('ul', {}, ...alert.evidence.indicators.map((i) => el('li', {}, `${i.region} ${i.metric} ${i.window} as of ${i.asOf}: ${i.value}${i.previousValue === null ? '' : ` (before ${i.previousValue})`}${i.threshold === undefined ? '' : `, threshold ${i.threshold}`}`))),
    alert.evidence.eventIds.length === 0 ? null : el('ol', { class: 'events' }, ...alert.evidence.eventIds.map((id) => el('li', {}, id))),
    el('p', { class: 'meta' }, `Fingerprint ${alert.fingerprint} · started ${alert.startsAt}${alert.endsAt ? ` · ended ${alert.endsAt}` : ''} · labels ${Object.entries(alert.labels).map(([k, v]) => `${k}=${v}`).join(' ')}`),
  );
  const actions = el(
    'span',
    {},
    alert.acknowledged === null && alert.state !== 'resolved' ? el('button', { type: 'button', class: 'do-ack', onclick: () => acknowledge(alert) }, 'Acknowledge') : null,
    alert.state !== 'resolved' ? el('button', { type: 'button', class: 'do-silence', onclick: () => silence(alert) }, 'Silence') : null,
  );
  return el(
    'li',
    { class: `alert ${alert.severity} ${alert.state}`, 'data-fingerprint': alert.fingerprint, 'data-state': alert.state, 'data-acknowledged': alert.acknowledged === null ? 'no' : 'yes' },
    el(
      'div',
      { class: 'head' },
      el('span', { class: `badge ${alert.severity}` }, alert.severity),
      el('span', { class: 'state' }, change === 'updated' ? 'updated' : alert.state),
      el('a', { href: `#/region/${encodeURIComponent(alert.region.code)}` }, `${alert.region.name} (${alert.region.level})`),
      el('span', { class: 'meta' }, alert.ruleId),
      el('span', { class: 'age', 'data-time': alert.updatedAt }, age(alert.updatedAt)),
      alert.silenced ? el('span', { class: 'meta' }, 'silenced') : null,
      alert.acknowledged === null ? null : el('span', { class: 'ack' }, `acknowledged by ${alert.acknowledged.by}${alert.acknowledged.comment ? `: ${alert.acknowledged.comment}` : ''}`),
      actions,
    ),
    el('div', { class: 'summary' }, alert.summary),
    evidence,
  );
}

/** The events behind an alert, as last revised, loaded when its evidence is opened. */
async function loadEvents(alert, list) {
  if (!list || list.dataset.loaded) return;
  const { events } = await api(`/v1/alerts/${encodeURIComponent(alert.fingerprint)}/events`);
  list.dataset.loaded = 'true';
  list.replaceChildren(...events.map((found) => el('li', { class: 'event' }, describeEvent(found))));
}

function describeEvent({ eventId, event, retracted }) {
  if (event === null) return `${eventId}: not found on the events topic`;
  const killed = event.casualties ? Object.values(event.casualties).reduce((sum, side) => sum + (side?.killed ?? 0), 0) : undefined;
  const items = event.items ? event.items.map((item) => `${item.quantity?.value ?? ''} ${item.quantity?.unit ?? ''} ${item.substance}`).join(', ') : undefined;
  const parts = [
    `${event.occurredAt?.slice(0, 10) ?? ''} ${event.kind}${event.incidentType ? ` (${event.incidentType})` : ''}`,
    event.location?.placeName ?? event.location?.name ?? '',
    killed === undefined ? '' : `${killed} killed`,
    items ?? '',
    event.source?.name ? `source ${event.source.name}` : '',
    `revision ${event.revision}`,
    retracted ? `RETRACTED: ${retracted.reason}` : '',
  ];
  return `${eventId} — ${parts.filter(Boolean).join(' · ')}${event.notes ? ` — ${event.notes}` : ''}`;
}

function sortedAlerts(filter) {
  return [...state.alerts.values()]
    .filter(filter)
    .sort((a, b) => stateRank[a.alert.state] - stateRank[b.alert.state] || severityRank[a.alert.severity] - severityRank[b.alert.severity] || b.alert.updatedAt.localeCompare(a.alert.updatedAt));
}

function renderAlerts() {
  const states = $('filter-state').value.split(',').filter(Boolean);
  const severities = $('filter-severity').value.split(',').filter(Boolean);
  const shown = sortedAlerts((view) => (states.length === 0 || states.includes(view.alert.state)) && (severities.length === 0 || severities.includes(view.alert.severity)));
  $('alerts').replaceChildren(...shown.slice(0, 500).map(alertItem));
  $('alert-count').textContent = `${shown.length} alerts`;
  if (location.hash.startsWith('#/region/')) renderRegionAlerts();
  const match = /^#\/alerts\/(.+)$/.exec(location.hash);
  if (match) document.querySelector(`[data-fingerprint="${CSS.escape(decodeURIComponent(match[1]))}"] details`)?.setAttribute('open', '');
}
$('filter-state').addEventListener('change', renderAlerts);
$('filter-severity').addEventListener('change', renderAlerts);
setInterval(() => document.querySelectorAll('.age').forEach((node) => (node.textContent = age(node.dataset.time))), 30_000);

async function acknowledge(alert) {
  const note = prompt(`Acknowledge "${alert.summary}" — note (optional):`, '');
  if (note === null) return;
  try {
    await api(`/v1/alerts/${encodeURIComponent(alert.fingerprint)}/ack`, { method: 'POST', body: JSON.stringify({ note }) });
  } catch (error) {
    alert_(error);
  }
}

async function silence(alert) {
  const hours = Number(prompt(`Silence ${alert.ruleId} in ${alert.region.name} for how many hours?`, '6'));
  if (!(hours > 0)) return;
  const comment = prompt('Why? (required)', '');
  if (!comment) return;
  const matchers = [{ name: 'alertname', value: alert.ruleId }, { name: 'region', value: alert.region.code }];
  try {
    await api('/v1/silences', { method: 'POST', body: JSON.stringify({ matchers, endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(), comment }) });
  } catch (error) {
    alert_(error);
  }
}

function alert_(error) {
  window.alert(error.message);
}

/** The list, then the stream from the list's cursor: nothing between the two is missed or shown twice. */
async function loadAlerts() {
  const answer = await api('/v1/alerts?limit=10000');
  state.alerts = new Map(answer.alerts.map((view) => [view.alert.fingerprint, view]));
  renderAlerts();
  state.source?.close();
  const source = new EventSource(`/v1/alerts/stream?cursor=${encodeURIComponent(answer.cursor)}&access_token=${encodeURIComponent(state.key)}`);
  state.source = source;
  source.addEventListener('open', () => setLive(true));
  source.addEventListener('error', () => setLive(false));
  source.addEventListener('alert', (event) => {
    const view = JSON.parse(event.data);
    state.alerts.set(view.alert.fingerprint, view);
    renderAlerts();
  });
}

function setLive(on) {
  $('live').textContent = on ? '● live' : '○ reconnecting';
  $('live').classList.toggle('on', on);
}

const boundaries = {};
async function boundary(level) {
  if (!boundaries[level]) {
    const response = await fetch(`/web/data/peru-${level}.geo.json`);
    const geo = await response.json();
    for (const feature of geo.features) {
      // echarts matches data to features by name: the region code, the same as the indicators'.
      feature.properties.label = feature.properties.name;
      feature.properties.name = feature.properties.code;
    }
    echarts.registerMap(`peru-${level}`, geo);
    boundaries[level] = geo;
  }
  return boundaries[level];
}

async function renderMap() {
  const level = $('map-level').value;
  const metric = $('map-metric').value;
  const window_ = $('map-window').value;
  const geo = await boundary(level);
  const names = new Map(geo.features.map((feature) => [feature.properties.code, feature.properties.label ?? feature.properties.code]));
  const answer = await api(`/v1/indicators?metric=${encodeURIComponent(metric)}&window=${encodeURIComponent(window_)}`).catch(() => ({ indicators: [] }));
  const values = (answer.indicators ?? []).filter((indicator) => names.has(indicator.region)).map((indicator) => ({ name: indicator.region, value: indicator.value }));
  state.map ??= echarts.init($('map'));
  state.map.setOption(
    {
      animation: false,
      title: { text: `${metric} · ${window_}`, left: 'center' },
      tooltip: { trigger: 'item', formatter: (p) => `${regionName(geo, p.name)}: ${Number.isFinite(p.value) ? p.value : 'no data'}` },
      visualMap: { min: 0, max: Math.max(1, ...values.map((v) => v.value)), calculable: true, left: 'left', inRange: { color: ['#fff5eb', '#fd8d3c', '#7f2704'] } },
      series: [{ type: 'map', map: `peru-${level}`, roam: true, data: values, emphasis: { label: { show: false } } }],
    },
    true,
  );
  state.map.off('click');
  state.map.on('click', (params) => (location.hash = `#/region/${encodeURIComponent(params.name)}`));
  $('map').dataset.rendered = String(values.length);
}
function regionName(geo, code) {
  return geo.features.find((feature) => feature.properties.code === code)?.properties.label ?? code;
}
for (const id of ['map-level', 'map-metric', 'map-window']) $(id).addEventListener('change', renderMap);

async function renderRegion(code) {
  const metric = $('region-metric').value;
  const about = await api(`/v1/regions/${encodeURIComponent(code)}`).catch(() => undefined);
  $('region-title').textContent = about ? `${about.region.name} (${about.region.level})${about.ancestors.length > 0 ? ` — ${about.ancestors.map((r) => r.name).join(', ')}` : ''}` : code;
  const answer = await api(`/v1/series?region=${encodeURIComponent(code)}&metric=${encodeURIComponent(metric)}`).catch(() => ({ points: [] }));
  state.chart ??= echarts.init($('chart'));
  state.chart.setOption(
    {
      // No animation: an operator's chart should show the figure at once (and screenshots show what is there).
      animation: false,
      title: { text: `${metric} per day` },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      // Points are marked while few: a single day would otherwise draw nothing.
      series: [{ type: 'line', name: metric, showSymbol: (answer.points ?? []).length < 60, data: (answer.points ?? []).map((point) => [point.day, point.value]) }],
    },
    true,
  );
  $('chart').dataset.points = String((answer.points ?? []).length);
  renderRegionAlerts();
}
$('region-metric').addEventListener('change', () => renderRegion(decodeURIComponent(location.hash.slice('#/region/'.length))));

function renderRegionAlerts() {
  const code = decodeURIComponent(location.hash.slice('#/region/'.length));
  $('region-alerts').replaceChildren(...sortedAlerts((view) => view.alert.region.code === code || view.alert.region.code.startsWith(code)).map(alertItem));
}

async function renderZones() {
  const { zones } = await api('/v1/zones');
  $('zones').tBodies[0].replaceChildren(
    ...zones.map((zone) => el('tr', {}, el('td', {}, el('a', { href: `#/region/${encodeURIComponent(zone.code)}` }, zone.name)), el('td', {}, zone.kind), el('td', {}, String(zone.districts)), el('td', { class: 'meta' }, zone.source))),
  );
}

function route() {
  const hash = location.hash || '#/alerts';
  const view = hash.startsWith('#/map') ? 'map' : hash.startsWith('#/zones') ? 'zones' : hash.startsWith('#/region/') ? 'region' : 'alerts';
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.view === view);
  if (view === 'map') renderMap().then(() => state.map.resize());
  if (view === 'zones') renderZones();
  if (view === 'region') renderRegion(decodeURIComponent(hash.slice('#/region/'.length))).then(() => state.chart.resize());
  if (view === 'alerts') renderAlerts();
}
window.addEventListener('hashchange', route);

async function start() {
  if (state.key === '') return askKey();
  await loadAlerts();
  route();
}
start();
