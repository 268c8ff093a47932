/**
 * The all-in-one local cluster behind `npm start`: API server (HTTPS, lowdb store in the data dir),
 * scheduler, controller manager, service proxy and N node agents sharing the local Docker engine,
 * in one process.
 * Components still talk only through the API server, exactly as they do as separate processes.
 */
import type { Logger } from 'pino';
import { DEFAULT_NETWORK } from '../api/kinds/kind.js';
import { memoryBytes, cpuMillis } from '../api/quantity.js';
import { createAgent } from '../agent/agent.js';
import { createDockerRuntime } from '../agent/runtime/docker.js';
import { serveApiServer } from '../apiserver/serve.js';
import { ApiClient } from '../client/client.js';
import { createControllerManager } from '../controllers/manager.js';
import { defaultIpamConfig } from '../controllers/nodeipam/plan.js';
import { createIngressController, type IngressController } from '../ingress/controller.js';
import { createServiceProxy } from '../proxy/service-proxy.js';
import { createScheduler } from '../scheduler/scheduler.js';

export interface NodeConfig { name: string; cpu: string; memory: string; pods?: number; labels?: Record<string, string> }

export interface ClusterOptions {
  dataDir: string;
  host: string;
  port: number;
  nodes: NodeConfig[];
  logger: Logger;
  dockerSocket?: string;
  /** Scheduler scoring: spread pods (default) or pack them onto as few nodes as possible. */
  scoring?: 'least-allocated' | 'bin-packing';
  /** How long a Node may go without a heartbeat before the controller marks it Ready=Unknown; default 40 s. */
  nodeGracePeriodMs?: number;
  /** Where ClusterIPs come from (inside 127.0.0.0/8); default 127.96.0.0/12. Node pod ranges avoid it. */
  serviceCIDR?: string;
  /** The ingress proxy's port on 127.0.0.1 (0: any free one); default 8000. */
  ingressPort?: number;
  /** Share of requests the ingress proxy logs (0 = off, the default; 1 = every request). */
  accessLog?: number;
  /** How long an ingress client may take to send its request headers; default 10 s. */
  ingressHeadersTimeoutMs?: number;
}

export interface RunningCluster {
  url: string;
  kubeconfigPath: string;
  /** The ingress proxy's URL, undefined when it could not listen (the cluster runs on without it). */
  ingressUrl?: string;
  stop(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const runtime = createDockerRuntime(opts.dockerSocket ? { socketPath: opts.dockerSocket } : {});
  if (opts.nodes.length > 0) {
    await runtime.version().catch((err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot reach the Docker engine at ${opts.dockerSocket ?? '/var/run/docker.sock'} (${why}); start dockerd (as root: bash .ci/docker-up.sh) or set DOCKER_SOCKET`);
    });
  }
  const network = { ...DEFAULT_NETWORK, ...(opts.serviceCIDR ? { serviceCIDR: opts.serviceCIDR } : {}) };
  const api = await serveApiServer({ dataDir: opts.dataDir, host: opts.host, port: opts.port, logger: opts.logger, network });
  const client = (): ApiClient => new ApiClient({ server: api.url, token: api.token, ca: api.caCert });
  const scheduler = createScheduler({ client: client(), logger: opts.logger, ...(opts.scoring ? { scoring: opts.scoring } : {}) });
  const controllers = createControllerManager({
    client: client(), logger: opts.logger, ...(opts.nodeGracePeriodMs ? { nodeGracePeriodMs: opts.nodeGracePeriodMs } : {}),
    ipam: defaultIpamConfig(network.serviceCIDR),
  });
  const serviceProxy = createServiceProxy({ client: client(), logger: opts.logger });
  const ingress = createIngressController({
    client: client(), logger: opts.logger, accessLog: { sampleRatio: opts.accessLog ?? 0 },
    ...(opts.ingressHeadersTimeoutMs ? { limits: { headersTimeoutMs: opts.ingressHeadersTimeoutMs } } : {}),
  });
  const agents = opts.nodes.map((n) => createAgent({
    client: client(), runtime, logger: opts.logger, nodeName: n.name, nodeToken: api.token, labels: n.labels ?? {},
    capacity: { cpuMillis: cpuMillis(n.cpu), memoryBytes: memoryBytes(n.memory), pods: n.pods ?? 110 },
  }));
  const [ingressUrl] = await Promise.all([
    startIngress(ingress, opts.ingressPort ?? 8000, opts.logger),
    scheduler.start(), controllers.start(), serviceProxy.start(), ...agents.map((a) => a.start()),
  ]);
  return {
    url: api.url,
    kubeconfigPath: api.kubeconfigPath,
    ...(ingressUrl ? { ingressUrl } : {}),
    async stop() {
      await Promise.all([...agents.map((a) => a.stop()), serviceProxy.stop(), ingress.stop()]);
      scheduler.stop();
      controllers.stop();
      await api.close();
    },
  };
}

/** Starts the ingress proxy; a port in use is reported, not fatal: everything else still works. */
async function startIngress(ingress: IngressController, port: number, logger: Logger): Promise<string | undefined> {
  try {
    const bound = await ingress.start(port, '127.0.0.1');
    return `http://127.0.0.1:${bound.port}`;
  } catch (err) {
    logger.error({ err, port }, `the ingress proxy cannot listen on 127.0.0.1:${port}; Ingresses are not served (choose another port: npm start -- --ingress-port N)`);
    await ingress.stop();
    return undefined;
  }
}
