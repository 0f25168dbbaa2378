import { ancestors, childrenOf, regionByCode, zonesContaining } from '@vigia/geo';
import type { FastifyInstance } from 'fastify';
import type { IndicatorSource } from '../indicators/indicator-source.ts';
import { regionTree, zoneList } from '../regions/region-tree.ts';
import type { Authorize } from './console-app.ts';

/**
 * - `GET /v1/indicators?region=&metric=&window=&source=` and `GET /v1/series?region=&metric=&from=&to=&source=`:
 *   through the indicator source (503 when the console has none configured);
 * - `GET /v1/regions?districts=true` — the region tree and the zones; `GET /v1/regions/:code` one region with
 *   its ancestors, children and zones; `GET /v1/zones`.
 */
export function registerInfoRoutes(
  server: FastifyInstance,
  options: { readonly indicators: IndicatorSource | undefined; readonly authorize: Authorize },
): void {
  const { indicators, authorize } = options;
  const regionsWithout = regionTree({ districts: false });

  for (const [path, read] of [
    ['/v1/indicators', (source: IndicatorSource) => source.current],
    ['/v1/series', (source: IndicatorSource) => source.series],
  ] as const) {
    server.get(path, { onRequest: authorize('read') }, async (request, reply) => {
      if (indicators === undefined)
        return reply.code(503).send({ error: 'unavailable', message: 'this console has no indicator source; set VIGIA_CONSOLE_QUERY_URL' });
      const answer = await read(indicators)(request.query as Record<string, string>);
      return reply.code(answer.statusCode).send(answer.body);
    });
  }

  server.get('/v1/regions', { onRequest: authorize('read') }, async (request) =>
    (request.query as Record<string, unknown>)['districts'] === 'true' ? regionTree({ districts: true }) : regionsWithout,
  );
  server.get('/v1/zones', { onRequest: authorize('read') }, async () => ({ zones: zoneList() }));
  server.get<{ Params: { code: string } }>('/v1/regions/:code', { onRequest: authorize('read') }, async (request, reply) => {
    const region = regionByCode(request.params.code);
    if (region === undefined) return reply.code(404).send({ error: 'not_found', message: `no region ${request.params.code}` });
    return { region, ancestors: ancestors(region.code), children: childrenOf(region.code), zones: zonesContaining(region.code) };
  });
}
