/**
 * Entry point of the scheduler process: reads flags and the kubeconfig, creates the root logger and the
 * API client, and starts createScheduler. Nothing imports this file.
 *
 *   node dist/scheduler/main.js [--kubeconfig PATH] [--scoring least-allocated|bin-packing]
 *                               [--scheduler-name NAME] [--nodes-to-score all|log2] [--seed N]
 *
 * Kubeconfig: --kubeconfig, else $KUBECONFIG, else $TUGBOAT_DATA_DIR/kubeconfig (data dir ~/.tugboat).
 * Log level: $LOG_LEVEL (default info).
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { defaultKubeconfigPath } from '../api/paths.js';
import { ApiClient } from '../client/client.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { allNodes, log2Nodes } from './nodes-to-score.js';
import { createSeededRandom } from './random.js';
import type { Scoring } from './registry.js';
import { createScheduler } from './scheduler.js';

const SCORINGS: readonly Scoring[] = ['least-allocated', 'bin-packing'];

function kubeconfigPath(flag: string | undefined): string {
  return flag || defaultKubeconfigPath(process.env, homedir());
}

function parseScoring(value: string | undefined): Scoring {
  const found = SCORINGS.find((s) => s === (value ?? 'least-allocated'));
  if (!found) throw new Error(`--scoring must be one of ${SCORINGS.join(', ')} (got "${value ?? ''}")`);
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      scoring: { type: 'string' },
      'scheduler-name': { type: 'string' },
      'nodes-to-score': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const path = kubeconfigPath(values.kubeconfig);
  const client = new ApiClient(loadKubeconfig(path));
  const scheduler = createScheduler({
    client,
    logger,
    scoring: parseScoring(values.scoring),
    nodesToScore: values['nodes-to-score'] === 'log2' ? log2Nodes : allNodes,
    ...(values['scheduler-name'] ? { schedulerName: values['scheduler-name'] } : {}),
    ...(values.seed !== undefined ? { random: createSeededRandom(Number(values.seed)) } : {}),
  });
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'stopping scheduler');
    scheduler.stop();
    client.close();
    process.exit(0);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  logger.info({ kubeconfig: path }, 'starting scheduler');
  await scheduler.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`scheduler: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
