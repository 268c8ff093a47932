/**
 * IPv4 addresses and CIDR ranges as numbers, and the allocation rule every address allocator
 * (node pod ranges, pod IPs, Service ClusterIPs) shares. Pure; no IO.
 */

/** An IPv4 range: `base` is the first address (network address) as an unsigned 32-bit number. */
export interface Cidr { base: number; prefix: number; size: number; text: string }

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The address as a number, or undefined when `s` is not a dotted-quad IPv4 address (no leading zeros). */
export function parseIPv4(s: string): number | undefined {
  const m = IPV4.exec(s);
  if (!m) return undefined;
  return ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
}

/** Dotted-quad text of an address number. */
export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Parses "127.1.0.0/16"; undefined when malformed or when host bits are set ("127.1.0.5/16"). */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const base = parseIPv4(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (base === undefined || !/^(3[0-2]|[12]?\d)$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix, size, text: s };
}

/** True when address `ip` (a number) lies inside `c`. */
export function cidrContains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}

/** True when the two ranges share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The `index`-th sub-range of size /`prefix` inside `c` ("127.0.0.0/8", 16, 1 -> 127.1.0.0/16). */
export function subCidr(c: Cidr, prefix: number, index: number): Cidr {
  const size = 2 ** (32 - prefix);
  const base = c.base + index * size;
  return { base, prefix, size, text: `${formatIPv4(base)}/${prefix}` };
}

/**
 * The first free slot of `count` slots, scanning from `start` and wrapping around; undefined when
 * every slot is taken. Allocators pass `start` = 0 for lowest-free (pod IPs, node ranges) or a
 * random offset (ClusterIPs, so two clusters on one machine rarely pick the same address).
 */
export function firstFree(count: number, isTaken: (slot: number) => boolean, start = 0): number | undefined {
  for (let i = 0; i < count; i++) {
    const slot = (start + i) % count;
    if (!isTaken(slot)) return slot;
  }
  return undefined;
}
