/** The operators' console: alerts, a resumable SSE stream, acknowledgements and silences, indicators, regions and the web page. */
export { createConsoleService, type ConsoleService, type ConsoleServiceOptions } from './console-service.ts';
export { consoleErrorCodes, consoleErrorDescriptions, ConsoleError, type ConsoleErrorCode } from './console-errors.ts';
export { consoleRoles, parseConsoleApiKey, roleAllows, type ConsoleApiKey, type ConsoleRole } from './http/roles.ts';
export { queryApiIndicatorSource, type IndicatorSource, type IndicatorParams, type SourceAnswer } from './indicators/indicator-source.ts';
export { consoleWebDir, loadWebAssets, type WebAssets } from './http/web-routes.ts';
export { formatCursor, parseCursor, type Cursor } from './alerts/cursor.ts';
export type { GettableSilence, PostableSilence, AmMatcher } from './actions/silence-shape.ts';
export { readEventStream, type ServerSentEvent } from './client/event-stream.ts';
