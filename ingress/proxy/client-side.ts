/**
 * The contract between an exchange and the client connection it serves.
 */

/** What an exchange needs from the client connection it serves. */
export interface ClientSide {
  /** The client's address as ASCII bytes, for X-Forwarded-For. */
  readonly clientIp: Buffer;
  /** Writes to the client; false means its buffer is full (wait for onClientDrain). */
  write(buf: Buffer): boolean;
  /** The exchange is over; `close`: end the client connection after what was written. */
  finishExchange(close: boolean): void;
  /** A 101 was relayed: from now on bytes flow raw both ways. */
  startTunnel(): void;
  /** Ends the client connection after pending writes (tunnel over). */
  close(): void;
  /** Destroys the client connection at once (a response cannot be completed). */
  destroy(): void;
  /** Stop/start reading the client because the backend is not taking request bytes fast enough. */
  pauseForUpstream(): void;
  resumeForUpstream(): void;
}
