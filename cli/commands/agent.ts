/**
 * `tug agent --node NAME --cpu 2 --memory 4Gi [--label k=v] [--server URL --token T | --kubeconfig F]`:
 * runs the node agent. The CLI never imports agent/; it starts `<dist>/agent/main.js` as a child
 * process with the same Node binary, passes the arguments through untouched, shares the terminal
 * (stdio inherited) and exits with the agent's code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { OutputStream } from '../context.js';

/** The compiled agent entry point, next to this compiled file: dist/cli/commands -> dist/agent/main.js. */
export function agentEntry(): string {
  return fileURLToPath(new URL('../../agent/main.js', import.meta.url));
}

/** What runAgent needs: the script to run (a test passes its own) and where to report problems. */
export interface AgentLaunch { entry: string; stderr: OutputStream; execPath?: string }

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const num = signal ? constants.signals[signal] : undefined;
  return num !== undefined ? 128 + num : 1;
}

/**
 * Runs the agent and resolves with its exit code. SIGTERM sent to `tug` is forwarded; SIGINT from a
 * terminal already reaches the agent (same process group), so `tug` only waits for it to finish.
 */
export function runAgent(args: readonly string[], launch: AgentLaunch): Promise<number> {
  if (!existsSync(launch.entry)) {
    launch.stderr.write(`error: the node agent is not built (${launch.entry} is missing); run "npm run build" first\n`);
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
      launch.stderr.write(`error: cannot start the node agent: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolve(exitCodeOf(code, signal));
    });
  });
}
