/**
 * decodeProtobufBody: real kubectl bodies decode to the JSON kubectl itself prints for the same
 * object; hand-built bodies cover the fields kubectl's typed commands do not set; and hostile bodies
 * (every truncation, random corruption) only ever end in a 400 or 415 ApiError.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, BadRequestError } from '../../../api/errors.js';
import { decodeProtobufBody, PROTOBUF_KINDS } from '../../../apiserver/protobuf/decode.js';
import { CAPTURES, DRAIN_DELETE_OPTIONS, DRAIN_DELETE_OPTIONS_GRACE_0 } from './kubectl-captures.js';
import { entry, envelope, len, sub, vint } from './encode.js';

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/**
 * kubectl's JSON of a new object carries `creationTimestamp: null` (a zero Time) and defaulted
 * status members; the decoder drops zero Times and skips status contents (the server writes status).
 */
function jsonPathShape(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => jsonPathShape(v, false));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    out[k] = top && k === 'status' ? {} : jsonPathShape(v, false);
  }
  return out;
}

describe('bodies captured from kubectl v1.32', () => {
  it.each(Object.entries(CAPTURES).map(([name, c]) => ({ name, ...c })))('$command', ({ hex, json }) => {
    expect(decodeProtobufBody(fromHex(hex))).toEqual(jsonPathShape(json));
  });

  it.each([
    { name: 'drain', hex: DRAIN_DELETE_OPTIONS, want: { apiVersion: 'v1', kind: 'DeleteOptions' } },
    { name: 'drain --grace-period=0 keeps the zero (a pointer in Go)', hex: DRAIN_DELETE_OPTIONS_GRACE_0, want: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } },
  ])('DeleteOptions from $name', ({ hex, want }) => {
    expect(decodeProtobufBody(fromHex(hex))).toEqual(want);
  });
});

const meta = (name: string): number[] => sub(1, len(1, name), len(3, 'ns1'), entry(11, 'app', name), entry(12, 'note', 'n'));
const intOrString = (v: number | string): number[] => (typeof v === 'number' ? [...vint(1, 0), ...vint(2, v)] : [...vint(1, 1), ...len(3, v)]);

describe('hand-built bodies', () => {
  it('a Pod with ports, env (value and valueFrom), resources, probes, volumes and scheduling fields', () => {
    const container = [
      ...len(1, 'app'), ...len(2, 'tugboat/echo:1'), ...len(3, '/bin/echo'), ...len(4, '-a'), ...len(4, '-b'), ...len(5, '/work'),
      ...sub(6, len(1, 'http'), vint(3, 8080), len(4, 'TCP')),
      ...sub(7, len(1, 'GREETING'), len(2, 'hello')),
      ...sub(7, len(1, 'FROM_CM'), sub(3, sub(3, sub(1, len(1, 'cfg')), len(2, 'key')))),
      ...sub(7, len(1, 'POD'), sub(3, sub(1, len(1, 'v1'), len(2, 'metadata.name')))),
      ...sub(8, entry(1, 'cpu', len(1, '500m')), entry(1, 'memory', len(1, '64Mi')), entry(2, 'cpu', len(1, '250m'))),
      ...sub(9, len(1, 'data'), len(3, '/data')),
      ...sub(11, sub(1, sub(2, len(1, '/healthz'), sub(2, intOrString('http')))), vint(2, 1), vint(4, 5)),
      ...sub(10, sub(1, sub(3, sub(1, intOrString(8080))))),
      ...len(14, 'IfNotPresent'),
    ];
    const spec = [
      ...sub(1, len(1, 'data'), sub(2, sub(2))), ...sub(1, len(1, 'cfg'), sub(2, sub(19, sub(1, len(1, 'cfg')), vint(3, 0o644)))),
      ...sub(2, container), ...len(3, 'Never'), ...vint(4, 0), ...entry(7, 'disk', 'ssd'), ...len(10, 'node-1'),
      ...sub(22, len(1, 'k'), len(2, 'Exists'), len(4, 'NoSchedule')),
    ];
    const got = decodeProtobufBody(envelope('v1', 'Pod', [...meta('p'), ...sub(2, spec), ...sub(3, len(1, 'Running'))]));
    expect(got).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns1', labels: { app: 'p' }, annotations: { note: 'n' } },
      spec: {
        volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg', defaultMode: 0o644 } }],
        containers: [{
          name: 'app', image: 'tugboat/echo:1', command: ['/bin/echo'], args: ['-a', '-b'], workingDir: '/work',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [
            { name: 'GREETING', value: 'hello' },
            { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'key' } } },
            { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          ],
          resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '250m' } },
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 1, periodSeconds: 5 },
          livenessProbe: { tcpSocket: { port: 8080 } },
          imagePullPolicy: 'IfNotPresent',
        }],
        restartPolicy: 'Never', terminationGracePeriodSeconds: 0, nodeSelector: { disk: 'ssd' }, nodeName: 'node-1',
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
      },
      status: {},
    });
  });

  it('a Deployment with replicas 0, a RollingUpdate strategy and matchExpressions', () => {
    const spec = [
      ...vint(1, 0),
      ...sub(2, sub(2, len(1, 'tier'), len(2, 'In'), len(3, 'web'), len(3, 'api'))),
      ...sub(3, sub(1, entry(11, 'tier', 'web')), sub(2, sub(2, len(1, 'c'), len(2, 'i')))),
      ...sub(4, len(1, 'RollingUpdate'), sub(2, sub(1, intOrString(0)), sub(2, intOrString('25%')))),
      ...vint(6, 3), ...vint(7, false), ...vint(9, 600),
    ];
    expect(decodeProtobufBody(envelope('apps/v1', 'Deployment', [...meta('d'), ...sub(2, spec)]))).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'd', namespace: 'ns1', labels: { app: 'd' }, annotations: { note: 'n' } },
      spec: {
        replicas: 0,
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
        template: { metadata: { labels: { tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        revisionHistoryLimit: 3, progressDeadlineSeconds: 600,
      },
    });
  });

  it('ObjectMeta: generateName, ownerReferences, finalizers, and creationTimestamp', () => {
    const m = sub(1, len(2, 'web-'), sub(8, vint(1, 1_700_000_000)), len(14, 'x/y'),
      sub(13, len(5, 'apps/v1'), len(1, 'ReplicaSet'), len(3, 'rs'), len(4, 'u-1'), vint(6, true), vint(7, false)));
    expect(decodeProtobufBody(envelope('v1', 'ConfigMap', m))).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        generateName: 'web-', creationTimestamp: '2023-11-14T22:13:20Z', finalizers: ['x/y'],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
      },
    });
  });

  it('DeleteOptions with preconditions, propagationPolicy and dryRun', () => {
    const raw = [...vint(1, 30), ...sub(2, len(1, 'uid-1'), len(2, '42')), ...len(4, 'Foreground'), ...len(5, 'All')];
    expect(decodeProtobufBody(envelope('v1', 'DeleteOptions', raw))).toEqual({
      apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 30, preconditions: { uid: 'uid-1', resourceVersion: '42' }, propagationPolicy: 'Foreground', dryRun: ['All'],
    });
  });

  it('unknown fields of the envelope and of the object are skipped', () => {
    expect(decodeProtobufBody(envelope('v1', 'Namespace', [...sub(1, len(1, 'n'), len(17, 'managed')), ...vint(99, 1)], vint(9, 1), len(4, '')))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
  });
});

