/**
 * Helpers for tests that run against the real Docker engine. They fail loudly when the engine is
 * missing: e2e tests never skip silently (CI=true always has Docker, see .ci/run).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDockerRuntime } from '../../agent/runtime/docker.js';
import type { ContainerRuntime } from '../../agent/runtime/runtime.js';

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Label key that marks containers created by a test run; the value is unique per run. */
export const TEST_RUN_LABEL = 'tugboat.io/test-run';

/** A fresh value for {@link TEST_RUN_LABEL}, e.g. "docker-runtime-1a2b3c4d". */
export function newTestRunId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Resolves with the engine version; throws a loud, actionable error when the engine is unreachable. */
export async function requireDocker(runtime: ContainerRuntime = createDockerRuntime()): Promise<string> {
  try {
    return await withTimeout(runtime.version(), 5000, 'docker version');
  } catch (err) {
    throw new Error(
      'Docker engine unreachable. These e2e tests need the real engine (socket /var/run/docker.sock): ' +
      `run "bash .ci/docker-up.sh" (as root). Cause: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

let imagesBuilt: Promise<void> | undefined;

/** Runs scripts/build-images.sh once per process (about a second when the images are cached). */
export function buildTestImages(): Promise<void> {
  imagesBuilt ??= execFileAsync('bash', ['scripts/build-images.sh'], { cwd: repoRoot, timeout: 120_000 })
    .then(() => undefined)
    .catch((err: unknown) => {
      const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr) : '';
      throw new Error(`scripts/build-images.sh failed: ${stderr || String(err)}`, { cause: err });
    });
  return imagesBuilt;
}

/** Force-removes every container carrying key=value; returns how many there were. */
export async function removeContainersByLabel(
  key: string, value: string, runtime: ContainerRuntime = createDockerRuntime(),
): Promise<number> {
  const found = await runtime.list({ [key]: value });
  await Promise.all(found.map((c) => runtime.remove(c.id)));
  return found.length;
}

/** Runs the docker CLI and returns its trimmed stdout (for cross-checking the runtime). */
export async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, { timeout: 30_000 });
  return stdout.trim();
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
