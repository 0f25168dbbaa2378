import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-errors.ts';
import { parseUpArgs, upHelp } from './up-args.ts';

describe('vigia up arguments', () => {
  it('accepts --scenario none, which loads nothing', () => {
    const parsed = parseUpArgs(['--scenario', 'none', '--follow']);
    expect(parsed).toMatchObject({ help: false, options: { scenario: 'none', follow: true } });
  });

  it('refuses --count or --seed with --scenario none: there are no scenario reports to choose', () => {
    expect(() => parseUpArgs(['--scenario', 'none', '--count', '10'])).toThrow(CliError);
    expect(() => parseUpArgs(['--scenario', 'none', '--seed', '3'])).toThrow(/--scenario none sends none/);
  });

  it('documents none in the help', () => {
    expect(upHelp).toMatch(/none: no scenario data — every service starts empty/);
    expect(upHelp).toContain('vigia up --scenario none --follow');
  });
});
