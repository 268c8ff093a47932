/**
 * pods/log: the API server proxies to the node agent that runs the pod (as kube-apiserver proxies to
 * the kubelet). The agent's address comes from its Node: an InternalIP and
 * status.daemonEndpoints.kubeletEndpoint.Port. Only loopback addresses are dialled.
 */
import http from 'node:http';
import type { Response } from 'express';
import { BadRequestError, InternalError } from '../api/errors.js';
import type { Node, Pod } from '../api/types.js';

export interface LogQuery { container?: string; follow: boolean; tailLines?: number; timestamps: boolean; previous: boolean; sinceSeconds?: number }

type NodeWithEndpoints = Node & { status?: Node['status'] & { daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } };

const AGENT_ANSWER_TIMEOUT_MS = 10_000;
const LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Where the agent of `node` serves container logs, or a BadRequestError saying why not. */
export function agentEndpoint(node: NodeWithEndpoints): { host: string; port: number } {
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  const host = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!port || !host) throw new BadRequestError(`node "${node.metadata.name ?? ''}" does not report an agent endpoint`);
  if (!LOOPBACK.test(host)) throw new BadRequestError(`node "${node.metadata.name ?? ''}" reports address ${host}; this API server only proxies logs to loopback agents`);
  return { host, port };
}

/** Picks the container like kubectl: the query's, else the default-container annotation, else the only one. */
export function pickContainer(pod: Pod, requested: string | undefined): string {
  const names = pod.spec.containers.map((c) => c.name);
  const name = requested ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? (names.length === 1 ? names[0] : undefined);
  if (!name) throw new BadRequestError(`a container name must be specified for pod ${pod.metadata.name ?? ''}, choose one of: [${names.join(' ')}]`);
  if (!names.includes(name)) throw new BadRequestError(`container ${name} is not valid for pod ${pod.metadata.name ?? ''}`);
  return name;
}

/** Streams the log of `container` in `pod` from its agent into `res` (text/plain, chunked when following). */
export function proxyLogs(pod: Pod, node: NodeWithEndpoints, container: string, q: LogQuery, nodeToken: string, res: Response): Promise<void> {
  const { host, port } = agentEndpoint(node);
  const qs = new URLSearchParams({ follow: String(q.follow), timestamps: String(q.timestamps), previous: String(q.previous) });
  if (q.tailLines !== undefined) qs.set('tailLines', String(q.tailLines));
  if (q.sinceSeconds !== undefined) qs.set('sinceSeconds', String(q.sinceSeconds));
  const path = `/containerLogs/${encodeURIComponent(pod.metadata.namespace ?? '')}/${encodeURIComponent(pod.metadata.name ?? '')}/${encodeURIComponent(container)}?${qs.toString()}`;
  return new Promise((resolve, reject) => {
    // An agent that accepts the connection but never answers must not hold the request forever.
    const noAnswer = setTimeout(() => upstream.destroy(new Error(`no answer within ${AGENT_ANSWER_TIMEOUT_MS} ms`)), AGENT_ANSWER_TIMEOUT_MS);
    const upstream = http.request({ host, port, path, headers: { Authorization: `Bearer ${nodeToken}` } }, (up) => {
      clearTimeout(noAnswer);
      const code = up.statusCode ?? 502;
      if (code !== 200) {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => reject(new BadRequestError(Buffer.concat(chunks).toString('utf8').trim() || `agent answered ${code}`)));
        return;
      }
      res.status(200).setHeader('Content-Type', 'text/plain');
      if (q.follow) { res.setHeader('Transfer-Encoding', 'chunked'); res.flushHeaders(); }
      up.pipe(res);
      up.on('end', () => resolve());
      res.on('close', () => { up.destroy(); resolve(); });
    });
    upstream.on('error', (err) => { clearTimeout(noAnswer); reject(new InternalError(`cannot reach the agent of node ${node.metadata.name ?? ''}: ${err.message}`)); });
    upstream.end();
  });
}
