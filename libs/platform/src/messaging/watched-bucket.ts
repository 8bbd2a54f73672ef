import type { KV, KvEntry, KvOptions } from 'nats';
import type { NatsClients } from './nats-clients';

/**
 * A JetStream KV bucket kept in memory: every value loaded at open, then each change as the bucket's watch
 * reports it (a few milliseconds across replicas). A write through `put`/`delete` applies here at once, so the
 * replica that made it reads it back without waiting for its own watch.
 */
export class WatchedBucket {
  private readonly values = new Map<string, Uint8Array>();

  private constructor(private readonly kv: KV) {}

  /** Opens (creating if needed) `<PREFIX>_<name>` and resolves once every current value is in memory. */
  static async open(nats: NatsClients, name: string, options: Partial<KvOptions>): Promise<WatchedBucket> {
    const kv = await nats.js.views.kv(`${nats.subjects.prefix.toUpperCase()}_${name}`, { history: 1, ...options });
    const bucket = new WatchedBucket(kv);
    await new Promise<void>((resolve, reject) => {
      kv.watch({ initializedFn: resolve })
        .then(async (entries) => {
          for await (const entry of entries) bucket.apply(entry);
        })
        .catch(reject);
    });
    return bucket;
  }

  get(key: string): Uint8Array | undefined {
    return this.values.get(key);
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    await this.kv.put(key, value);
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
    this.values.delete(key);
  }

  private apply(entry: KvEntry): void {
    if (entry.operation === 'PUT') this.values.set(entry.key, entry.value);
    else this.values.delete(entry.key);
  }
}
