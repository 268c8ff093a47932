/**
 * Runs `tug` in-process against the in-process API server and captures what it prints.
 */
import { startTestApi, type TestApi } from '../support/api.js';
import { runTug, type RunDeps } from '../../cli/run.js';
import type { OutputStream } from '../../cli/context.js';

/** An OutputStream that keeps everything written to it. */
export function captureStream(): OutputStream & { text(): string } {
  const chunks: string[] = [];
  return {
    write(chunk: string | Uint8Array) { chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')); return true; },
    text: () => chunks.join(''),
  };
}

export interface TugResult { code: number; stdout: string; stderr: string }

export interface CliHarness {
  api: TestApi;
  /** Runs one command; `stdin` feeds `-f -`. */
  tug(argv: string[], opts?: { stdin?: string; deps?: Partial<RunDeps> }): Promise<TugResult>;
  close(): Promise<void>;
}

export async function startCli(): Promise<CliHarness> {
  const api = await startTestApi();
  return {
    api,
    async tug(argv, opts = {}) {
      const stdout = captureStream();
      const stderr = captureStream();
      const code = await runTug(argv, {
        stdout, stderr, client: api.client,
        readStdin: () => Promise.resolve(opts.stdin ?? ''),
        ...opts.deps,
      });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    },
    close: () => api.close(),
  };
}
