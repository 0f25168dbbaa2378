import { topicExamples } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { webhookBody } from './webhook.ts';

describe('Slack webhook body', () => {
  it('sends publisher text without terminal escapes and says an update is an update', () => {
    const alert = { ...topicExamples['vigia.alerts.v1'], summary: '18 killed\u001b]0;owned\u0007 at San Miguel\u001b[2J del Ene' };
    const body = webhookBody({ change: 'updated', alert }, 'slack') as { text: string; blocks: unknown[] };
    expect(body.text).toMatch(/^\[UPDATED\] /);
    expect(JSON.stringify(body)).not.toMatch(/\\u001b|\\u0007/);
    expect(body.text).toContain('18 killed]0;owned at San Miguel[2J del Ene');
  });
});
