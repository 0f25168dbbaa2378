import { describe, expect, it } from 'vitest';
import { displayText } from './display-text.ts';

describe('displayText', () => {
  it('removes the escape sequences a publisher used to retitle the window and clear the screen', () => {
    const summary = '14 killed\u001b]0;pwned\u0007 at San Miguel\u001b[2J\u001b[H del Ene';
    const shown = displayText(summary);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(shown).toBe('14 killed]0;pwned at San Miguel[2J[H del Ene');
  });

  it('drops C1 controls and bidi overrides, keeps accents and folds line breaks unless multiline', () => {
    expect(displayText('Junín\u009b31m \u202eevil\u202c')).toBe('Junín31m evil');
    expect(displayText('a\r\nb\tc')).toBe('a b c');
    expect(displayText('a\r\nb', { multiline: true })).toBe('a\nb');
  });
});
