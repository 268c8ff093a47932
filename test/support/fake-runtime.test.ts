import { describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import { LABEL_POD_UID } from '../../agent/runtime/labels.js';
import { ContainerNotFoundError, ImagePullError, NameConflictError, type ContainerSpec, type RuntimeEvent } from '../../agent/runtime/runtime.js';
import { FakeRuntime } from './fake-runtime.js';
import { waitFor } from './wait.js';

const spec = (name: string): ContainerSpec => ({
  name, image: 'tugboat/echo:1', labels: { [LABEL_POD_UID]: `uid-${name}` }, ports: [{ containerPort: 8080, bindings: [{ hostIp: '127.0.0.1', hostPort: 0 }] }], memoryBytes: 1024,
});

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('FakeRuntime', () => {
  it('records pulls, creates, stops and removes, and lists by label', async () => {
    const rt = new FakeRuntime();
    await rt.ensureImage('tugboat/echo:1', 'IfNotPresent');
    await rt.ensureImage('tugboat/echo:1', 'IfNotPresent');
    const id = await rt.createAndStart(spec('a'));
    expect(rt.pulled).toEqual(['tugboat/echo:1']);
    expect(rt.created.map((s) => s.name)).toEqual(['a']);
    expect(rt.started).toEqual([id]);
    expect(await rt.list({ [LABEL_POD_UID]: 'uid-a' })).toMatchObject([{ id, name: 'a', state: 'running' }]);
    expect(await rt.inspect(id)).toMatchObject({ running: true, memoryBytes: 1024, ports: [{ hostIp: '127.0.0.1', containerPort: 8080 }] });
    await rt.stop(id, 10);
    await rt.remove(id);
    expect(rt.stopped).toEqual([id]);
    expect(rt.removed).toEqual([id]);
    await expect(rt.inspect(id)).rejects.toBeInstanceOf(ContainerNotFoundError);
    expect(rt.calls.map((c) => c.method)).toEqual(['ensureImage', 'ensureImage', 'createAndStart', 'list', 'inspect', 'stop', 'remove', 'inspect']);
  });

  it('fails on request: failNext, unpullable images, missing images, name conflicts', async () => {
    const rt = new FakeRuntime({ images: ['tugboat/echo:1'] });
    rt.unpullable.add('nope:1');
    await expect(rt.ensureImage('nope:1', 'IfNotPresent')).rejects.toMatchObject({ reason: 'ErrImagePull' });
    await expect(rt.ensureImage('nope:1', 'Never')).rejects.toMatchObject({ reason: 'ErrImageNeverPull' });
    await expect(rt.createAndStart({ ...spec('x'), image: 'absent:1' })).rejects.toBeInstanceOf(ImagePullError);
    const boom = new Error('engine down');
    rt.failNext('createAndStart', boom);
    await expect(rt.createAndStart(spec('a'))).rejects.toBe(boom);
    await rt.createAndStart(spec('a'));
    await expect(rt.createAndStart(spec('a'))).rejects.toBeInstanceOf(NameConflictError);
  });

  it('emits events for its label key, and exit() / OOM show in inspect and logs', async () => {
    const rt = new FakeRuntime({ images: ['tugboat/echo:1'] });
    const events = await rt.events(LABEL_POD_UID);
    const seen: RuntimeEvent[] = [];
    const pump = (async () => { for await (const e of events) seen.push(e); })();
    const id = await rt.createAndStart(spec('a'));
    const follow = await rt.logs(id, { follow: true });
    const followed = readAll(follow);
    rt.writeLog(id, 'hello');
    rt.exit(id, { exitCode: 137, oomKilled: true });
    expect(await followed).toBe('hello\n');
    expect(await rt.inspect(id)).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true, running: false });
    await waitFor(() => seen.length === 4, { timeoutMs: 1000, message: '4 events' });
    expect(seen.map((e) => [e.action, e.exitCode])).toEqual([['create', undefined], ['start', undefined], ['oom', undefined], ['die', 137]]);
    events.close();
    await pump;
  });

  it('disconnectEvents makes iteration throw, as a lost engine connection does', async () => {
    const rt = new FakeRuntime();
    const events = await rt.events(LABEL_POD_UID);
    const pump = (async () => { for await (const e of events) void e; })();
    rt.disconnectEvents(new Error('connection lost'));
    await expect(pump).rejects.toThrow('connection lost');
  });
});
