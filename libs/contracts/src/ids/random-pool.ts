import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Crypto-strength random bytes from a pool refilled 4 KiB at a time. Ids are drawn on every event and every POST
 * (message and attempt ids, trace and span ids); asking OpenSSL for a few bytes each time was a visible cost in
 * ingest's and the dispatcher's profiles.
 */
export function pooledRandomBytes(count: number): Buffer {
  if (count > POOL_BYTES) return randomBytes(count);
  if (offset + count > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + count);
  offset += count;
  return bytes;
}
