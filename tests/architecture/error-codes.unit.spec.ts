import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vigiaErrorCodePattern } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { collectErrorCatalog, errorDocsPath, findCodeLiterals, regenerateErrorDocsCommand, renderErrorDocs } from './error-codes.ts';
import { repoRoot, type WorkspacePackage } from './workspace.ts';

// Habit 4: every error code is documented. docs/errors.md is generated from
// the packages' code lists; these checks fail when a code is thrown but not
// listed, listed but not described, or the doc is older than the lists.

const fix = `add the code to its package's xErrorCodes list with a description, then run: ${regenerateErrorDocsCommand}`;

const catalog = await collectErrorCatalog();
const docs = readFileSync(join(repoRoot, errorDocsPath), 'utf8');
const documented = new Set([...docs.matchAll(/^\| `(VIGIA_[A-Z0-9_]+)` \|/gm)].map((match) => match[1]));

describe('error codes', () => {
  it('are declared by the packages that throw them', () => {
    expect(catalog.map((pkg) => pkg.packageName)).toEqual(expect.arrayContaining(['@vigia/bus', '@vigia/schemas']));
  });

  it('all read VIGIA_<AREA>_<WHAT>', () => {
    const codes = [...catalog.flatMap((pkg) => pkg.codes.map((entry) => entry.code)), ...findCodeLiterals().map((found) => found.code)];
    const malformed = [...new Set(codes)].filter((code) => !vigiaErrorCodePattern.test(code));
    expect(malformed, 'rename these codes to VIGIA_<AREA>_<WHAT> (upper case, at least three words)').toEqual([]);
  });

  it('all have a description', () => {
    const undescribed = catalog.flatMap((pkg) => pkg.codes.filter((entry) => entry.description === '').map((entry) => `${entry.code} (${entry.declaredIn})`));
    expect(undescribed, `describe these codes in the package's xErrorDescriptions record, then run: ${regenerateErrorDocsCommand}`).toEqual([]);
  });

  it(`that appear in packages/*/src or services/*/src are all in ${errorDocsPath}`, () => {
    const missing = findCodeLiterals()
      .filter((found) => !documented.has(found.code))
      .map((found) => `${found.code} (${found.path})`);
    expect(missing, fix).toEqual([]);
  });

  it(`are rendered into an up-to-date ${errorDocsPath}`, () => {
    // Compared as a boolean so the failure message is the fix, not a 500-line diff.
    const fresh = renderErrorDocs(catalog) === docs;
    expect(fresh, `${errorDocsPath} is stale: run ${regenerateErrorDocsCommand}`).toBe(true);
  });
});

describe('the code-literal scan', () => {
  const fakeWorkspace = (files: Record<string, string>): WorkspacePackage[] => [
    {
      name: '@vigia/fake',
      dir: 'packages/fake',
      dependencies: new Set(),
      devDependencies: new Set(),
      sourceFiles: Object.entries(files).map(([path, text]) => ({
        path: `packages/fake/${path}`,
        text,
        isTest: path.endsWith('.spec.ts') || path.includes('/testing/'),
      })),
    },
  ];

  it('finds thrown codes and ignores comments, tests and environment variable names', () => {
    const found = findCodeLiterals(
      fakeWorkspace({
        'src/thrower.ts': [
          `/** Throws 'VIGIA_FAKE_IN_COMMENT'. */`,
          `throw new FakeError('VIGIA_FAKE_THROWN', "x"); // 'VIGIA_FAKE_TRAILING'`,
          `const names = ["VIGIA_FAKE_DIR"]; read(env.VIGIA_FAKE_DIR);`,
        ].join('\n'),
        'src/thrower.unit.spec.ts': `expect(e.code).toBe('VIGIA_FAKE_IN_TEST');`,
        'src/testing/helper.ts': `const code = 'VIGIA_FAKE_HELPER';`,
      }),
    );
    expect(found).toEqual([{ code: 'VIGIA_FAKE_THROWN', path: 'packages/fake/src/thrower.ts' }]);
  });
});
