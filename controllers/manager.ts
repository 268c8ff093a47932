/**
 * The controller manager: shared informers plus the ReplicaSet, Deployment, garbage-collector,
 * namespace, node lifecycle, node IPAM, Endpoints and EndpointSlice controllers, started together.
 * Built, not started (STYLE habit 12): main.ts and the all-in-one cluster call start().
 */
import type { Logger } from 'pino';
import { DEFAULT_NETWORK } from '../api/kinds/kind.js';
import type { ApiClient } from '../client/index.js';
import { createDeploymentController } from './deployment/controller.js';
import { createEndpointsController } from './endpoints/controller.js';
import { createEndpointSliceController } from './endpointslice/controller.js';
import { createGarbageCollector } from './gc/controller.js';
import { createNamespaceController } from './namespace/controller.js';
import { createNodeIpamController } from './nodeipam/controller.js';
import { defaultIpamConfig, type IpamConfig } from './nodeipam/plan.js';
import { createNodeLifecycleController } from './nodelifecycle/controller.js';
import { createReplicaSetController } from './replicaset/controller.js';
import { systemClock, type Clock } from '../api/clock.js';
import type { Controller } from './runtime/controller.js';
import { createInformerFactory } from './runtime/informers.js';

/** What the controller manager needs; `clock` defaults to the wall clock. */
export interface ControllerManagerDeps {
  client: ApiClient;
  logger: Logger;
  clock?: Clock;
  /** Garbage collector full re-check period; default 30 s. */
  gcResyncMs?: number;
  /** How long a Node may go without a heartbeat before its Ready condition turns Unknown; default 40 s. */
  nodeGracePeriodMs?: number;
  /** Where node pod ranges come from; default 127.0.0.0/8 in /16s, around the default service CIDR. */
  ipam?: IpamConfig;
}

/** A running set of controllers. */
export interface ControllerManager {
  /** Starts the informers, waits for their first list, then starts every controller. */
  start(): Promise<void>;
  /** Stops controllers and informers; idempotent. */
  stop(): void;
  /** Resolves when every controller's queue is empty and idle (tests). */
  idle(): Promise<void>;
}

/** Builds every controller over one set of shared informers. */
export function createControllerManager(deps: ControllerManagerDeps): ControllerManager {
  const logger = deps.logger.child({ component: 'controller-manager' });
  const clock = deps.clock ?? systemClock;
  const informers = createInformerFactory(deps.client, logger);
  const common = { client: deps.client, informers, logger };
  const controllers: Controller[] = [
    createReplicaSetController({ ...common, clock }),
    createDeploymentController({ ...common, clock }),
    createGarbageCollector({ ...common, ...(deps.gcResyncMs ? { resyncMs: deps.gcResyncMs } : {}) }),
    createNamespaceController(common),
    createNodeLifecycleController({ ...common, clock, ...(deps.nodeGracePeriodMs ? { gracePeriodMs: deps.nodeGracePeriodMs } : {}) }),
    createNodeIpamController({ ...common, config: deps.ipam ?? defaultIpamConfig(DEFAULT_NETWORK.serviceCIDR) }),
    createEndpointsController(common),
    createEndpointSliceController(common),
  ];
  let stopped = false;
  return {
    async start() {
      await informers.start();
      if (stopped) return;
      for (const c of controllers) c.start();
      logger.info({ controllers: controllers.map((c) => c.name) }, 'controllers started');
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const c of controllers) c.stop();
      informers.stop();
    },
    async idle() { await Promise.all(controllers.map((c) => c.idle())); },
  };
}
