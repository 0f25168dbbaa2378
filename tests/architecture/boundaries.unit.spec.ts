import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, loadWorkspace, packageOf, withoutComments, type WorkspacePackage } from './workspace.ts';

// The package boundaries of ARCHITECTURE.md, enforced: a violation fails the
// test suite with the file and the import that broke the rule. Two of them
// are lint rules instead (biome.jsonc, `pnpm lint` in CI before the tests),
// where the editor shows them as they are typed: workspace packages imported
// through their root export only, and the functional core's allowed imports.

const workspace = loadWorkspace();
const byName = new Map(workspace.map((pkg) => [pkg.name, pkg]));

/** Where reading the environment and printing to the terminal belong: process entry points. */
const isEntryPoint = (path: string) => path.endsWith('/main.ts') || path.startsWith('packages/cli/src/');

const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

function violations(check: (pkg: WorkspacePackage, path: string, specifier: string, isTest: boolean) => string | undefined) {
  return workspace.flatMap((pkg) =>
    pkg.sourceFiles.flatMap((file) =>
      importSpecifiers(file.text).flatMap((specifier) => {
        const problem = check(pkg, file.path, specifier, file.isTest);
        return problem === undefined ? [] : [`${file.path}: '${specifier}' ${problem}`];
      }),
    ),
  );
}

describe('package boundaries', () => {
  it('finds the workspace packages', () => {
    expect(workspace.map((pkg) => pkg.name)).toContain('@vigia/bus');
  });

  it('keeps relative imports inside their own package', () => {
    const found = violations((pkg, path, specifier) => {
      if (!specifier.startsWith('.')) return undefined;
      const target = normalize(join(dirname(path), specifier));
      return target.startsWith(`${pkg.dir}/`) ? undefined : 'reaches into another package; import it by name';
    });
    expect(found).toEqual([]);
  });

  it('declares every package it imports', () => {
    const found = violations((pkg, _path, specifier, isTest) => {
      if (specifier.startsWith('.') || isBuiltin(specifier)) return undefined;
      const name = packageOf(specifier);
      if (pkg.dependencies.has(name) || name === pkg.name) return undefined;
      if (isTest && pkg.devDependencies.has(name)) return undefined;
      return `is not declared in ${pkg.dir}/package.json`;
    });
    expect(found).toEqual([]);
  });

  it('has no dependency cycles between workspace packages', () => {
    const cycles: string[] = [];
    const visit = (name: string, trail: string[]) => {
      if (trail.includes(name)) {
        cycles.push([...trail.slice(trail.indexOf(name)), name].join(' → '));
        return;
      }
      for (const dep of byName.get(name)?.dependencies ?? []) if (byName.has(dep)) visit(dep, [...trail, name]);
    };
    for (const pkg of workspace) visit(pkg.name, []);
    expect(cycles).toEqual([]);
  });

  it('reads process.env and writes to the console only in entry points', () => {
    const found = workspace.flatMap((pkg) =>
      pkg.sourceFiles
        .filter((file) => !file.isTest && !isEntryPoint(file.path))
        .flatMap((file) =>
          [/\bprocess\.env\b/, /\bconsole\.(log|info|warn|error|debug)\(/]
            .filter((pattern) => pattern.test(withoutComments(file.text)))
            .map((pattern) => `${file.path}: ${pattern.source}`),
        ),
    );
    expect(found).toEqual([]);
  });
});
