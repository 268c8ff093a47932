/**
 * One declaration per kind (issue 5, part 0). Everything generic — routing, discovery, OpenAPI,
 * validation, defaulting, Tables, the registry's create/update/delete strategy, the garbage
 * collector, the namespace controller, the CLI's name resolution and the client's URLs — reads a
 * kind's KindDefinition and never names a kind itself. Adding a kind is one file in api/kinds/ and
 * one line in api/kinds/index.ts.
 *
 * Pure: hooks that need stored state get it through StrategyContext, which the API server
 * implements over its Store.
 */
import type { Clock } from '../clock.js';
import type { Shape } from '../shape.js';
import type { ColumnDefinition } from '../table.js';
import type { KubeObject } from '../types.js';
import type { Problems } from '../validation.js';

/** A subresource as discovery lists it. */
export interface SubresourceInfo { name: string; kind: string; group: string; version: string; verbs: string[] }

/** What discovery, URLs and name resolution need of a kind. */
export interface ResourceInfo {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural, lower case: the URL segment. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: SubresourceInfo[];
}

/** A kind's Table printer: kubectl's columns and the cells of one object (pure). */
export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: Date): unknown[];
}

/** Cluster networking settings some strategies allocate from (Service ClusterIPs, NodePorts). */
export interface NetworkConfig {
  /** CIDR ClusterIPs come from, e.g. "127.96.0.0/12" (inside loopback on this product). */
  serviceCIDR: string;
  /** Inclusive NodePort range, Kubernetes' default 30000-32767. */
  nodePortRange: readonly [number, number];
}

/** Kubernetes' defaults moved into loopback: ClusterIPs from 127.96.0.0/12 (as 10.96.0.0/12), NodePorts 30000-32767. */
export const DEFAULT_NETWORK: NetworkConfig = { serviceCIDR: '127.96.0.0/12', nodePortRange: [30000, 32767] };

/**
 * Stored state as a strategy hook may read it. Reads see committed (durable) objects only.
 */
export interface StrategyContext {
  clock: Clock;
  network: NetworkConfig;
  get(kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** Every stored object of `kind`, in one namespace or (undefined) all of them. */
  list(kind: string, namespace?: string): Promise<KubeObject[]>;
  /** True when the namespace still holds objects of any namespaced kind. */
  namespaceHasObjects(namespace: string): Promise<boolean>;
}

/** The outcome of a kind's delete hook. */
export type DeleteDecision =
  /** Remove the object from the store now. */
  | { action: 'remove' }
  /** Write this (terminating) version instead; someone finishes the delete later. */
  | { action: 'mark'; object: KubeObject }
  /** Nothing to do yet; answer with the stored object (it is already terminating). */
  | { action: 'keep' };

/** How the registry treats a kind on create, update and delete. Every hook is optional. */
export interface Strategy {
  /** Keep a status sent on create (objects whose writer owns the status: Node, Event). Default: dropped. */
  keepStatusOnCreate?: boolean;
  /** The status a new object starts with (Pod: phase Pending). */
  initialStatus?(obj: KubeObject): unknown;
  /**
   * Runs after defaulting and validation, before a create is stored, one create of this kind at a
   * time (allocations: a Service's clusterIP and nodePorts, an Ingress's default class). Mutates
   * `obj`; throws an ApiError (422, 409) to refuse.
   */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): Promise<void>;
  /**
   * Runs on every update of the main resource after defaulting, with the stored object: refuses
   * changes to immutable fields by throwing InvalidError, and may carry over fields the writer left
   * out. Pure and synchronous, so updates of the kind are not serialized for it.
   */
  checkUpdate?(current: KubeObject, next: KubeObject): void;
  /**
   * For kinds whose updates allocate (a Service's type change, its nodePorts): runs after
   * checkUpdate with stored state, one update of this kind at a time (like prepareForCreate).
   * Mutates `next`; throws an ApiError to refuse.
   */
  prepareForUpdate?(current: KubeObject, next: KubeObject, ctx: StrategyContext): Promise<void>;
  /**
   * Decides what a DELETE does. Default: remove now. `gracePeriodSeconds` is the caller's
   * (DeleteOptions), undefined when not given.
   */
  delete?(current: KubeObject, opts: { gracePeriodSeconds?: number }, ctx: StrategyContext): Promise<DeleteDecision>;
}

/**
 * The one declaration of a kind. `validate` is required: a kind without validation is refused at
 * start-up (api/kinds/index.ts), never silently accepted.
 */
export interface KindDefinition extends ResourceInfo {
  /** metadata.name rule: a DNS-1123 label (Namespace, Service) or subdomain (default). */
  nameRule?: 'label' | 'subdomain';
  /**
   * The kind's own field checks (everything but apiVersion/kind/metadata/status, which generic
   * validation checks). Adds problems with field paths; must not throw on any input.
   */
  validate(p: Problems, obj: Record<string, unknown>): void;
  /** The shape of `status`, checked on every write that carries one. Undefined: no status. */
  statusShape?: Shape;
  /** Fills defaults in place, after the object passed validation. */
  defaults?(obj: KubeObject): void;
  /** kubectl's Table columns. Default: NAME, AGE. */
  printer?: Printer;
  strategy?: Strategy;
  /**
   * Kinds this kind owns through controller ownerReferences; the garbage collector deletes their
   * objects when the owner is gone.
   */
  owns?: readonly string[];
  /**
   * When a terminating namespace is emptied: 'first' for controllers' owners (so they cannot
   * recreate what is deleted after them), 'last' for Events. Default in between.
   */
  namespaceDeletion?: 'first' | 'last';
  /**
   * Strategic-merge-patch keys of lists that are not found by field name alone (api/patch.ts and
   * the CLI's apply know the common ones): dotted path from the root -> key, e.g. spec.ports -> port.
   */
  mergeKeys?: Readonly<Record<string, string>>;
}

const VERBS_STATUS = ['get', 'patch', 'update'];

/** A subresource entry; verbs default to get/patch/update (status). */
export function subresource(name: string, kind: string, group: string, version: string, verbs = VERBS_STATUS): SubresourceInfo {
  return { name, kind, group, version, verbs };
}

/** The identifying part of a kind: group/version/kind/resource with the usual derived names. */
export function identity(group: string, version: string, kind: string, resource: string, namespaced: boolean, shortNames: string[] = [], categories: string[] = []): Omit<ResourceInfo, 'subresources'> {
  return { group, version, kind, listKind: `${kind}List`, resource, singular: kind.toLowerCase(), namespaced, shortNames, categories };
}
