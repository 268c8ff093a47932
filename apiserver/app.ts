/**
 * buildApiServer: the express app of the API server, built from injected dependencies and not
 * started (STYLE habit 12). main.ts adds TLS and listen; tests call it in-process.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, InternalError, NotFoundError, RequestEntityTooLargeError, UnauthorizedError } from '../api/errors.js';
import { BODY_LIMIT_BYTES } from './body.js';
import { aggregatedDiscovery, AGGREGATED_CONTENT_TYPE, apiResourceList, legacyApiGroup, legacyApiGroupList, legacyApiVersions, VERSION_INFO, wantsAggregated } from './discovery.js';
import { handleCollection, handleObject, handleSubresource, type HandlerDeps } from './handlers.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import { parseApiPath } from './path.js';
import { systemClock, type Clock } from '../api/clock.js';
import { DEFAULT_CLASS_ANNOTATION, TUGBOAT_INGRESS_CLASS, TUGBOAT_INGRESS_CONTROLLER } from '../api/kinds/ingress.js';
import type { NetworkConfig } from '../api/kinds/kind.js';
import type { KubeObject } from '../api/types.js';
import { Registry } from './registry.js';
import { StorageError, type Store } from './storage/store.js';

export interface ApiServerDeps {
  store: Store;
  logger: Logger;
  /** Bearer token every request (but health and version) must carry. */
  token: string;
  /** Token the API server presents to node agents (pods/log). Defaults to `token`. */
  nodeToken?: string;
  clock?: Clock;
  /** Service CIDR and NodePort range; default DEFAULT_NETWORK. */
  network?: NetworkConfig;
  /** host:port advertised in legacy discovery. */
  serverAddress?: string;
}

const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/livez', '/version']);

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendStatus(res: Response, err: ApiError): void {
  if (res.headersSent) { res.end(); return; }
  res.status(err.httpStatus).json(err.toStatus());
}

/** Maps anything thrown to a Status response; unexpected errors are logged and become 500. */
function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof ApiError) return sendStatus(res, err);
    if (err instanceof StorageError && err.code === 'Compacted') return sendStatus(res, new ApiError(410, 'Expired', `too old resource version: ${err.message}`));
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') return sendStatus(res, new RequestEntityTooLargeError());
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendStatus(res, new ApiError(e.status, 'BadRequest', e.message ?? 'bad request'));
    logger.error({ err }, 'internal error');
    sendStatus(res, new InternalError('an internal error occurred'));
  };
}

export function buildApiServer(deps: ApiServerDeps): express.Express {
  const clock = deps.clock ?? systemClock;
  const registry = new Registry(deps.store, clock, deps.network);
  const log = deps.logger.child({ component: 'apiserver' });
  const hd: HandlerDeps = { store: deps.store, registry, clock, logger: log, nodeToken: deps.nodeToken ?? deps.token };
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    if (PUBLIC_PATHS.has(req.path)) return next();
    if (!tokenMatches(req.headers.authorization, deps.token)) return sendStatus(res, new UnauthorizedError());
    next();
  });
  app.use(express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }));

  for (const p of ['/healthz', '/readyz', '/livez']) app.get(p, (_req, res) => { res.type('text/plain').send('ok'); });
  app.get('/version', (_req, res) => { res.json(VERSION_INFO); });
  app.get('/api', (req, res) => {
    if (wantsAggregated(req.headers.accept)) res.type(AGGREGATED_CONTENT_TYPE).send(JSON.stringify(aggregatedDiscovery(true)));
    else res.json(legacyApiVersions(deps.serverAddress ?? req.headers.host ?? '127.0.0.1'));
  });
  app.get('/apis', (req, res) => {
    if (wantsAggregated(req.headers.accept)) res.type(AGGREGATED_CONTENT_TYPE).send(JSON.stringify(aggregatedDiscovery(false)));
    else res.json(legacyApiGroupList());
  });
  app.get('/openapi/v3', (_req, res) => { res.json(openApiIndex()); });
  app.get(/^\/openapi\/v3\/(.+)$/, (req, res) => {
    const doc = openApiDocument(req.path.slice('/openapi/v3/'.length));
    if (!doc) throw new NotFoundError('openapi', req.path);
    res.json(doc);
  });

  app.use(async (req, res) => {
    const parsed = parseApiPath(req.path);
    if (parsed.type === 'groupVersion') {
      const list = apiResourceList(parsed.group, parsed.version);
      if (!list) throw new NotFoundError(`${parsed.group}/${parsed.version}`, '');
      res.json(list);
      return;
    }
    if (parsed.type === 'unknownResource') throw new NotFoundError(`${parsed.resource}${parsed.group ? `.${parsed.group}` : ''}`, '', { group: parsed.group });
    if (parsed.type === 'none') {
      const m = /^\/apis\/([^/]+)\/?$/.exec(req.path);
      const group = m?.[1] ? legacyApiGroup(m[1]) : undefined;
      if (group) { res.json(group); return; }
      throw new NotFoundError(req.path, '');
    }
    const t = parsed.target;
    if (t.name === undefined) return handleCollection(req, res, t, hd);
    if (t.subresource === undefined) return handleObject(req, res, t, hd);
    return handleSubresource(req, res, t, hd);
  });
  app.use(errorHandler(log));
  return app;
}

/** What every cluster has from the start: its namespaces and Tugboat's default IngressClass. */
const BOOTSTRAP_OBJECTS: readonly KubeObject[] = [
  ...['default', 'kube-system', 'kube-public'].map((name): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
  {
    apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass',
    metadata: { name: TUGBOAT_INGRESS_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    spec: { controller: TUGBOAT_INGRESS_CONTROLLER },
  },
];

/** Creates the objects every cluster has (idempotent: existing ones, possibly edited by the user, are kept). */
export async function bootstrapCluster(store: Store, clock: Clock = systemClock): Promise<void> {
  const registry = new Registry(store, clock);
  for (const obj of BOOTSTRAP_OBJECTS) {
    await registry.create(registry.kind(obj.kind), undefined, structuredClone(obj)).catch((err: unknown) => {
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
    });
  }
}
