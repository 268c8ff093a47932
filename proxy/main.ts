#!/usr/bin/env node
/**
 * The service proxy as its own process (`tug proxy`), like kube-proxy on a node.
 *   --kubeconfig PATH   (else $KUBECONFIG, else $TUGBOAT_DATA_DIR/kubeconfig, data dir default ~/.tugboat)
 *   --context NAME      kubeconfig context (default: current-context)
 *   --node-ip IP        where NodePorts listen (default 127.0.0.1; loopback only on this machine)
 *   --log-level LEVEL   (else $LOG_LEVEL, default info)
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { parseIPv4 } from '../api/cidr.js';
import { defaultKubeconfigPath } from '../api/paths.js';
import { ApiClient, loadKubeconfig } from '../client/index.js';
import { createServiceProxy } from './service-proxy.js';

const { values } = parseArgs({
  options: { kubeconfig: { type: 'string' }, context: { type: 'string' }, 'node-ip': { type: 'string' }, 'log-level': { type: 'string' } },
});
const logger = pino({ level: values['log-level'] ?? process.env.LOG_LEVEL ?? 'info' });
const nodeIP = values['node-ip'] ?? '127.0.0.1';
if (parseIPv4(nodeIP) === undefined || !nodeIP.startsWith('127.')) {
  process.stderr.write(`error: --node-ip must be a loopback address (127.0.0.0/8), got "${nodeIP}"\n`);
  process.exit(2);
}
const kubeconfigPath = values.kubeconfig ?? defaultKubeconfigPath(process.env, homedir());

try {
  const client = new ApiClient(loadKubeconfig(kubeconfigPath, values.context));
  const proxy = createServiceProxy({ client, logger, nodeIP });
  await proxy.start();
  logger.info({ listeners: proxy.listening().size }, 'service proxy running');
  const stop = (): void => { void proxy.stop().then(() => { client.close(); process.exit(0); }); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  logger.fatal({ err, kubeconfig: kubeconfigPath }, 'service proxy failed to start');
  process.exit(1);
}
