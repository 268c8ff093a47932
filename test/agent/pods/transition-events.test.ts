import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '../../../api/types.js';
import { backoffEvents } from '../../../agent/pods/transition-events.js';
import { makePod } from '../../support/builders.js';

const status = (reason?: string): ContainerStatus => ({
  name: 'app', image: 'tugboat/echo:1', ready: false, restartCount: 1, state: reason ? { waiting: { reason } } : { running: {} },
});
const pod = (before?: string): Pod => ({ ...makePod('web-1').build(), status: { containerStatuses: [status(before)] } });

describe('backoffEvents', () => {
  it.each<{ name: string; before?: string; after?: string; events: string[] }>([
    { name: 'entering CrashLoopBackOff', before: undefined, after: 'CrashLoopBackOff', events: ['Warning BackOff: Back-off restarting failed container app in pod web-1_default(uid-web-1)'] },
    { name: 'entering ImagePullBackOff', before: 'ErrImagePull', after: 'ImagePullBackOff', events: ['Normal BackOff: Back-off pulling image "tugboat/echo:1"'] },
    { name: 'still in CrashLoopBackOff: reported once only', before: 'CrashLoopBackOff', after: 'CrashLoopBackOff', events: [] },
    { name: 'ErrImagePull itself: the executor reports it', before: undefined, after: 'ErrImagePull', events: [] },
    { name: 'running again: nothing', before: 'CrashLoopBackOff', after: undefined, events: [] },
  ])('$name', ({ before, after, events }) => {
    const got = backoffEvents(pod(before), { containerStatuses: [status(after)] });
    expect(got.map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual(events);
  });
});
