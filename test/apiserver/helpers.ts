/**
 * Raw HTTP helpers for the API server tests: they talk to startTestApi() with fetch, so status
 * codes, headers and Status bodies are asserted exactly as kubectl would see them.
 */
import type { Deployment, Namespace, Node, Pod, Service } from '../../api/types.js';
import type { TestApi } from '../support/api.js';

export type Json = Record<string, unknown>;

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  body: Json | undefined;
}

export interface RequestInit {
  method?: string;
  body?: unknown;
  /** Sent as is when a string, else JSON-encoded. */
  contentType?: string;
  accept?: string;
  /** undefined sends the test token; null sends none. */
  token?: string | null;
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** Sends one request to the test API server. */
export async function call(api: TestApi, path: string, init: RequestInit = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { Accept: init.accept ?? 'application/json' };
  const token = init.token === undefined ? api.token : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (init.body !== undefined) {
    payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['Content-Type'] = init.contentType ?? 'application/json';
  }
  const res = await fetch(api.url + path, { method: init.method ?? 'GET', headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let body: Json | undefined;
  try { body = JSON.parse(text) as Json; } catch { body = undefined; }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

/** Reads a dotted path ("metadata.resourceVersion") out of a response body. */
export function field(body: unknown, path: string): unknown {
  let cur: unknown = body;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function deploymentManifest(name = 'web', replicas = 3, image = 'nginx:1.25'): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }], env: [{ name: 'GREETING', value: 'hello' }] }] } },
    },
  };
}

export function podManifest(name: string, labels: Record<string, string> = { app: 'web' }, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
}

export function nodeManifest(name: string): Node {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0-tugboat' } },
  };
}

export function serviceManifest(name: string, port = 80): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port, targetPort: 8080 }] } };
}

export function namespaceManifest(name: string): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