describe('errors', () => {
  function thrown(body: Uint8Array): ApiError {
    try { decodeProtobufBody(body); } catch (err) { if (err instanceof ApiError) return err; throw err; }
    throw new Error('decodeProtobufBody did not throw');
  }

  it('an empty body decodes to undefined, like an empty JSON body', () => {
    expect(decodeProtobufBody(new Uint8Array(0))).toBeUndefined();
  });

  it.each([
    { name: 'no k8s\\0 prefix', body: Uint8Array.from(Buffer.from('{"kind":"Pod"}')), code: 400, message: /does not start with the "k8s\\0" prefix/ },
    { name: 'prefix only', body: Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), code: 400, message: /does not name its apiVersion and kind/ },
    { name: 'garbage after the prefix', body: Uint8Array.from(Buffer.from('k8s\u0000xxxx')), code: 400, message: /does not name its apiVersion and kind/ },
    { name: 'typeMeta as varint', body: Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...vint(1, 1)]), code: 400, message: /Unknown\.typeMeta has wire type 0/ },
    { name: 'a kind without schema', body: envelope('apps/v1', 'ReplicaSet', []), code: 415, message: /does not decode apps\/v1, Kind=ReplicaSet from protobuf; send it as application\/json/ },
    { name: 'a kind under another apiVersion', body: envelope('apps/v1beta1', 'Deployment', []), code: 415, message: /apps\/v1beta1, Kind=Deployment/ },
    { name: 'gzip content encoding', body: envelope('v1', 'Pod', [], len(3, 'gzip')), code: 415, message: /content encoding "gzip"/ },
    { name: 'JSON inside the envelope', body: envelope('v1', 'Pod', [], len(4, 'application/json')), code: 415, message: /carrying "application\/json"/ },
  ])('$name -> $code', ({ body, code, message }) => {
    const err = thrown(body);
    expect(err.httpStatus).toBe(code);
    expect(err.reason).toBe(code === 400 ? 'BadRequest' : 'UnsupportedMediaType');
    expect(err.message).toMatch(message);
  });

  it('lists the kinds it decodes', () => {
    expect(PROTOBUF_KINDS).toEqual(expect.arrayContaining(['v1/Namespace', 'v1/ConfigMap', 'v1/Service', 'v1/Pod', 'apps/v1/Deployment', 'v1/DeleteOptions']));
  });

  const deployment = fromHex(CAPTURES.deploy?.hex ?? '');

  it('every truncation of a real body decodes or is a 400, nothing else', () => {
    const outcomes = new Set<string>();
    for (let n = 1; n < deployment.length; n++) {
      try { decodeProtobufBody(deployment.subarray(0, n)); outcomes.add('decoded'); } catch (err) {
        expect(err).toBeInstanceOf(BadRequestError);
        outcomes.add('400');
      }
    }
    expect(outcomes).toContain('400');
  });

  it('2000 seeded random corruptions of a real body: only 400/415 ApiErrors, never a TypeError or RangeError', () => {
    let seed = 0x5eed;
    const next = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed; };
    const codes = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const body = Uint8Array.from(deployment);
      for (let flips = 1 + (next() % 4); flips > 0; flips--) body[4 + (next() % (body.length - 4))] = next() % 256;
      try { decodeProtobufBody(body); codes.set(200, (codes.get(200) ?? 0) + 1); } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        expect([400, 415]).toContain(err.httpStatus);
        codes.set(err.httpStatus, (codes.get(err.httpStatus) ?? 0) + 1);
      }
    }
    expect(codes.get(400) ?? 0).toBeGreaterThan(100);
  });
});
