import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the architecture checks need to know about one workspace package. */
export interface WorkspacePackage {
  readonly name: string;
  /** Folder relative to the repository root, e.g. `packages/bus`. */
  readonly dir: string;
  readonly dependencies: ReadonlySet<string>;
  readonly devDependencies: ReadonlySet<string>;
  readonly sourceFiles: readonly SourceFile[];
}

export interface SourceFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly text: string;
  readonly isTest: boolean;
}

export const repoRoot = new URL('../..', import.meta.url).pathname;

const workspaceFolders = ['packages', 'services'];

export function loadWorkspace(): WorkspacePackage[] {
  return workspaceFolders.flatMap((folder) =>
    safeReaddir(join(repoRoot, folder))
      .map((entry) => join(folder, entry))
      .filter((dir) => isFile(join(repoRoot, dir, 'package.json')))
      .map(loadPackage),
  );
}

function loadPackage(dir: string): WorkspacePackage {
  const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return {
    name: manifest.name,
    dir,
    dependencies: new Set(Object.keys(manifest.dependencies ?? {})),
    devDependencies: new Set(Object.keys(manifest.devDependencies ?? {})),
    sourceFiles: listTypeScript(join(repoRoot, dir)).map((path) => ({
      path: relative(repoRoot, path),
      text: readFileSync(path, 'utf8'),
      isTest: /\.(unit|int|e2e)\.spec\.ts$/.test(path) || path.includes('/testing/') || path.includes('__fixtures__'),
    })),
  };
}

function listTypeScript(dir: string): string[] {
  return safeReaddir(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry.startsWith('.')) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return listTypeScript(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports with a literal. */
export function importSpecifiers(source: string): string[] {
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/**
 * Source without comments, so that documentation may mention what code may
 * not do. Naive about comment markers inside strings, which only errs towards
 * reporting more.
 */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** `@scope/name/deep/path` → `@scope/name`; `name/deep` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
