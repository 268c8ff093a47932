#!/usr/bin/env node
/**
 * `tug agent`: one node agent on this machine's Docker engine. See flags.ts for the flags.
 * Environment: LOG_LEVEL (default info), KUBECONFIG, TUGBOAT_DATA_DIR.
 * SIGTERM/SIGINT stop the loops and leave the containers running (the next start adopts them).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import pino from 'pino';
import { ApiClient } from '../client/client.js';
import { loadKubeconfig, type ConnectionConfig } from '../client/kubeconfig.js';
import { createAgent } from './agent.js';
import { createDockerRuntime } from './runtime/docker.js';
import { AGENT_USAGE, parseAgentFlags, UsageError, type AgentConnection, type AgentFlags } from './flags.js';

function connectionConfig(c: AgentConnection): ConnectionConfig {
  if (c.kind === 'kubeconfig') return loadKubeconfig(c.path);
  return {
    server: c.server, token: c.token,
    ...(c.caFile ? { ca: readFileSync(c.caFile, 'utf8') } : {}),
    ...(c.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
  };
}

function readFlags(): AgentFlags {
  try {
    return parseAgentFlags(process.argv.slice(2), process.env, homedir());
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\n${AGENT_USAGE}\n`);
    process.exit(2);
  }
}

const flags = readFlags();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
try {
  const connection = connectionConfig(flags.connection);
  const agent = createAgent({
    client: new ApiClient(connection),
    runtime: createDockerRuntime({ socketPath: flags.dockerSocket }),
    logger,
    nodeName: flags.nodeName,
    capacity: { cpuMillis: flags.cpuMillis, memoryBytes: flags.memoryBytes, pods: flags.pods },
    labels: flags.labels,
    nodeToken: connection.token ?? '',
    logPort: flags.logPort,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping (containers keep running)');
    void agent.stop().then(() => process.exit(0), (err: unknown) => { logger.error({ err }, 'stop failed'); process.exit(1); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await agent.start();
  logger.info({ node: flags.nodeName, server: connection.server, logPort: agent.logPort() }, 'agent running');
} catch (err) {
  logger.fatal({ err }, 'agent failed to start');
  process.exit(1);
}
