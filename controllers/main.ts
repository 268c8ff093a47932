#!/usr/bin/env node
/**
 * The controller manager as its own process.
 *   --kubeconfig PATH   (else $KUBECONFIG, else $TUGBOAT_DATA_DIR/kubeconfig, data dir default ~/.tugboat)
 *   --context NAME      kubeconfig context (default: current-context)
 *   --log-level LEVEL   (else $LOG_LEVEL, default info)
 * Environment: TUGBOAT_NODE_GRACE_SECONDS (default 40): how long a node may miss heartbeats before
 * its Ready condition turns Unknown and its pods are marked not ready.
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { defaultKubeconfigPath } from '../api/paths.js';
import { ApiClient, loadKubeconfig } from '../client/index.js';
import { createControllerManager } from './manager.js';
import { nodeGracePeriodFromEnv } from './nodelifecycle/config.js';

const { values } = parseArgs({
  options: { kubeconfig: { type: 'string' }, context: { type: 'string' }, 'log-level': { type: 'string' } },
});
const logger = pino({ level: values['log-level'] ?? process.env.LOG_LEVEL ?? 'info' });
const kubeconfigPath = values.kubeconfig ?? defaultKubeconfigPath(process.env, homedir());
const grace = nodeGracePeriodFromEnv(process.env);
if ('error' in grace) {
  logger.fatal(grace.error);
  process.exit(2);
}
if (grace.warning) logger.warn(grace.warning);

try {
  const client = new ApiClient(loadKubeconfig(kubeconfigPath, values.context));
  const manager = createControllerManager({ client, logger, ...(grace.ms ? { nodeGracePeriodMs: grace.ms } : {}) });
  await manager.start();
  const stop = (): void => { manager.stop(); client.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  logger.fatal({ err, kubeconfig: kubeconfigPath }, 'controller manager failed to start');
  process.exit(1);
}
