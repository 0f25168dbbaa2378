import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/** Where a Docker-compatible engine may listen: a unix socket or a TCP address. */
export type ContainerEndpoint = { kind: 'socket'; path: string } | { kind: 'tcp'; host: string; port: number };

/** What {@link containerRuntimeAnswers} reads: the environment and the home folder. */
export interface RuntimeProbeInput {
  env: Record<string, string | undefined>;
  home: string;
}

/**
 * Endpoints in the order testcontainers tries them: DOCKER_HOST, then
 * ~/.testcontainers.properties, then the usual sockets of Docker, Docker Desktop,
 * Colima, Rancher Desktop and Podman.
 */
export function candidateEndpoints(input: RuntimeProbeInput): ContainerEndpoint[] {
  const { env, home } = input;
  const fromUrls = [env['DOCKER_HOST'], testcontainersPropertiesHost(home)].flatMap((url) => parseHost(url));
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  const sockets = [
    '/var/run/docker.sock',
    join(home, '.docker/run/docker.sock'),
    join(home, '.docker/desktop/docker.sock'),
    join(home, '.colima/default/docker.sock'),
    join(home, '.rd/docker.sock'),
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman/podman.sock')] : []),
    '/run/podman/podman.sock',
  ].map((path): ContainerEndpoint => ({ kind: 'socket', path }));
  return [...fromUrls, ...sockets];
}

/**
 * True when some container engine answers `GET /_ping` within `timeoutMs`. Never
 * throws and never waits long: the Docker CLI may be installed without an engine,
 * and asking testcontainers itself costs seconds of retries before it gives up.
 */
export async function containerRuntimeAnswers(input: RuntimeProbeInput, timeoutMs = 1_500): Promise<boolean> {
  const endpoints = candidateEndpoints(input).filter((e) => e.kind === 'tcp' || existsSync(e.path));
  for (const endpoint of endpoints) {
    if (await pings(endpoint, timeoutMs)) return true;
  }
  return false;
}

function pings(endpoint: ContainerEndpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const target = endpoint.kind === 'socket' ? { socketPath: endpoint.path } : { host: endpoint.host, port: endpoint.port };
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function parseHost(url: string | undefined): ContainerEndpoint[] {
  if (!url) return [];
  if (url.startsWith('unix://')) return [{ kind: 'socket', path: url.slice('unix://'.length) }];
  const tcp = /^tcp:\/\/([^:/]+):(\d+)/.exec(url);
  if (tcp?.[1] && tcp[2]) return [{ kind: 'tcp', host: tcp[1], port: Number(tcp[2]) }];
  return [];
}

function testcontainersPropertiesHost(home: string): string | undefined {
  try {
    const text = readFileSync(join(home, '.testcontainers.properties'), 'utf8');
    return /^\s*docker\.host\s*=\s*(\S+)/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}
