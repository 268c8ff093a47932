/**
 * Label keys the agent puts on every container it creates. They are how the agent maps what the
 * runtime shows back to pods: syncing compares "pods bound to this node" with "containers carrying
 * my node label", so a container without these labels is invisible to the agent (and never touched).
 */

/** Common prefix of every Tugboat label. */
export const LABEL_PREFIX = 'tugboat.io/';

/** Present (value {@link MANAGED_VALUE}) on every container Tugboat created. */
export const LABEL_MANAGED = 'tugboat.io/managed';
/** The value of {@link LABEL_MANAGED}. */
export const MANAGED_VALUE = 'true';

/** metadata.uid of the pod the container belongs to. */
export const LABEL_POD_UID = 'tugboat.io/pod-uid';
/** metadata.namespace of the pod. */
export const LABEL_POD_NAMESPACE = 'tugboat.io/pod-namespace';
/** metadata.name of the pod. */
export const LABEL_POD_NAME = 'tugboat.io/pod-name';
/** spec.containers[].name inside the pod. */
export const LABEL_CONTAINER_NAME = 'tugboat.io/container-name';
/** Name of the Node whose agent created the container (several agents may share one engine). */
export const LABEL_NODE = 'tugboat.io/node';
/**
 * Id of the cluster whose agent created the container: the uid of that cluster's kube-system
 * Namespace (the Kubernetes convention for a cluster id). Several clusters may share one engine
 * AND node names (`npm start` next to the e2e tests' clusters, all with a node-1), so an agent
 * only touches containers carrying its node label and its cluster label; containers created
 * before this label existed carry none and still count as the node's own (scope.ts).
 */
export const LABEL_CLUSTER = 'tugboat.io/cluster';
/**
 * How many times the agent had restarted this pod container when it created this instance
 * (decimal string, "0" for the first). Docker's own RestartCount stays 0 because the agent, not
 * the engine, restarts containers; `ContainerInfo.restartCount` is read from this label.
 */
export const LABEL_RESTART_COUNT = 'tugboat.io/restart-count';
/**
 * The pod's address (status.podIP) that this container's ports are published on. Every container
 * of a pod carries the same one; an address is in use while any container (running or not, of any
 * cluster on the engine) carries it, so it is never handed out twice (pod-network.ts).
 */
export const LABEL_POD_IP = 'tugboat.io/pod-ip';
