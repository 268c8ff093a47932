/**
 * Reads the subset of kubeconfig that Tugboat uses: one cluster (server + CA data or
 * insecure-skip-tls-verify), one user (bearer token), one context with an optional namespace.
 * Synchronous, with `yaml` loaded up front; the CLI uses kubeconfig-document.ts's lazy loader.
 * (The API server renders the file it writes itself: apiserver/kubeconfig.ts.)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { connectionFromKubeconfig, KUBECONFIG_YAML_OPTIONS, parseKubeconfigJson, type ConnectionConfig } from './kubeconfig-document.js';

export type { ConnectionConfig };

/** Parses kubeconfig text (JSON or YAML) and returns the current context's connection settings. */
export function parseKubeconfig(text: string, contextName?: string): ConnectionConfig {
  return connectionFromKubeconfig(parseKubeconfigJson(text) ?? parse(text, KUBECONFIG_YAML_OPTIONS), contextName);
}

/** Reads the kubeconfig at `path`. */
export function loadKubeconfig(path: string, contextName?: string): ConnectionConfig {
  return parseKubeconfig(readFileSync(path, 'utf8'), contextName);
}
