import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine.ts';
import { defaultRulesUrl } from '../index.ts';
import { at, incident, indicator, recorded, Run, seizure, summaryOf } from '../testing/fixtures.ts';
import { loadRules } from './load-rules.ts';

// The default rule set: it loads, every rule says why, and the headline cases behave.

const text = readFileSync(defaultRulesUrl, 'utf8');
const loaded = loadRules(text);
const rules = loaded.ok ? loaded.rules : [];
const run = () => new Run(createEngine({ rules, regionName: (code) => (code === 'PE' ? 'Peru' : undefined) }));

describe('default rules', () => {
  it('load', () => {
    expect(loaded).toMatchObject({ ok: true });
  });

  it('cover the issue: growth, first appearance, surge, mass casualty, large seizure, silent region', () => {
    expect(rules.map((rule) => [rule.id, rule.kind])).toEqual(
      expect.arrayContaining([
        ['coca-growth-yoy', 'threshold'],
        ['coca-first-appearance', 'first-appearance'],
        ['incident-surge', 'anomaly'],
        ['mass-casualty-event', 'single-event'],
        ['large-cocaine-seizure', 'single-event'],
        ['silent-region', 'absence'],
      ]),
    );
  });

  it('say why for every rule, in a comment just above it', () => {
    const lines = text.split('\n');
    const ruleStarts = lines.flatMap((line, index) => (/^\s*- id: /.test(line) ? [index] : []));
    expect(ruleStarts).toHaveLength(rules.length);
    for (const start of ruleStarts) {
      let first = start;
      while (first > 0 && /^\s*#/.test(lines[first - 1] ?? '')) first -= 1;
      expect(lines[first], `comment above line ${start + 1}`).toMatch(/^\s*# Why: /);
    }
  });

  it('fire coca growth for Peru 2019 → 2020 (+22.5 %) but not for +10 %', () => {
    const yoy = (value: number) => indicator({ region: 'PE', metric: 'cultivation.coca.yoy-pct', window: 'annual', asOf: '2020-12-31', value });
    const fired = run().feed(yoy(22.5));
    expect(fired.map((t) => [t.alert.ruleId, t.change, t.notify])).toEqual([['coca-growth-yoy', 'firing', true]]);
    expect(fired[0]?.alert.summary).toBe('Coca cultivation in Peru grew 22.5 % in 2020 (devida survey, threshold 15 %)');
    expect(run().feed(yoy(10))).toEqual([]);
  });

  it('fire once per event for a mass-casualty incident and a one-tonne seizure', () => {
    const engine = run();
    expect(engine.feed(recorded(incident({ killed: 5 }))).map((t) => t.alert.ruleId)).toEqual(['mass-casualty-event']);
    expect(engine.feed(recorded(seizure({ cocaineKg: 1_000 }))).map((t) => t.alert.ruleId)).toEqual(['large-cocaine-seizure']);
  });

  it('fire for a silent province that normally reports', () => {
    const engine = run();
    for (const day of ['2024-01-02', '2024-01-10', '2024-01-20', '2024-01-25', '2024-02-01']) {
      engine.feed(recorded(incident({ eventId: `e-${day}`, occurredAt: day })));
    }
    const fired = engine.tick(at('2024-03-02'));
    expect(fired.map((t) => [t.alert.ruleId, t.alert.region.code])).toEqual(
      expect.arrayContaining([
        ['silent-region', '0504'],
        ['silent-region', 'zone:vraem'],
      ]),
    );
    expect(summaryOf(fired).every((line) => line === 'firing/firing/notify')).toBe(true);
  });
});
