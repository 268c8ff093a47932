/**
 * Objects the API server accepts must not break its consumers. An in-process API server, controller
 * manager, scheduler and agent (FakeRuntime) receive a few hundred accepted hostile objects from the
 * fuzzer (test/support/hostile-*.ts: a type sweep of every kind plus seeded random writes, pods
 * bound to the agent's node among them). Afterwards nothing has thrown unhandled, no component
 * logged a programming error (TypeError & co. caught by a work queue or informer), no timer was
 * handed a delay it cannot hold (TimeoutOverflowWarning: the timer would fire at once), and a normal
 * Deployment still reaches its replicas Running: the components kept working.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../api/types.js';
import { createAgent, type Agent } from '../../agent/agent.js';
import { ApiClient } from '../../client/client.js';
import { createControllerManager, type ControllerManager } from '../../controllers/manager.js';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { makeDeployment } from '../support/builders.js';
import { FakeRuntime } from '../support/fake-runtime.js';
import { hostileRequest, responseProblem, sendHostile, type HostileRequest } from '../support/hostile-requests.js';
import { sweepRequests } from '../support/hostile-sweep.js';
import { xorshift32 } from '../support/hostile-values.js';
import { waitFor } from '../support/wait.js';

const SEED = 0x51dec0de;
const NODE = 'node-1';
const FUZZ_NS = 'fuzz';
const RANDOM_WRITES = 600;
const MiB = 1024 * 1024;

/** What a log record or a thrown error looks like when a component hit a bug rather than bad luck. */
const PROGRAMMING_ERROR = /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|is not iterable|Cannot convert|Maximum call stack|Cannot create property|Invalid time value|is not defined|internal error/;

let api: TestApi;
let manager: ControllerManager;
let scheduler: Scheduler;
let agent: Agent;
const clients: ApiClient[] = [];
const unhandled: string[] = [];
const logged: { msg: string; err: string; component: string }[] = [];
const onUncaught = (err: unknown): void => { unhandled.push(`uncaughtException: ${err instanceof Error ? err.stack ?? err.message : String(err)}`); };
const onRejection = (err: unknown): void => { unhandled.push(`unhandledRejection: ${err instanceof Error ? err.stack ?? err.message : String(err)}`); };
/** Process warnings: a TimeoutOverflowWarning means a hostile number reached a timer (which then fires at once, in a loop). */
const warnings: string[] = [];
const onWarning = (w: Error): void => { warnings.push(`${w.name}: ${w.message}`); };

/** A logger that keeps warnings and errors (with their err) for the assertions. */
function recordingLogger(): pino.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const rec = JSON.parse(chunk.toString('utf8')) as { msg?: string; err?: unknown; component?: string };
      logged.push({ msg: rec.msg ?? '', err: typeof rec.err === 'string' ? rec.err : JSON.stringify(rec.err ?? ''), component: rec.component ?? '' });
      done();
    },
  });
  return pino({ level: 'warn' }, sink);
}

const newClient = (): ApiClient => { const c = new ApiClient({ server: api.url, token: api.token }); clients.push(c); return c; };

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  process.on('warning', onWarning);
  api = await startTestApi();
  await api.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: FUZZ_NS } });
  const logger = recordingLogger();
  manager = createControllerManager({ client: newClient(), logger, gcResyncMs: 1000 });
  scheduler = createScheduler({ client: newClient(), logger, flushIntervalMs: 200 });
  agent = createAgent({
    client: newClient(), runtime: new FakeRuntime({ images: ['tugboat/echo:1', 'tugboat/busybox:1'] }), logger, nodeName: NODE, nodeToken: api.token,
    capacity: { cpuMillis: 64_000, memoryBytes: 256 * 1024 * MiB, pods: 1000 }, labels: {}, heartbeatMs: 500, housekeepingMs: 1000,
    backoff: { initialMs: 200, maxMs: 1000 }, hostInfo: { osImage: 'Test Linux', kernelVersion: '6.1.0' },
  });
  await Promise.all([manager.start(), scheduler.start(), agent.start()]);
});

afterAll(async () => {
  await agent.stop();
  scheduler.stop();
  manager.stop();
  for (const c of clients) c.close();
  await api.close();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onRejection);
  process.off('warning', onWarning);
});

function* hostileWrites(): Generator<HostileRequest> {
  const world = { namespace: FUZZ_NS, nodeName: NODE, writeBias: 20 };
  yield* sweepRequests(xorshift32(SEED), world);
  const rng = xorshift32(SEED + 1);
  for (let i = 0; i < RANDOM_WRITES; i++) yield hostileRequest(rng, world);
}

describe(`components fed accepted hostile objects (seed 0x${SEED.toString(16)})`, () => {
  it('keep running: nothing unhandled, no programming errors logged, and a new Deployment reaches Running', async () => {
    let accepted = 0;
    const problems: string[] = [];
    for (const req of hostileWrites()) {
      const res = await sendHostile(api.url, api.token, req);
      const problem = responseProblem(res);
      if (problem) problems.push(`${req.method} ${req.path}: ${problem}`);
      if (req.method !== 'GET' && req.method !== 'DELETE' && res.status < 300) accepted++;
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(accepted).toBeGreaterThan(200);

    const normal = makeDeployment('normal').replicas(2).build();
    normal.metadata = { name: 'normal', namespace: 'default' };
    normal.spec.template.spec = { nodeSelector: { 'kubernetes.io/hostname': NODE }, containers: [{ name: 'app', image: 'tugboat/echo:1' }] };
    await api.client.create<Deployment>(normal);
    const running = await waitFor(async () => {
      const pods = (await api.client.list<Pod>('Pod', 'default', { labelSelector: 'app=normal' })).items;
      const ok = pods.filter((p) => p.status?.phase === 'Running' && p.spec.nodeName === NODE && p.status.containerStatuses?.every((c) => c.ready));
      return ok.length === 2 ? ok : undefined;
    }, { timeoutMs: 20_000, message: 'the normal Deployment\'s 2 pods Running on the agent' });
    expect(running).toHaveLength(2);
    await waitFor(async () => (await api.client.get<Deployment>('Deployment', 'default', 'normal')).status?.readyReplicas === 2, { timeoutMs: 10_000, message: 'Deployment readyReplicas 2' });

    expect(unhandled).toEqual([]);
    expect(warnings).toEqual([]);
    expect(logged.filter((r) => PROGRAMMING_ERROR.test(`${r.msg} ${r.err}`))).toEqual([]);
  });
});
