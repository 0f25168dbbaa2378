#!/usr/bin/env node
/**
 * The `vigia` command: `node packages/cli/src/main.ts <command>` (or
 * `pnpm vigia <command>` at the repository root). The only place that reads
 * the process's environment and streams.
 */
import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
