import { ConsoleError } from '../console-errors.ts';

/**
 * Where the console reads indicators: the ONE module that knows. Today it asks
 * the aggregator's query API (`GET /v1/indicators`, `GET /v1/series`) and
 * hands its answer on unchanged, so the record shape is the aggregator's; when
 * the indicator core or its record shape changes, only this module follows
 * (or is swapped for one that reads `vigia.indicators.v2` itself).
 */
export interface IndicatorSource {
  /** Latest values; `region`, `metric`, `window` and `source` narrow them. */
  current(params: IndicatorParams): Promise<SourceAnswer>;
  /** Daily or annual series of one region and metric (`from`, `to`, `source` optional). */
  series(params: IndicatorParams): Promise<SourceAnswer>;
}

export type IndicatorParams = Readonly<Record<string, string>>;

/** The upstream status and JSON body, passed on so a 400 still names the field. */
export interface SourceAnswer {
  readonly statusCode: number;
  readonly body: unknown;
}

/** Parameters the console passes on; anything else is dropped rather than forwarded blindly. */
const forwarded = ['region', 'metric', 'window', 'source', 'from', 'to', 'fillGaps'];

export function queryApiIndicatorSource(options: { readonly baseUrl: string; readonly timeoutMs?: number }): IndicatorSource {
  const ask = async (path: string, params: IndicatorParams): Promise<SourceAnswer> => {
    const url = new URL(path, options.baseUrl);
    for (const name of forwarded) {
      const value = params[name];
      if (value !== undefined) url.searchParams.set(name, value);
    }
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      return { statusCode: response.status, body: await response.json() };
    } catch (cause) {
      throw new ConsoleError('VIGIA_CONSOLE_INDICATORS_UNAVAILABLE', 'the aggregator query API did not answer', {
        cause,
        retriable: true,
        context: { url: `${url.origin}${url.pathname}` },
      });
    }
  };
  return {
    current: (params) => ask('/v1/indicators', params),
    series: (params) => ask('/v1/series', params),
  };
}
