/**
 * The route of the previous request on a connection, reused when the next one names the same host
 * and path under the same table. Keep-alive clients mostly repeat themselves, so the usual request
 * makes no strings and no route lookup at all.
 */
import { equalsBytes } from '../http/bytes.js';
import type { RequestHead } from '../http/request-head.js';
import type { Route, RouteTable } from '../route-table.js';
import { matchRoute } from '../router.js';

const EMPTY = Buffer.alloc(0);

/** One connection's memo; lookup() leaves the answer in host, path and route. */
export class RouteMemo {
  host = '';
  path = '';
  route: Route | null = null;
  private table: RouteTable | null = null;
  private buf: Buffer = EMPTY;
  private hostStart = 0;
  private hostEnd = 0;
  private pathStart = 0;
  private pathEnd = 0;

  /** Routes the request in `head` by `table`. */
  lookup(table: RouteTable, head: RequestHead): void {
    const b = head.buf;
    const hs = Math.max(head.hostStart, 0);
    const he = Math.max(head.hostEnd, 0);
    if (table === this.table
      && equalsBytes(b, hs, he, this.buf, this.hostStart, this.hostEnd)
      && equalsBytes(b, head.pathStart, head.pathEnd, this.buf, this.pathStart, this.pathEnd)) return;
    this.host = b.toString('latin1', hs, he);
    this.path = b.toString('latin1', head.pathStart, head.pathEnd);
    this.route = matchRoute(table, this.host, this.path);
    this.table = table;
    this.buf = b;
    this.hostStart = hs;
    this.hostEnd = he;
    this.pathStart = head.pathStart;
    this.pathEnd = head.pathEnd;
  }
}
