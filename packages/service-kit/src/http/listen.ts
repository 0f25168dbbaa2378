import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface HttpAddress {
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:9464` */
  readonly url: string;
}

/**
 * Listens and returns the bound address as a base URL. Port 0 lets the OS
 * pick a free port, so tests and `vigia up --processes` never collide; the URL
 * is what gets printed and logged.
 */
export async function listenHttp(server: FastifyInstance, host: string, port: number): Promise<HttpAddress> {
  await server.listen({ host, port });
  return boundAddress(server);
}

export function boundAddress(server: FastifyInstance): HttpAddress {
  const bound = server.server.address() as AddressInfo;
  const urlHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return { host: bound.address, port: bound.port, url: `http://${urlHost}:${bound.port}` };
}
