import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LifecycleComponent, StartContext } from '@vigia/service-kit';
import { CliError } from '../cli-errors.ts';
import type { OutputStream } from '../cli-io.ts';

export interface ServiceProcessSpec {
  /** Service name, e.g. `normalizer`. */
  readonly name: string;
  /** The workspace package whose `main.ts` (beside its `index.ts`) is the process. */
  readonly packageName: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

// Resolves the way Node does for this package (its declared dependencies), also under vitest.
const requireFrom = createRequire(import.meta.url);

/** How long a service may take to stop after SIGTERM before it is killed. */
const stopTimeoutMs = 30_000;

/**
 * Runs services as separate processes — each service's own `main.ts`, as in
 * production — for `vigia up --processes`. Their JSON logs go to `log`. A
 * service that exits while the pipeline runs fails the run; `stop` sends
 * SIGTERM (graceful: finish the batch, commit, leave the group) and waits.
 */
export function serviceProcesses(specs: readonly ServiceProcessSpec[], log: OutputStream): LifecycleComponent {
  const children: { readonly name: string; readonly child: ChildProcess }[] = [];
  let stopping = false;
  return {
    name: 'service-processes',
    start(context: StartContext) {
      for (const spec of specs) {
        const entry = join(dirname(requireFrom.resolve(spec.packageName)), 'main.ts');
        const child = spawn(process.execPath, [entry], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout?.on('data', (chunk: Buffer) => log.write(chunk.toString('utf8')));
        child.stderr?.on('data', (chunk: Buffer) => log.write(chunk.toString('utf8')));
        child.on('exit', (code, signal) => {
          if (!stopping) {
            context.fail(new CliError('VIGIA_CLI_PIPELINE_STALLED', `the ${spec.name} process exited (${signal ?? `code ${code}`})`));
          }
        });
        children.push({ name: spec.name, child });
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(
        children.map(async ({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
