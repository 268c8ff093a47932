/**
 * How a pod container maps to an engine container: its engine-wide unique name and the labels
 * (labels.ts) that let the agent find it again after a restart. Pure.
 */
import type { Pod } from '../../api/types.js';
import {
  LABEL_CONTAINER_NAME, LABEL_MANAGED, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, LABEL_RESTART_COUNT, MANAGED_VALUE,
} from './labels.js';
import { scopeLabels, type ContainerScope } from './scope.js';

/**
 * `tug_<ns>_<pod>_<container>_<uid prefix>_<restartCount>`: unique across agents sharing one engine
 * (the uid prefix tells apart pods that reuse a name) and across restarts of one container.
 */
export function containerName(pod: Pod, container: string, restartCount: number): string {
  const uid = (pod.metadata.uid ?? '').replace(/[^a-zA-Z0-9]/g, '').slice(0, 8);
  return ['tug', pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', container, uid, String(restartCount)].join('_');
}

/** The labels of one instance of `container` of `pod`, created by the agent of `scope` (node + cluster). */
export function containerLabels(pod: Pod, container: string, scope: ContainerScope, restartCount: number): Record<string, string> {
  return {
    [LABEL_MANAGED]: MANAGED_VALUE,
    [LABEL_POD_UID]: pod.metadata.uid ?? '',
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? 'default',
    [LABEL_POD_NAME]: pod.metadata.name ?? '',
    [LABEL_CONTAINER_NAME]: container,
    ...scopeLabels(scope),
    [LABEL_RESTART_COUNT]: String(restartCount),
  };
}

/** The "namespace/name" key of the pod a container belongs to, or undefined for foreign containers. */
export function podKeyOfLabels(labels: Record<string, string>): string | undefined {
  const ns = labels[LABEL_POD_NAMESPACE];
  const name = labels[LABEL_POD_NAME];
  return ns && name ? `${ns}/${name}` : undefined;
}

/** The restart-count label as a number (0 when absent or malformed). */
export function restartCountOfLabels(labels: Record<string, string>): number {
  const n = Number.parseInt(labels[LABEL_RESTART_COUNT] ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}
