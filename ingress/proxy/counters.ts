/**
 * Proxy-wide counters: plain number fields bumped in place on the hot path; stats() copies them.
 */

/** A reading of the proxy's counters (see IngressProxy.stats). */
export interface ProxyStats {
  /** Client connections open now, and accepted since start. */
  activeConnections: number;
  totalConnections: number;
  /** Request heads received (including ones answered with an error by the proxy). */
  requests: number;
  /** Final responses sent to clients by status class, whoever produced them. */
  status1xx: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  /** Requests sent again to another endpoint after a connection failure. */
  retries: number;
  /** New backend connections opened, and pooled ones reused. */
  upstreamConnects: number;
  upstreamReuses: number;
  /** Backend connections that failed before a response (refused, reset, timed out connecting). */
  upstreamFailures: number;
  /** Backend response heads that did not arrive in time (504s). */
  upstreamTimeouts: number;
  /** Exchanges cut because a client went away mid-request. */
  clientAborts: number;
  /** Upgraded (WebSocket) connections opened. */
  tunnels: number;
  /** Idle pooled backend connections now. */
  idleUpstreams: number;
}

/** The mutable counters; one per proxy. */
export class ProxyCounters {
  activeConnections = 0;
  totalConnections = 0;
  requests = 0;
  status1xx = 0;
  status2xx = 0;
  status3xx = 0;
  status4xx = 0;
  status5xx = 0;
  retries = 0;
  upstreamConnects = 0;
  upstreamReuses = 0;
  upstreamFailures = 0;
  upstreamTimeouts = 0;
  clientAborts = 0;
  tunnels = 0;

  /** Counts one final response of `status`. */
  countStatus(status: number): void {
    if (status < 200) this.status1xx++;
    else if (status < 300) this.status2xx++;
    else if (status < 400) this.status3xx++;
    else if (status < 500) this.status4xx++;
    else this.status5xx++;
  }

  /** A copy, with the pool's idle count. */
  snapshot(idleUpstreams: number): ProxyStats {
    return {
      activeConnections: this.activeConnections,
      totalConnections: this.totalConnections,
      requests: this.requests,
      status1xx: this.status1xx,
      status2xx: this.status2xx,
      status3xx: this.status3xx,
      status4xx: this.status4xx,
      status5xx: this.status5xx,
      retries: this.retries,
      upstreamConnects: this.upstreamConnects,
      upstreamReuses: this.upstreamReuses,
      upstreamFailures: this.upstreamFailures,
      upstreamTimeouts: this.upstreamTimeouts,
      clientAborts: this.clientAborts,
      tunnels: this.tunnels,
      idleUpstreams,
    };
  }
}
