import { Injectable } from '@nestjs/common';
import type { SigningKey } from '@hookstream/signing';

interface Entry {
  keys: SigningKey[];
  /** Epoch ms of the next expiry among the keys: the entry is stale from then on. */
  validUntil: number;
}

/** Decrypted, parsed keys per owner, newest first. Dropped on any key write, here or on another replica. */
@Injectable()
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  get(owner: string, now = Date.now()): SigningKey[] | undefined {
    const entry = this.entries.get(owner);
    if (!entry) return undefined;
    if (entry.validUntil <= now) {
      this.entries.delete(owner);
      return undefined;
    }
    return entry.keys;
  }

  set(owner: string, keys: SigningKey[], validUntil: number): void {
    this.entries.set(owner, { keys, validUntil });
  }

  forget(owner: string): void {
    this.entries.delete(owner);
  }
}
