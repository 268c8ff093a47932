/**
 * Reads a raw watch response (newline-delimited JSON) with fetch, so tests see the HTTP status,
 * the headers and every event exactly as kubectl does.
 */
import type { TestApi } from '../support/api.js';

export interface RawEvent { type: string; object: Record<string, unknown> }

export interface OpenWatch {
  status: number;
  contentType: string;
  /** The body of a non-200 answer, parsed. */
  errorBody: unknown;
  /** Resolves with the next `count` events; rejects after `timeoutMs`. */
  take(count: number, timeoutMs?: number): Promise<RawEvent[]>;
  /** Resolves with every event still to come once the server ends the stream. */
  rest(timeoutMs?: number): Promise<RawEvent[]>;
  /** Events received so far that nobody has taken. */
  buffered(): RawEvent[];
  close(): void;
}

export async function openWatch(api: TestApi, path: string, accept = 'application/json'): Promise<OpenWatch> {
  const abort = new AbortController();
  const res = await fetch(api.url + path, { headers: { Authorization: `Bearer ${api.token}`, Accept: accept }, signal: abort.signal });
  const contentType = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !res.body) {
    const text = await res.text();
    let errorBody: unknown;
    try { errorBody = JSON.parse(text) as unknown; } catch { errorBody = text; }
    return { status: res.status, contentType, errorBody, take: () => Promise.reject(new Error(`HTTP ${res.status}`)), rest: () => Promise.resolve([]), buffered: () => [], close: () => abort.abort() };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: RawEvent[] = [];
  let buf = '';
  let ended = false;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) events.push(JSON.parse(line) as RawEvent);
        }
        wake?.();
      }
    } catch { /* aborted */ }
    ended = true;
    wake?.();
  })();
  const waitUntil = async (done: () => boolean, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => e.type))}`);
      await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, Math.min(left, 50)); });
    }
  };
  return {
    status: res.status, contentType, errorBody: undefined,
    async take(count, timeoutMs = 3000) {
      await waitUntil(() => events.length >= count || ended, timeoutMs, `${count} events`);
      if (events.length < count) throw new Error(`stream ended after ${events.length} of ${count} events`);
      return events.splice(0, count);
    },
    async rest(timeoutMs = 5000) {
      await waitUntil(() => ended, timeoutMs, 'the end of the stream');
      return events.splice(0);
    },
    buffered: () => [...events],
    close: () => abort.abort(),
  };
}

/** "ADDED p1" lines: the event type and object name, for compact assertions. */
export function summary(events: RawEvent[]): string[] {
  return events.map((e) => `${e.type} ${String((e.object.metadata as { name?: string } | undefined)?.name)}`);
}
