import { afterEach, describe, expect, it } from 'vitest';
import { podKeyOfEvent, watchRuntimeEvents, type RuntimeEventWatch } from '../../../agent/runtime/runtime-events.js';
import { LABEL_CLUSTER, LABEL_NODE, LABEL_POD_NAME, LABEL_POD_NAMESPACE } from '../../../agent/runtime/labels.js';
import type { RuntimeEvent, RuntimeEventAction } from '../../../agent/runtime/runtime.js';
import { makePod } from '../../support/builders.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import { waitFor } from '../../support/wait.js';
import { runInstance, silentLogger, TEST_SCOPE } from '../helpers.js';

const labels = { [LABEL_NODE]: 'node-1', [LABEL_POD_NAMESPACE]: 'default', [LABEL_POD_NAME]: 'web-1' };
const event = (action: RuntimeEventAction, l: Record<string, string> = labels): RuntimeEvent => ({ id: 'c1', action, labels: l, time: new Date(0) });

let watch: RuntimeEventWatch | undefined;
afterEach(() => { watch?.stop(); watch = undefined; });

describe('runtime events', () => {
  it.each<{ name: string; e: RuntimeEvent; key: string | undefined }>([
    { name: 'die on this node (no cluster label: a legacy container, ours)', e: event('die'), key: 'default/web-1' },
    { name: 'oom', e: event('oom'), key: 'default/web-1' },
    { name: 'start', e: event('start'), key: 'default/web-1' },
    { name: 'destroy', e: event('destroy'), key: 'default/web-1' },
    { name: 'create (no status change yet): ignored', e: event('create'), key: undefined },
    { name: 'another node: ignored', e: event('die', { ...labels, [LABEL_NODE]: 'node-2' }), key: undefined },
    { name: 'no pod labels: ignored', e: event('die', { [LABEL_NODE]: 'node-1' }), key: undefined },
    { name: 'this cluster', e: event('die', { ...labels, [LABEL_CLUSTER]: 'cluster-a' }), key: 'default/web-1' },
    { name: 'same node name in another cluster: ignored', e: event('die', { ...labels, [LABEL_CLUSTER]: 'cluster-b' }), key: undefined },
  ])('$name', ({ e, key }) => {
    expect(podKeyOfEvent(e, TEST_SCOPE)).toBe(key);
  });

  it('enqueues pod keys from live events and resyncs after a lost subscription', async () => {
    const rt = new FakeRuntime();
    const keys: string[] = [];
    let resyncs = 0;
    watch = await watchRuntimeEvents({ runtime: rt, ...TEST_SCOPE, log: silentLogger, retryDelayMs: 10, onPod: (k) => keys.push(k), onResubscribed: () => { resyncs++; } });
    const pod = makePod('web-1').container({ name: 'app', image: 'tugboat/echo:1' }).build();
    const info = await runInstance(rt, pod, 'app', 0);
    await waitFor(() => keys.length === 1, { message: 'the start event' });
    rt.disconnectEvents(new Error('engine restarted'));
    await waitFor(() => resyncs === 1, { message: 're-subscribed' });
    rt.exit(info.id, { exitCode: 1 });
    await waitFor(() => keys.length === 2, { message: 'the die event on the new subscription' });
    expect(keys).toEqual(['default/web-1', 'default/web-1']);
  });
});
