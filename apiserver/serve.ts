/**
 * Starts a real API server: credentials and the lowdb store in the data dir, HTTPS on 127.0.0.1,
 * and the kubeconfig written next to them. Used by apiserver/main.ts and the all-in-one cluster.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { NetworkConfig } from '../api/kinds/kind.js';
import { bootstrapCluster, buildApiServer } from './app.js';
import { ensureCredentials } from './credentials.js';
import { renderKubeconfig } from './kubeconfig.js';
import { createLowdbStore } from './storage/lowdb.js';
import type { Store } from './storage/store.js';

export interface ServeOptions { dataDir: string; host: string; port: number; logger: Logger; store?: Store; network?: NetworkConfig }
export interface RunningApiServer { url: string; token: string; caCert: string; kubeconfigPath: string; store: Store; close(): Promise<void> }

export async function serveApiServer(opts: ServeOptions): Promise<RunningApiServer> {
  const creds = await ensureCredentials(opts.dataDir);
  const store = opts.store ?? (await createLowdbStore({ file: join(opts.dataDir, 'store.json') }));
  await bootstrapCluster(store);
  const app = buildApiServer({ store, logger: opts.logger, token: creds.token, ...(opts.network ? { network: opts.network } : {}) });
  const server = https.createServer({ cert: creds.serverCert, key: creds.serverKey }, app);
  server.keepAliveTimeout = 75_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on ${opts.host} is already in use (set TUGBOAT_PORT to use another)`) : err));
    server.listen(opts.port, opts.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://${opts.host}:${port}`;
  const kubeconfigPath = join(opts.dataDir, 'kubeconfig');
  // Written to a temp file and renamed, so a reader never sees half a kubeconfig.
  await writeFile(`${kubeconfigPath}.tmp`, renderKubeconfig({ server: url, token: creds.token, ca: creds.caCert }), { mode: 0o600 });
  await rename(`${kubeconfigPath}.tmp`, kubeconfigPath);
  return {
    url, token: creds.token, caCert: creds.caCert, kubeconfigPath, store,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
