import { describe, expect, it } from 'vitest';
import { importSpecifiers, packageOf, withoutComments } from './workspace.ts';

// The boundary checks are only as good as the import scanner under them.
describe('importSpecifiers', () => {
  it('finds static, type-only, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '@vigia/bus';",
      "export { c } from '../c.ts';",
      "export * from 'zod';",
      "import 'node:fs';",
      "const d = await import('kafkajs');",
      'import {',
      '  e,',
      "} from 'pino';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.ts', '@vigia/bus', '../c.ts', 'zod', 'node:fs', 'kafkajs', 'pino']);
  });

  it('ignores import-looking text in strings that are not module specifiers', () => {
    expect(importSpecifiers("const s = 'important';\nlog.info('exported from here');")).toEqual([]);
  });
});

describe('packageOf', () => {
  it('keeps the scope of scoped packages and drops deep paths', () => {
    expect(packageOf('@vigia/bus/src/port.ts')).toBe('@vigia/bus');
    expect(packageOf('vitest/config')).toBe('vitest');
    expect(packageOf('zod')).toBe('zod');
  });
});

describe('withoutComments', () => {
  it('drops block and line comments but keeps code and URLs in strings', () => {
    const source = "/** pass `process.env` */\nconst a = env; // not process.env\nconst url = 'http://x';";
    expect(withoutComments(source)).not.toContain('process.env');
    expect(withoutComments(source)).toContain("const url = 'http://x';");
  });
});
