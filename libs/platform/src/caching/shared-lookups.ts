import { LRUCache } from 'lru-cache';

export interface SharedLookupsOptions {
  /** Keys kept at most; the least recently used go first. */
  max: number;
  /** How long a lookup's answer is kept; 0 keeps it until deleted. */
  ttlMs: number;
}

/**
 * Read-through cache of lookups, kept from the moment they start: callers that miss together share one lookup
 * instead of each making its own (when an entry expires under load, a hundred events in flight would otherwise
 * query together). A failed lookup is not kept, so the next caller tries again; an entry deleted while its lookup
 * runs stays deleted, so a read that raced a change is not put back.
 */
export class SharedLookups<K extends NonNullable<unknown>, V> {
  private readonly entries: LRUCache<K, Promise<V>>;

  constructor(options: SharedLookupsOptions) {
    this.entries = new LRUCache<K, Promise<V>>({ max: options.max, ttl: options.ttlMs });
  }

  get(key: K, lookup: (key: K) => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const looking = lookup(key);
    this.entries.set(key, looking);
    looking.catch(() => {
      if (this.entries.peek(key) === looking) this.entries.delete(key);
    });
    return looking;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
