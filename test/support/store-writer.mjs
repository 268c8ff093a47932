// Child process for test/apiserver/storage/lowdb-crash.test.ts (plain ESM so it runs without a TS
// loader; it needs the compiled dist/). Usage: node store-writer.mjs <store-file> <key-prefix>
// Keeps 32 creates in flight forever and prints "ack <key>" the moment each create resolves, i.e.
// after the store reported it durable. The parent SIGKILLs it mid-stream.
import { createLowdbStore } from '../../dist/apiserver/storage/lowdb.js';

const [file, prefix] = process.argv.slice(2);
if (!file || !prefix) throw new Error('usage: store-writer.mjs <store-file> <key-prefix>');

const store = await createLowdbStore({ file });
const padding = 'x'.repeat(1024); // bigger objects make each file write longer, so kills land mid-write
const giveUpAt = Date.now() + 60_000; // never outlive a parent that failed to kill us
let next = 0;

async function writer() {
  while (Date.now() < giveUpAt) {
    const key = `${prefix}${next++}`;
    await store.create(key, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: key }, spec: { padding } });
    process.stdout.write(`ack ${key}\n`); // synchronous for pipes on Linux
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 32 }, writer));
