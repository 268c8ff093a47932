#!/usr/bin/env node
/**
 * `npm start`: a local cluster on this machine's Docker engine.
 *   --nodes N (default 3)  --node-cpu 2  --node-memory 4Gi  --node-prefix node-  --port 6443  --data-dir DIR
 *   --scoring least-allocated|bin-packing (default least-allocated: spread pods over nodes)
 *   --service-cidr 127.96.0.0/12 (where ClusterIPs come from; must lie in 127.0.0.0/8)
 *   --ingress-port 8000 (the ingress proxy on 127.0.0.1; also TUGBOAT_INGRESS_PORT; 0 = any free port)
 *   --access-log RATIO (share of ingress requests logged, 0-1; default 0)
 *   --ingress-header-timeout S (seconds a client has to send its request headers; default 10)
 * Environment: TUGBOAT_DATA_DIR (default ~/.tugboat), TUGBOAT_PORT, TUGBOAT_HOST (default
 * 127.0.0.1), LOG_LEVEL (default info), DOCKER_SOCKET, TUGBOAT_NODE_GRACE_SECONDS (default 40: how long
 * a node may miss heartbeats before it is Ready=Unknown and its pods not ready).
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { parseCidr } from '../api/cidr.js';
import { defaultDataDir } from '../api/paths.js';
import { nodeGracePeriodFromEnv } from '../controllers/nodelifecycle/config.js';
import { parseIngressFlags } from '../ingress/flags.js';
import { startCluster } from './cluster.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string' }, 'node-cpu': { type: 'string' }, 'node-memory': { type: 'string' },
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'node-prefix': { type: 'string' }, scoring: { type: 'string' },
    'service-cidr': { type: 'string' }, 'ingress-port': { type: 'string' }, 'access-log': { type: 'string' }, 'ingress-header-timeout': { type: 'string' },
  },
});
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const dataDir = values['data-dir'] ?? defaultDataDir(process.env, homedir());
const count = Number(values.nodes ?? 3);
const scoring = values.scoring;
if (scoring !== undefined && scoring !== 'least-allocated' && scoring !== 'bin-packing') {
  process.stderr.write(`error: --scoring must be least-allocated or bin-packing (got "${scoring}")\n`);
  process.exit(2);
}
const serviceCIDR = values['service-cidr'];
const parsedServiceCidr = serviceCIDR === undefined ? undefined : parseCidr(serviceCIDR);
if (serviceCIDR !== undefined && (!parsedServiceCidr || (parsedServiceCidr.base >>> 24) !== 127 || parsedServiceCidr.prefix < 9 || parsedServiceCidr.prefix > 28)) {
  process.stderr.write(`error: --service-cidr must be a CIDR inside 127.0.0.0/8 with a prefix between /9 and /28 (got "${serviceCIDR}")\n`);
  process.exit(2);
}
const ingress = parseIngressFlags({ port: values['ingress-port'], 'access-log': values['access-log'], 'header-timeout': values['ingress-header-timeout'] }, process.env);
if ('error' in ingress) {
  process.stderr.write(`error: ${ingress.error.replace('--port', '--ingress-port').replace('--header-timeout', '--ingress-header-timeout')}\n`);
  process.exit(2);
}
const grace = nodeGracePeriodFromEnv(process.env);
if ('error' in grace) {
  process.stderr.write(`error: ${grace.error}\n`);
  process.exit(2);
}
if (grace.warning) logger.warn(grace.warning);
const nodes = Array.from({ length: count }, (_, i) => ({ name: `${values['node-prefix'] ?? 'node-'}${i + 1}`, cpu: values['node-cpu'] ?? '2', memory: values['node-memory'] ?? '4Gi' }));

try {
  const cluster = await startCluster({
    dataDir, nodes, logger, ...(scoring ? { scoring } : {}), ...(grace.ms ? { nodeGracePeriodMs: grace.ms } : {}), ...(serviceCIDR ? { serviceCIDR } : {}),
    ingressPort: ingress.port, accessLog: ingress.accessLog, ingressHeadersTimeoutMs: ingress.headersTimeoutMs,
    host: values.host ?? process.env.TUGBOAT_HOST ?? '127.0.0.1',
    port: Number(values.port ?? process.env.TUGBOAT_PORT ?? 6443),
    ...(process.env.DOCKER_SOCKET ? { dockerSocket: process.env.DOCKER_SOCKET } : {}),
  });
  logger.info({ url: cluster.url, kubeconfig: cluster.kubeconfigPath, ingress: cluster.ingressUrl, nodes: nodes.map((n) => n.name) }, 'cluster ready');
  const ingressLine = cluster.ingressUrl ? `Ingress proxy: ${cluster.ingressUrl}` : 'Ingress proxy: not running (port in use; see the log)';
  process.stderr.write(`\nTugboat is running at ${cluster.url} with ${count} nodes.\n${ingressLine}\n  export KUBECONFIG=${cluster.kubeconfigPath}\n  tug get nodes    # or: kubectl get nodes\n\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping (containers keep running; the agents adopt them on the next start)');
    void cluster.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  logger.fatal({ err }, 'could not start the cluster');
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
