#!/usr/bin/env node
/**
 * The API server on its own: `node dist/apiserver/main.js [--port 6443] [--data-dir DIR]`.
 * TUGBOAT_DATA_DIR (default ~/.tugboat), TUGBOAT_PORT and TUGBOAT_HOST (default 127.0.0.1) configure it.
 */
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { defaultDataDir } from '../api/paths.js';
import { serveApiServer } from './serve.js';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' } } });
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const dataDir = values['data-dir'] ?? defaultDataDir(process.env, homedir());
const server = await serveApiServer({ dataDir, host: values.host ?? process.env.TUGBOAT_HOST ?? '127.0.0.1', port: Number(values.port ?? process.env.TUGBOAT_PORT ?? 6443), logger });
logger.info({ url: server.url, kubeconfig: server.kubeconfigPath }, 'API server listening');
const stop = (): void => { void server.close().then(() => process.exit(0)); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
