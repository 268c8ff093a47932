/**
 * The proxy's live client connections, which the deadline sweeper walks.
 */
import type { ClientConnection } from './client-connection.js';

/** The proxy's live connections, for the deadline sweeper; O(1) add and remove. */
export class ConnectionSet {
  readonly items: ClientConnection[] = [];

  add(c: ClientConnection): void {
    c.index = this.items.length;
    this.items.push(c);
  }

  remove(c: ClientConnection): void {
    const i = c.index;
    if (i < 0) return;
    const last = this.items.pop();
    if (last !== undefined && last !== c) { this.items[i] = last; last.index = i; }
    c.index = -1;
  }
}
