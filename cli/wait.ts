/**
 * The wait after `delete`: polls each object until GET answers 404, backing off from 100 ms to 1 s,
 * until a deadline on the injected clock.
 */
import { isNotFound } from '../api/errors.js';
import type { ResourceInfo } from '../api/resources.js';
import type { CommandContext } from './context.js';

/** One object to act on. */
export interface ObjectRef { resource: ResourceInfo; namespace: string | undefined; name: string }

const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1000;

async function isGone(ctx: CommandContext, ref: ObjectRef): Promise<boolean> {
  try {
    await ctx.client.get(ref.resource.kind, ref.namespace, ref.name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

/** Waits until every ref is gone or `timeoutMs` passes; returns the refs still present. */
export async function waitForDeletion(ctx: CommandContext, refs: readonly ObjectRef[], timeoutMs: number): Promise<ObjectRef[]> {
  const deadline = ctx.now().getTime() + timeoutMs;
  let pending = [...refs];
  let delay = FIRST_POLL_MS;
  for (;;) {
    const gone = await Promise.all(pending.map((ref) => isGone(ctx, ref)));
    pending = pending.filter((_, i) => !gone[i]);
    const left = deadline - ctx.now().getTime();
    if (pending.length === 0 || left <= 0) return pending;
    await ctx.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}
