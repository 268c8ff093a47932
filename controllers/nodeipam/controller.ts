/**
 * The node IPAM controller: a Node without spec.podCIDR gets the next free range (plan.ts),
 * written with a merge patch. One reconcile at a time, and ranges handed out are remembered until
 * the cache shows them, so two nodes never get the same range.
 */
import type { Logger } from 'pino';
import { isNotFound } from '../../api/errors.js';
import type { Node } from '../../api/types.js';
import { createEventRecorder, type ApiClient, type ReconcileResult } from '../../client/index.js';
import { createController, type Controller } from '../runtime/controller.js';
import type { InformerFactory } from '../runtime/informers.js';
import { nextNodeCidr, podCidrsOf, type IpamConfig } from './plan.js';

/** What the node IPAM controller needs. */
export interface NodeIpamDeps {
  client: ApiClient;
  informers: InformerFactory;
  logger: Logger;
  config: IpamConfig;
}

/** How soon to try again when the cluster CIDR is full (a node may be deleted meanwhile). */
const EXHAUSTED_RETRY_MS = 30_000;

/** Builds the controller; start() it after the informers have synced. */
export function createNodeIpamController(deps: NodeIpamDeps): Controller {
  const log = deps.logger.child({ controller: 'node-ipam' });
  const nodes = deps.informers.forKind<Node>('Node');
  const recorder = createEventRecorder(deps.client, 'node-ipam-controller', { logger: log });
  /** Ranges patched onto a node whose update the cache has not shown yet: node name -> range. */
  const pending = new Map<string, string>();

  async function reconcile(name: string): Promise<ReconcileResult | void> {
    const node = nodes.get(name);
    if (!node) { pending.delete(name); return; }
    if (node.spec.podCIDR) { pending.delete(name); return; }
    const taken = [...podCidrsOf(nodes.list()), ...[...pending].filter(([n]) => n !== name).map(([, c]) => c)];
    const cidr = pending.get(name) ?? nextNodeCidr(deps.config, taken);
    if (!cidr) {
      void recorder.record(node, 'Warning', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable (no free /${deps.config.nodeMaskSize} left in ${deps.config.clusterCIDR})`);
      return { requeueAfterMs: EXHAUSTED_RETRY_MS };
    }
    pending.set(name, cidr);
    try {
      await deps.client.patch('Node', undefined, name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } }, 'merge');
    } catch (err) {
      pending.delete(name);
      if (isNotFound(err)) return;
      throw err;
    }
    log.info({ node: name, podCIDR: cidr }, 'assigned pod CIDR');
  }

  return createController({ name: 'node-ipam', informers: deps.informers, logger: deps.logger, forKind: 'Node', concurrency: 1, reconcile });
}
