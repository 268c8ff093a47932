/**
 * `tug agent|ingress|proxy [flags]`: runs a cluster component as its own process.
 *   tug agent --node NAME --cpu 2 --memory 4Gi [--label k=v] [--server URL --token T | --kubeconfig F]
 *   tug ingress [--port 8000] [--kubeconfig F]     the ingress proxy
 *   tug proxy [--node-ip 127.0.0.1] [--kubeconfig F]  the service proxy
 * The CLI never imports those components; it starts `<dist>/<component>/main.js` as a child process
 * with the same Node binary, passes the arguments through untouched, shares the terminal (stdio
 * inherited) and exits with the component's code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ComponentName } from '../components.js';
import type { OutputStream } from '../context.js';

/** The compiled entry point of a component, next to this compiled file: dist/cli/commands -> dist/<name>/main.js. */
export function componentEntry(name: ComponentName): string {
  return fileURLToPath(new URL(`../../${name}/main.js`, import.meta.url));
}

/** What runComponent needs: the script to run (a test passes its own), what to call it and where to report problems. */
export interface ComponentLaunch { entry: string; what: string; stderr: OutputStream; execPath?: string }

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const num = signal ? constants.signals[signal] : undefined;
  return num !== undefined ? 128 + num : 1;
}

/**
 * Runs the component and resolves with its exit code. SIGTERM sent to `tug` is forwarded; SIGINT from a
 * terminal already reaches it (same process group), so `tug` only waits for it to finish.
 */
export function runComponent(args: readonly string[], launch: ComponentLaunch): Promise<number> {
  if (!existsSync(launch.entry)) {
    launch.stderr.write(`error: ${launch.what} is not built (${launch.entry} is missing); run "npm run build" first\n`);
    return Promise.resolve(1);
  }
  const child = spawn(launch.execPath ?? process.execPath, [launch.entry, ...args], { stdio: 'inherit' });
  const forward = (): void => { child.kill('SIGTERM'); };
  const ignore = (): void => {};
  process.on('SIGTERM', forward);
  process.on('SIGINT', ignore);
  const cleanup = (): void => {
    process.off('SIGTERM', forward);
    process.off('SIGINT', ignore);
  };
  return new Promise((resolve) => {
    child.on('error', (err) => {
      cleanup();
      launch.stderr.write(`error: cannot start ${launch.what}: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolve(exitCodeOf(code, signal));
    });
  });
}
