/**
 * Reads the subset of kubeconfig that Tugboat uses: one cluster (server + CA data or
 * insecure-skip-tls-verify), one user (bearer token), one context with an optional namespace.
 * (The API server renders the file it writes itself: apiserver/kubeconfig.ts.)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ConnectionConfig {
  server: string;
  token?: string;
  /** PEM CA certificate(s) to trust. */
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  namespace?: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Parses kubeconfig text and returns the current context's connection settings. */
export function parseKubeconfig(text: string, contextName?: string): ConnectionConfig {
  const doc = rec(parse(text, { maxAliasCount: 50 }));
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

/** Reads the kubeconfig at `path`. */
export function loadKubeconfig(path: string, contextName?: string): ConnectionConfig {
  return parseKubeconfig(readFileSync(path, 'utf8'), contextName);
}
