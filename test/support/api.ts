/**
 * An in-process API server on the memory store for integration tests: plain HTTP on 127.0.0.1 with a
 * random port and a bearer token, plus a client for it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { NetworkConfig } from '../../api/kinds/kind.js';
import { buildApiServer, bootstrapCluster } from '../../apiserver/app.js';
import { createMemoryStore } from '../../apiserver/storage/memory.js';
import type { Store } from '../../apiserver/storage/store.js';
import { ApiClient } from '../../client/client.js';

export interface TestApi {
  client: ApiClient;
  url: string;
  token: string;
  store: Store;
  close(): Promise<void>;
}

export async function startTestApi(opts: { store?: Store; token?: string; network?: NetworkConfig } = {}): Promise<TestApi> {
  const store = opts.store ?? createMemoryStore();
  const token = opts.token ?? 'test-token';
  await bootstrapCluster(store);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = buildApiServer({ store, logger, token, ...(opts.network ? { network: opts.network } : {}) });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new ApiClient({ server: url, token });
  return {
    client, url, token, store,
    async close() {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
