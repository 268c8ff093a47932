/**
 * Finds and loads the connection settings: --server/--token, else the kubeconfig from --kubeconfig,
 * else $KUBECONFIG, else $TUGBOAT_DATA_DIR/kubeconfig, else ~/.tugboat/kubeconfig.
 */
import { existsSync } from 'node:fs';
import { defaultKubeconfigPath, kubeconfigEnvPaths, type Env } from '../api/paths.js';
import type { ConnectionConfig } from '../client/kubeconfig-document.js';
import type { ParsedArgs } from './args.js';
import { CliError } from './errors.js';

export type { Env };

/** The kubeconfig file to read, by the precedence above. KUBECONFIG may list several; the first existing wins. */
export function kubeconfigPath(flag: string | undefined, env: Env, home: string): string {
  if (flag) return flag;
  return kubeconfigEnvPaths(env).find((p) => existsSync(p)) ?? defaultKubeconfigPath(env, home);
}

/** The namespace commands default to: -n, else the kubeconfig context's namespace, else "default". */
export function defaultNamespace(flag: string | undefined, cfg: Pick<ConnectionConfig, 'namespace'> | undefined): string {
  return flag || cfg?.namespace || 'default';
}

/** Loads the connection settings for this invocation; throws CliError when there is no usable config. */
export async function loadConnection(args: ParsedArgs, env: Env, home: string): Promise<ConnectionConfig> {
  const server = args.string('server');
  const token = args.string('token');
  if (server) return token ? { server, token } : { server };
  const path = kubeconfigPath(args.string('kubeconfig'), env, home);
  if (!existsSync(path)) {
    throw new CliError(`no kubeconfig found at "${path}": start a cluster, or pass --kubeconfig, KUBECONFIG or --server`);
  }
  // Not client/kubeconfig.js: that one loads `yaml` up front, ~40 ms a command for JSON kubeconfigs.
  const { loadKubeconfigLazily } = await import('../client/kubeconfig-document.js');
  let cfg: ConnectionConfig;
  try {
    cfg = await loadKubeconfigLazily(path, args.string('context'));
  } catch (err) {
    throw new CliError(`error loading config file "${path}": ${err instanceof Error ? err.message : String(err)}`);
  }
  return token ? { ...cfg, token } : cfg;
}
