/**
 * The `kind: List` wrapper kubectl prints for -o yaml / -o json on a collection, with each item's
 * apiVersion and kind filled in (servers may omit them inside lists).
 */
import type { KubeObject } from '../../api/types.js';
import { groupVersion, type ResourceInfo } from '../../api/resources.js';

/** What kubectl prints for several objects. */
export interface PrintableList { apiVersion: 'v1'; kind: 'List'; items: KubeObject[]; metadata: { resourceVersion: string } }

/** Fills in apiVersion and kind from the resource table when a list item lacks them. */
export function withTypeMeta(obj: KubeObject, r: ResourceInfo): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion || groupVersion(r), kind: obj.kind || r.kind };
}

/** Wraps items in a `kind: List`. */
export function asList(items: KubeObject[]): PrintableList {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
