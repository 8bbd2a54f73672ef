import { ClientNats, ServerNats, type MsPattern, type NatsOptions, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { Msg, NatsConnection } from 'nats';
import type { Subjects } from '@hookstream/contracts';
import { ReplyInbox } from './reply-inbox';

/** How long a request waits for its reply; callers may give up sooner (SignerClient: 5 s). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Nest's NATS transport with every pattern placed under `<prefix>.rpc.` so that installations (and test runs)
 * sharing one NATS never answer each other's requests. Handlers keep relative patterns such as `signer.sign`.
 */
export class PrefixedNatsServer extends ServerNats {
  constructor(
    private readonly subjects: Subjects,
    options: Required<NatsOptions>['options'],
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: MsPattern): string {
    const subject = super.normalizePattern(pattern);
    const absolutePrefix = this.subjects.rpc('');
    return subject.startsWith(absolutePrefix) ? subject : this.subjects.rpc(subject);
  }
}

/**
 * The client side, speaking the same packets as Nest's, with two differences that matter at a request per delivery:
 * - it can ride the process's own connection (`shared`: NatsClients', whose writes are coalesced) instead of opening
 *   one of its own, and then leaves closing it to its owner;
 * - each request goes out through a `ReplyInbox`, whose replies share one wildcard inbox subscription. Nest's
 *   client subscribed an inbox per request and unsubscribed it after the reply: a SUB, a PUB and an UNSUB per request,
 *   the UNSUB a write and a nats-server wake-up of its own. A request nobody listens to now fails at once (no
 *   responders) instead of at the caller's timeout.
 */
export class PrefixedNatsClient extends ClientNats {
  private inbox: { connection: NatsConnection; inbox: ReplyInbox } | null = null;

  constructor(
    private readonly subjects: Subjects,
    options: Required<NatsOptions>['options'],
    private readonly shared?: NatsConnection,
  ) {
    super(options);
  }

  override createClient(): Promise<NatsConnection> {
    return this.shared ? Promise.resolve(this.shared) : (super.createClient() as Promise<NatsConnection>);
  }

  override async close(): Promise<void> {
    if (!this.shared) return super.close();
    this.statusEventEmitter.removeAllListeners();
    this.natsClient = null;
    this.connectionPromise = null;
  }

  protected override normalizePattern(pattern: MsPattern): string {
    return this.subjects.rpc(super.normalizePattern(pattern));
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const connection = this.natsClient as NatsConnection | null;
    if (!connection) {
      callback({ err: new Error('NATS client not connected'), isDisposed: true });
      return () => undefined;
    }
    const packet = this.assignPacketId(partialPacket);
    const serialized = this.serializer.serialize(packet);
    const onReply = this.createSubscriptionHandler(packet, callback);
    this.inboxOf(connection)
      .request(this.normalizePattern(partialPacket.pattern), serialized.data, { timeoutMs: REQUEST_TIMEOUT_MS, headers: this.mergeHeaders(serialized.headers) })
      .then(
        (reply: Msg) => onReply(undefined, reply),
        (error: Error) => callback({ err: error, isDisposed: true }),
      );
    // A reply that comes after the caller gave up is dropped by its closed observer.
    return () => undefined;
  }

  /** One inbox per connection: Nest's own connection is replaced when it reconnects from scratch. */
  private inboxOf(connection: NatsConnection): ReplyInbox {
    if (this.inbox?.connection !== connection) this.inbox = { connection, inbox: new ReplyInbox(connection) };
    return this.inbox.inbox;
  }
}
