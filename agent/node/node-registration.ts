/**
 * Registers the agent's Node and posts its status (the heartbeat), through the API. A Node that
 * already exists (an agent restart) is updated in place, so it keeps its uid, spec and taints.
 */
import type { Logger } from 'pino';
import { isAlreadyExists, isConflict, isNotFound } from '../../api/errors.js';
import type { Node } from '../../api/types.js';
import type { ApiClient } from '../../client/client.js';
import type { Clock } from '../../api/clock.js';
import { buildNode, computeNodeStatus, type NodeParams } from './node-status.js';
import { retryUntilDone } from './retry.js';

/** Writes attempted before a conflict is given up on (the next heartbeat tries again). */
const MAX_ATTEMPTS = 5;

/** Creates the Node, or updates the existing one (labels, then status). Returns the stored Node. */
export async function registerNode(client: ApiClient, params: NodeParams, clock: Clock): Promise<Node> {
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await getNode(client, params.nodeName);
      if (!existing) return await client.create(buildNode(params, clock.now()));
      const updated = await client.update(buildNode(params, clock.now(), existing));
      return await client.updateStatus({ ...updated, status: computeNodeStatus(params, clock.now(), updated.status) });
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !(isConflict(err) || isAlreadyExists(err))) throw err;
    }
  }
}

/** registerNode until it succeeds (kubelet waits for the API server too), unless `stopped()` turns true. */
export function registerNodeWithRetry(client: ApiClient, params: NodeParams, clock: Clock, log: Logger, stopped: () => boolean): Promise<Node> {
  return retryUntilDone(() => registerNode(client, params, clock), { what: 'register the node', log, stopped });
}

/**
 * The heartbeat: refreshes the whole status (lastHeartbeatTime moves) with the Node's current
 * resourceVersion, re-reading on conflict. A Node deleted by someone is registered again.
 */
export async function postNodeStatus(client: ApiClient, params: NodeParams, clock: Clock): Promise<Node> {
  for (let attempt = 1; ; attempt++) {
    const node = await getNode(client, params.nodeName);
    if (!node) return registerNode(client, params, clock);
    try {
      return await client.updateStatus({ ...node, status: computeNodeStatus(params, clock.now(), node.status) });
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !(isConflict(err) || isNotFound(err))) throw err;
    }
  }
}

async function getNode(client: ApiClient, name: string): Promise<Node | undefined> {
  try {
    return await client.get<Node>('Node', undefined, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
