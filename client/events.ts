/**
 * Records Kubernetes Events about objects ("Scheduled", "Pulled", "FailedScheduling", ...).
 * Recording never throws: an event that cannot be written is logged and dropped.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Event, KubeObject } from '../api/types.js';
import type { ApiClient } from './client.js';

export interface EventRecorder {
  /** Writes an Event about `obj` in the background; returns the write for callers that want to wait. */
  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}

export function createEventRecorder(client: ApiClient, component: string, opts: { host?: string; logger?: Logger; now?: () => Date } = {}): EventRecorder {
  const now = opts.now ?? (() => new Date());
  return {
    async record(obj, type, reason, message) {
      const ts = now().toISOString();
      const name = obj.metadata.name ?? 'unknown';
      const namespace = obj.metadata.namespace ?? 'default';
      const ev: Event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace },
        involvedObject: { kind: obj.kind, apiVersion: obj.apiVersion, name, namespace, ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}), ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}) },
        reason,
        message,
        type,
        source: { component, ...(opts.host ? { host: opts.host } : {}) },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
      };
      try {
        await client.create(ev);
      } catch (err) {
        opts.logger?.warn({ err: err instanceof Error ? err.message : String(err), reason }, 'could not record event');
      }
    },
  };
}
