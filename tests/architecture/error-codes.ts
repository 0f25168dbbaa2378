import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { loadWorkspace, repoRoot, withoutComments, type SourceFile, type WorkspacePackage } from './workspace.ts';

/**
 * The error-code registry of the repository, read from the code lists each
 * package declares (`export const xErrorCodes = [...] as const`) and their
 * descriptions (`xErrorDescriptions`, or the TSDoc comment above each code
 * in the list). `docs/errors.md` is rendered from it, so the documentation
 * cannot drift from the code (habit 4, after fastify's `lib/errors.js`).
 */

export const errorDocsPath = 'docs/errors.md';
export const regenerateErrorDocsCommand = 'node tests/architecture/generate-error-docs.ts';

export interface DocumentedCode {
  readonly code: string;
  /** Empty when neither a descriptions record nor a TSDoc comment describes the code. */
  readonly description: string;
  /** `path#exportName` of the list that declares it. */
  readonly declaredIn: string;
}

export interface PackageErrorCodes {
  readonly packageName: string;
  readonly dir: string;
  readonly codes: readonly DocumentedCode[];
}

export interface CodeLiteral {
  readonly code: string;
  readonly path: string;
}

const codeListExport = /export\s+const\s+(\w+ErrorCodes)\s*=/g;

/** Every package's declared error codes, in workspace order; a code listed twice in one package appears once. */
export async function collectErrorCatalog(workspace: readonly WorkspacePackage[] = loadWorkspace()): Promise<PackageErrorCodes[]> {
  const catalog: PackageErrorCodes[] = [];
  for (const pkg of workspace) {
    const codes = new Map<string, DocumentedCode>();
    for (const file of productFiles(pkg)) {
      const listNames = [...withoutComments(file.text).matchAll(codeListExport)].map((match) => match[1] ?? '');
      if (listNames.length === 0) continue;
      const module = (await import(pathToFileURL(join(repoRoot, file.path)).href)) as Record<string, unknown>;
      for (const listName of listNames) {
        const list = module[listName];
        if (!Array.isArray(list) || !list.every((code) => typeof code === 'string' && code.startsWith('VIGIA_'))) continue;
        const descriptions = module[listName.replace(/Codes$/, 'Descriptions')];
        for (const code of list as string[]) {
          const fromRecord = isRecord(descriptions) ? descriptions[code] : undefined;
          const description = typeof fromRecord === 'string' ? fromRecord : tsDocAbove(file.text, listName, code);
          const known = codes.get(code);
          // The first list with a description wins: adapters' subsets defer to the package's full list.
          if (known === undefined || (known.description === '' && description !== '')) {
            codes.set(code, { code, description: oneLine(description), declaredIn: `${file.path}#${listName}` });
          }
        }
      }
    }
    if (codes.size > 0) catalog.push({ packageName: pkg.name, dir: pkg.dir, codes: [...codes.values()] });
  }
  return catalog;
}

/**
 * `VIGIA_*` string literals in product sources (tests and `testing/` helpers
 * excluded, comments stripped). Environment variable names share the prefix;
 * they are recognised by being read as a property somewhere (`env.VIGIA_FSYNC`,
 * `config.VIGIA_SHUTDOWN_FORCE_MS`), which error codes never are.
 */
export function findCodeLiterals(workspace: readonly WorkspacePackage[] = loadWorkspace()): CodeLiteral[] {
  const files = workspace.flatMap((pkg) => productFiles(pkg)).map((file) => ({ path: file.path, code: withoutComments(file.text) }));
  const propertyNames = new Set(files.flatMap((file) => [...file.code.matchAll(/\.(VIGIA_[A-Z0-9_]+)\b/g)].map((match) => match[1] ?? '')));
  const literals = new Map<string, CodeLiteral>();
  for (const file of files) {
    for (const match of file.code.matchAll(/(['"`])(VIGIA_[A-Z0-9_]*)\1/g)) {
      const code = match[2] ?? '';
      if (!propertyNames.has(code)) literals.set(`${code} ${file.path}`, { code, path: file.path });
    }
  }
  return [...literals.values()].sort((a, b) => a.code.localeCompare(b.code) || a.path.localeCompare(b.path));
}

/** The Markdown of `docs/errors.md`: deterministic, so a stale file shows up as a diff. */
export function renderErrorDocs(catalog: readonly PackageErrorCodes[]): string {
  const total = catalog.reduce((sum, pkg) => sum + pkg.codes.length, 0);
  const lines = [
    '# Error codes',
    '',
    `<!-- Generated from each package's error-code list by \`${regenerateErrorDocsCommand}\`. Do not edit by hand. -->`,
    '',
    'Every failure Vigía reports carries a stable `code` (`VIGIA_<AREA>_<WHAT>`). Branch on the code, never on the',
    'message. Errors are `VigiaError`s (`@vigia/schemas`): context such as `topic`, `partition`, `offset` or `variable`',
    'travels as properties of the error and in its JSON form, the failure that led to it as `cause`, and `retriable`',
    'says whether waiting and trying again can succeed.',
    '',
    `${total} codes in ${catalog.length} packages:`,
    '',
    ...catalog.map((pkg) => `- [\`${pkg.packageName}\`](#${anchorOf(pkg.packageName)}) (${pkg.codes.length})`),
  ];
  for (const pkg of catalog) {
    lines.push('', `## ${pkg.packageName}`, '', `Declared in ${declaringFiles(pkg)}.`, '', '| code | meaning and what to do |', '| --- | --- |');
    for (const entry of pkg.codes) lines.push(`| \`${entry.code}\` | ${escapeCell(entry.description)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function productFiles(pkg: WorkspacePackage): SourceFile[] {
  return pkg.sourceFiles.filter((file) => !file.isTest && file.path.startsWith(`${pkg.dir}/src/`));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The TSDoc comment written right above `'CODE'` inside the `listName` array literal. */
function tsDocAbove(source: string, listName: string, code: string): string {
  const start = source.indexOf(`const ${listName}`);
  if (start < 0) return '';
  // Comments may contain `]` (e.g. "[log start, log end]"), so the list ends at `] as const`.
  const end = source.indexOf('] as const', start);
  const body = source.slice(start, end < 0 ? undefined : end);
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*['"]${code}['"]`).exec(body);
  return (match?.[1] ?? '').replace(/^\s*\*\s?/gm, ' ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function escapeCell(text: string): string {
  return text === '' ? '**undocumented**' : text.replace(/\|/g, '\\|');
}

function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function declaringFiles(pkg: PackageErrorCodes): string {
  const files = [...new Set(pkg.codes.map((entry) => entry.declaredIn.split('#')[0] ?? ''))];
  return files.map((file) => `\`${file}\``).join(', ');
}
