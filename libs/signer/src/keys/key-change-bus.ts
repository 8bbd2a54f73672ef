import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JSONCodec, type Subscription } from 'nats';
import type { SignerKeysChanged } from '@hookstream/contracts';
import { NatsClients } from '@hookstream/platform';
import { KeyCache } from './key-cache';

const codec = JSONCodec<SignerKeysChanged>();

/**
 * Cache invalidation across signer replicas: after a key write, the writer publishes the owner on core NATS
 * (`<prefix>.signer.keys.changed`, no queue group, so every replica hears it) and each replica drops its entry.
 * A replica that misses the message still refreshes at the next expiry it knows of; a rotation also sets one.
 */
@Injectable()
export class KeyChangeBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyChangeBus.name);
  private subscription?: Subscription;

  constructor(
    private readonly nats: NatsClients,
    private readonly cache: KeyCache,
  ) {}

  onModuleInit(): void {
    this.subscription = this.nats.connection.subscribe(this.nats.subjects.signerKeysChanged(), {
      callback: (error, message) => {
        if (error) return this.logger.warn(`key change subscription: ${error.message}`);
        try {
          this.cache.forget(codec.decode(message.data).owner);
        } catch (decodeError) {
          this.logger.warn(`ignoring malformed key change message: ${(decodeError as Error).message}`);
        }
      },
    });
  }

  /** Drops the owner's cache entry here and on every other replica. */
  changed(owner: SignerKeysChanged['owner']): void {
    this.cache.forget(owner);
    this.nats.connection.publish(this.nats.subjects.signerKeysChanged(), codec.encode({ owner }));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
