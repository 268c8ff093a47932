/**
 * Where Tugboat keeps its state and its kubeconfig when no flag says otherwise. The one place every
 * main.ts (API server, scheduler, controllers, agent, cluster, CLI) resolves these defaults. Pure: the
 * environment and the home directory are arguments, so tests pass their own.
 */
import { join } from 'node:path';

/** The process environment, or a test's stand-in for it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** $TUGBOAT_DATA_DIR, else `<home>/.tugboat`. An empty TUGBOAT_DATA_DIR counts as unset. */
export function defaultDataDir(env: Env, home: string): string {
  return env.TUGBOAT_DATA_DIR || join(home, '.tugboat');
}

/**
 * The files $KUBECONFIG lists (colon-separated, in order), empty entries dropped as kubectl does.
 * Callers that can look at the disk (the CLI) pick the first that exists.
 */
export function kubeconfigEnvPaths(env: Env): string[] {
  return (env.KUBECONFIG ?? '').split(':').filter((p) => p !== '');
}

/** The first $KUBECONFIG entry, else `<data dir>/kubeconfig` (data dir from {@link defaultDataDir}). */
export function defaultKubeconfigPath(env: Env, home: string): string {
  return kubeconfigEnvPaths(env)[0] ?? join(defaultDataDir(env, home), 'kubeconfig');
}
