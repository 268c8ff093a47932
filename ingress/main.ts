#!/usr/bin/env node
/**
 * The ingress proxy as its own process (`tug ingress`), for the compose lab and several proxies.
 *   --port N            where it listens (else $TUGBOAT_INGRESS_PORT, default 8000)
 *   --host IP           a loopback address to listen on (default 127.0.0.1); also the status ADDRESS
 *   --kubeconfig PATH   (else $KUBECONFIG, else $TUGBOAT_DATA_DIR/kubeconfig, data dir default ~/.tugboat)
 *   --context NAME      kubeconfig context (default: current-context)
 *   --access-log RATIO  log this share of requests, one line each (0 = off, default; 1 = all)
 *   --balance round-robin|least-outstanding
 *   --header-timeout S  cut off a client that has not sent its request headers in S seconds (default 10)
 *   --log-level LEVEL   (else $LOG_LEVEL, default info)
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { defaultKubeconfigPath } from '../api/paths.js';
import { ApiClient, loadKubeconfig } from '../client/index.js';
import { createIngressController } from './controller.js';
import { parseIngressFlags } from './flags.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' }, host: { type: 'string' }, kubeconfig: { type: 'string' }, context: { type: 'string' },
    'access-log': { type: 'string' }, balance: { type: 'string' }, 'header-timeout': { type: 'string' }, 'log-level': { type: 'string' },
  },
});
const logger = pino({ level: values['log-level'] ?? process.env.LOG_LEVEL ?? 'info' });
const flags = parseIngressFlags(values, process.env);
if ('error' in flags) {
  process.stderr.write(`error: ${flags.error}\n`);
  process.exit(2);
}
const kubeconfigPath = values.kubeconfig ?? defaultKubeconfigPath(process.env, homedir());

try {
  const client = new ApiClient(loadKubeconfig(kubeconfigPath, values.context));
  const controller = createIngressController({ client, logger, accessLog: { sampleRatio: flags.accessLog }, balance: flags.balance, limits: { headersTimeoutMs: flags.headersTimeoutMs } });
  const { port } = await controller.start(flags.port, flags.host);
  process.stderr.write(`Tugboat ingress proxy listening on http://${flags.host}:${port}\n`);
  const stop = (): void => { void controller.stop().then(() => { client.close(); process.exit(0); }); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  logger.fatal({ err, kubeconfig: kubeconfigPath }, 'ingress proxy failed to start');
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
