import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The web page's files, read once at start: a few hundred kB, served from memory with no disk access per request. */
export interface WebAssets {
  readonly files: ReadonlyMap<string, { readonly body: Buffer; readonly contentType: string }>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The page shipped with this package (`services/console/web`; its bundles are built by the install step). */
export const consoleWebDir = fileURLToPath(new URL('../../web', import.meta.url));

/**
 * Libraries the page loads, as the install step put them in node_modules:
 * served from this machine, never from a CDN (the watch floor may have no internet).
 */
const vendorFiles: Readonly<Record<string, string>> = {
  '/vendor/echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
};

/** Reads every file under `dir` (the page and its boundary files) and the vendored libraries. */
export async function loadWebAssets(dir: string): Promise<WebAssets> {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    // No page built (an API-only deployment): `/` says so, the API works.
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const contentType = contentTypes[extname(entry.name)];
    if (contentType !== undefined) files.set(`/${relative(dir, path).split('\\').join('/')}`, { body: await readFile(path), contentType });
  }
  if (files.size > 0) {
    for (const [path, file] of Object.entries(vendorFiles))
      files.set(path, { body: await readFile(file), contentType: contentTypes[extname(file)] ?? 'application/octet-stream' });
  }
  return { files };
}

/** `GET /` is the page; `GET /web/*` its scripts, styles and boundary files. No key: the page asks for one. */
export function registerWebRoutes(server: FastifyInstance, web: WebAssets): void {
  const serve = (path: string) => web.files.get(path);
  server.get('/', async (_request, reply) => {
    const page = serve('/index.html');
    return page === undefined
      ? reply.code(404).send({ error: 'not_found', message: 'the web page was not built' })
      : reply.type(page.contentType).send(page.body);
  });
  server.get<{ Params: { '*': string } }>('/web/*', async (request, reply) => {
    const file = serve(`/${request.params['*']}`);
    if (file === undefined) return reply.code(404).send({ error: 'not_found', message: `no file ${request.params['*']}` });
    return reply.type(file.contentType).header('cache-control', 'no-cache').send(file.body);
  });
}
