import { describe, expect, it } from 'vitest';
import { formatNumber, hasMalformedPlaceholder, maxSummaryLength, placeholdersOf, renderTemplate } from './template.ts';

describe('summary templates', () => {
  it('fill placeholders and format numbers for people', () => {
    const text = renderTemplate('Coca in {{region}} grew {{ change_percent }} % ({{previous}} → {{value}} ha)', {
      region: 'VRAEM',
      change_percent: 23.80952,
      previous: 21_000,
      value: 26_000,
    });
    expect(text).toBe('Coca in VRAEM grew 23.8 % (21,000 → 26,000 ha)');
  });

  it('render a missing value as n/a instead of failing', () => {
    expect(renderTemplate('z = {{z_score}}', { z_score: null })).toBe('z = n/a');
  });

  it('cap the summary length', () => {
    expect(renderTemplate('{{x}}', { x: 'a'.repeat(5000) })).toHaveLength(maxSummaryLength);
  });

  it('list placeholders and spot malformed ones', () => {
    expect(placeholdersOf('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
    expect(hasMalformedPlaceholder('{{region name}}')).toBe(true);
    expect(hasMalformedPlaceholder('{{Region}}')).toBe(true);
    expect(hasMalformedPlaceholder('{{region}} }}')).toBe(true);
    expect(hasMalformedPlaceholder('{{region}} {single}')).toBe(false);
  });

  it('format numbers with grouping and at most one decimal', () => {
    expect(formatNumber(88_200)).toBe('88,200');
    expect(formatNumber(22.5)).toBe('22.5');
    expect(formatNumber(1_234_567.891)).toBe('1,234,567.9');
    expect(formatNumber(-0.04)).toBe('0');
    expect(formatNumber(-1500)).toBe('-1,500');
    expect(formatNumber(999.96)).toBe('1,000');
  });
});
