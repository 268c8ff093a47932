/**
 * Per-container exponential backoff after kubelet's (client-go flowcontrol.Backoff): the first
 * failure is retried at once, then 10 s, 20 s, 40 s ... capped at 5 min; an entry expires (the
 * next failure starts over at 10 s) when the new failure comes more than 2 x max after the last
 * one, i.e. when the container ran for about 10 minutes. Pure functions plus a small keyed book.
 */

/** Backoff durations. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** kubelet's values for crash loops and image pulls. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000 };

/** The backoff of one container: wait `delayMs` after the failure at `lastUpdateMs`. */
export interface BackoffEntry {
  delayMs: number;
  lastUpdateMs: number;
}

/** True when the entry is too old to count (the next failure starts over). */
export function hasExpired(entry: BackoffEntry, eventMs: number, policy: BackoffPolicy): boolean {
  return eventMs - entry.lastUpdateMs > 2 * policy.maxMs;
}

/**
 * Milliseconds left before the failure at `eventMs` may be retried (0: retry now). No entry
 * means the failure is the first one and is retried at once.
 */
export function backoffRemainingMs(entry: BackoffEntry | undefined, eventMs: number, nowMs: number, policy: BackoffPolicy): number {
  if (!entry || hasExpired(entry, eventMs, policy)) return 0;
  return Math.max(0, eventMs + entry.delayMs - nowMs);
}

/** The entry after a retry of the failure at `eventMs`: the delay doubles up to the cap. */
export function nextBackoff(entry: BackoffEntry | undefined, eventMs: number, policy: BackoffPolicy): BackoffEntry {
  if (!entry || hasExpired(entry, eventMs, policy)) return { delayMs: policy.initialMs, lastUpdateMs: eventMs };
  return { delayMs: Math.min(policy.maxMs, entry.delayMs * 2), lastUpdateMs: eventMs };
}

/** "10s", "1m20s", "5m0s": durations the way kubelet prints them in messages. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** Why the last start of a container failed before it could run (image pull, engine error). */
export interface StartFailure {
  reason: 'ErrImagePull' | 'ErrImageNeverPull' | 'RunContainerError';
  message: string;
  /** When to try again: `lastUpdateMs + delayMs`. */
  backoff: BackoffEntry;
}

/** What the agent remembers between syncs, per pod uid and container name (kubelet keeps this in memory too). */
export interface BackoffBook {
  crash(uid: string, container: string): BackoffEntry | undefined;
  setCrash(uid: string, container: string, entry: BackoffEntry): void;
  startFailure(uid: string, container: string): StartFailure | undefined;
  setStartFailure(uid: string, container: string, failure: StartFailure | undefined): void;
  /** Drops everything about a pod (it is gone). */
  forget(uid: string): void;
  /** Drops everything about pods for which `keep(uid)` is false. */
  prune(keep: (uid: string) => boolean): void;
}

/** An in-memory BackoffBook. */
export function createBackoffBook(): BackoffBook {
  const crashes = new Map<string, BackoffEntry>();
  const failures = new Map<string, StartFailure>();
  const key = (uid: string, container: string): string => `${uid}/${container}`;
  return {
    crash: (uid, c) => crashes.get(key(uid, c)),
    setCrash: (uid, c, entry) => { crashes.set(key(uid, c), entry); },
    startFailure: (uid, c) => failures.get(key(uid, c)),
    setStartFailure: (uid, c, failure) => {
      if (failure) failures.set(key(uid, c), failure); else failures.delete(key(uid, c));
    },
    forget: (uid) => {
      for (const map of [crashes, failures]) for (const k of [...map.keys()]) if (k.startsWith(`${uid}/`)) map.delete(k);
    },
    prune: (keep) => {
      for (const map of [crashes, failures]) for (const k of [...map.keys()]) if (!keep(k.slice(0, k.lastIndexOf('/')))) map.delete(k);
    },
  };
}
