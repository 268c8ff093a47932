/**
 * The yaml-free half of kubeconfig reading: the connection settings from an already parsed
 * kubeconfig document, and an async loader that parses JSON kubeconfigs (what Tugboat writes) with
 * JSON.parse and loads the `yaml` package only for YAML ones. The CLI uses the loader, because
 * importing `yaml` costs ~40 ms on every `tug` command; the long-running components use the
 * synchronous kubeconfig.ts.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ConnectionConfig {
  server: string;
  token?: string;
  /** PEM CA certificate(s) to trust. */
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  namespace?: string;
}

/** Limits YAML alias expansion (billion laughs) in kubeconfig files. */
export const KUBECONFIG_YAML_OPTIONS = { maxAliasCount: 50 } as const;

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The parsed document when `text` is a JSON object, else undefined (then it needs the YAML parser). */
export function parseKubeconfigJson(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a YAML flow mapping such as {a: 1} also starts with '{'
  }
}

/** The connection settings of context `contextName` (default: current-context) of a parsed kubeconfig. */
export function connectionFromKubeconfig(document: unknown, contextName?: string): ConnectionConfig {
  const doc = rec(document);
  const ctxName = contextName ?? str(doc['current-context']);
  const contexts = Array.isArray(doc.contexts) ? doc.contexts.map(rec) : [];
  const ctxEntry = contexts.find((c) => c.name === ctxName) ?? contexts[0];
  const ctx = rec(ctxEntry?.context);
  const find = (list: unknown, name: unknown, field: string): Rec => {
    const arr = Array.isArray(list) ? list.map(rec) : [];
    return rec((arr.find((e) => e.name === name) ?? arr[0])?.[field]);
  };
  const cluster = find(doc.clusters, ctx.cluster, 'cluster');
  const user = find(doc.users, ctx.user, 'user');
  const server = str(cluster.server);
  if (!server) throw new Error('kubeconfig has no cluster server');
  const caData = str(cluster['certificate-authority-data']);
  const caFile = str(cluster['certificate-authority']);
  const cfg: ConnectionConfig = { server };
  if (caData) cfg.ca = Buffer.from(caData, 'base64').toString('utf8');
  else if (caFile) cfg.ca = readFileSync(caFile, 'utf8');
  if (cluster['insecure-skip-tls-verify'] === true) cfg.insecureSkipTLSVerify = true;
  const token = str(user.token) ?? (str(user.tokenFile) ? readFileSync(str(user.tokenFile) ?? '', 'utf8').trim() : undefined);
  if (token) cfg.token = token;
  const ns = str(ctx.namespace);
  if (ns) cfg.namespace = ns;
  return cfg;
}

/** Reads the kubeconfig at `path`; the `yaml` package is loaded only when the file is not JSON. */
export async function loadKubeconfigLazily(path: string, contextName?: string): Promise<ConnectionConfig> {
  const text = await readFile(path, 'utf8');
  const doc = parseKubeconfigJson(text) ?? (await import('yaml')).parse(text, KUBECONFIG_YAML_OPTIONS);
  return connectionFromKubeconfig(doc, contextName);
}
