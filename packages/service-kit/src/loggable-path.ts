/**
 * The form of a request target that may be logged: its path, without the
 * query string (which may carry a key: `?api_key=…`) and, for an
 * absolute-form target (`http://user:pass@host/path`), without origin and
 * credentials. Every HTTP server of Vigía logs requests through this.
 */
export function loggablePath(url: string | undefined): string {
  if (url === undefined) return '';
  if (!url.startsWith('/')) {
    try {
      return new URL(url).pathname;
    } catch {
      return '<unparseable request target>';
    }
  }
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}
