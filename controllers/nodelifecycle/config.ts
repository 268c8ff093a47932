/** The node grace period as the mains read it from the environment (TUGBOAT_NODE_GRACE_SECONDS). */

/** The environment variable: seconds without a heartbeat before a Node's Ready turns Unknown. */
export const NODE_GRACE_ENV = 'TUGBOAT_NODE_GRACE_SECONDS';

/** The agents' heartbeat period; a grace period at or below it marks live nodes Unknown between beats. */
const AGENT_HEARTBEAT_MS = 10_000;

/** What the environment says: a period in ms, nothing (use the default), or why the value is refused. */
export type NodeGraceSetting = { ms?: number; warning?: string } | { error: string };

/** Reads TUGBOAT_NODE_GRACE_SECONDS: unset or empty = default; otherwise a positive number of seconds. */
export function nodeGracePeriodFromEnv(env: Readonly<Record<string, string | undefined>>): NodeGraceSetting {
  const raw = env[NODE_GRACE_ENV]?.trim();
  if (!raw) return {};
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) return { error: `${NODE_GRACE_ENV} must be a positive number of seconds (got "${raw}")` };
  const ms = Math.round(seconds * 1000);
  return ms <= AGENT_HEARTBEAT_MS
    ? { ms, warning: `${NODE_GRACE_ENV}=${raw} is not longer than the agents' 10 s heartbeat: live nodes will flap to Unknown` }
    : { ms };
}
