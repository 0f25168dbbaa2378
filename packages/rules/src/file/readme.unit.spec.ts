import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleKinds } from '../rule.ts';
import { loadRuleTests } from '../rule-tests/load-rule-tests.ts';
import { rulesErrorCodes } from '../rules-errors.ts';
import { loadRules } from './load-rules.ts';
import { ruleInputSchema } from './rule-file-schema.ts';
import { summaryVariables } from './summary-variables.ts';

// The README is the rule file's reference: its examples must load and it must name every field.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const allYamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const isRuleTestFile = (block: string) => block.startsWith('rule_files:');
const yamlBlocks = allYamlBlocks.filter((block) => !isRuleTestFile(block));

describe('README', () => {
  it('has examples that load', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(ruleKinds.length);
    for (const block of yamlBlocks) expect(loadRules(block), block).toMatchObject({ ok: true });
  });

  it('has a rule test file example that loads', () => {
    const testFiles = allYamlBlocks.filter(isRuleTestFile);
    expect(testFiles).toHaveLength(1);
    for (const block of testFiles) expect(loadRuleTests(block), block).toMatchObject({ ok: true });
  });

  it('shows an example of every kind', () => {
    const kinds = new Set(yamlBlocks.flatMap((block) => [...block.matchAll(/kind: ([a-z-]+)/g)].map((match) => match[1])));
    expect([...kinds].sort()).toEqual([...ruleKinds].sort());
  });

  it('documents every field of every kind', () => {
    for (const option of ruleInputSchema.options) {
      for (const field of Object.keys(option.shape)) expect(readme, field).toContain(`\`${field}`);
    }
  });

  it('documents every summary placeholder and error code', () => {
    for (const name of new Set(Object.values(summaryVariables).flat())) expect(readme, name).toContain(name);
    for (const code of rulesErrorCodes) expect(readme).toContain(code);
  });
});
