import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types.js';
import type { StoreEvent } from '../../apiserver/storage/store.js';
import { classify } from '../../apiserver/watch.js';

const obj = (app: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app } } });
const isWeb = (o: KubeObject): boolean => o.metadata.labels?.app === 'web';
const ev = (type: StoreEvent['type'], object: KubeObject, prevObject?: KubeObject): StoreEvent => ({ type, key: '/core/pods/default/p', object, revision: 7, ...(prevObject ? { prevObject } : {}) });

describe('classify: what a watcher with selector app=web sees', () => {
  it.each([
    { scenario: 'created matching', e: ev('ADDED', obj('web')), want: 'ADDED' },
    { scenario: 'created not matching', e: ev('ADDED', obj('db')), want: undefined },
    { scenario: 'modified, matches before and after', e: ev('MODIFIED', obj('web'), obj('web')), want: 'MODIFIED' },
    { scenario: 'modified into the selection', e: ev('MODIFIED', obj('web'), obj('db')), want: 'ADDED' },
    { scenario: 'modified out of the selection', e: ev('MODIFIED', obj('db'), obj('web')), want: 'DELETED' },
    { scenario: 'modified, never matching', e: ev('MODIFIED', obj('db'), obj('db')), want: undefined },
    { scenario: 'deleted while matching', e: ev('DELETED', obj('web'), obj('web')), want: 'DELETED' },
    { scenario: 'deleted while not matching', e: ev('DELETED', obj('db'), obj('db')), want: undefined },
  ])('$scenario -> $want', ({ e, want }) => {
    expect(classify(e, isWeb)).toBe(want);
  });
});
