import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Payload, type Subscription } from 'nats';

export interface InboxRequestOptions {
  headers?: MsgHdrs;
  timeoutMs: number;
}

/** Nobody serves the subject (for a JetStream publish: no stream takes it). `code` is nats.js's for the same case. */
export class NoRespondersError extends Error {
  readonly code = '503';

  constructor(readonly subject: string) {
    super(`no responders on ${subject}: nothing serves it (for a JetStream publish: no stream takes the subject)`);
    this.name = 'NoRespondersError';
  }
}

/** How often requests past their deadline are failed (a deadline is kept to within this). */
const SWEEP_INTERVAL_MS = 250;

interface Waiter {
  subject: string;
  timeoutMs: number;
  deadline: number;
  resolve: (reply: Msg) => void;
  reject: (error: Error) => void;
}

/**
 * Requests over one connection whose replies all come to one wildcard inbox subscription, as with nats.js's
 * `request()`, without its cost per request: `request()` arms a timer of its own and, on every reply, builds a
 * "cancelled" NatsError (a stack trace) that it then throws away — the largest single function in ingest's profile
 * at full speed. Here a request is a publish with a reply subject and an entry in a map, and one sweep fails those
 * past their deadline. A request nobody serves fails at once (the server's no-responders status), as before.
 */
export class ReplyInbox {
  private readonly prefix = createInbox();
  private readonly waiting = new Map<string, Waiter>();
  private nextToken = 0;
  private subscription: Subscription | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly connection: NatsConnection) {
    void connection.closed().then(() => this.failAll(new Error('NATS connection closed before the reply came')));
  }

  request(subject: string, data: Payload, options: InboxRequestOptions): Promise<Msg> {
    this.subscribe();
    const token = (this.nextToken++).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      this.waiting.set(token, { subject, timeoutMs: options.timeoutMs, deadline: Date.now() + options.timeoutMs, resolve, reject });
      this.sweepLater();
      try {
        this.connection.publish(subject, data, { reply: `${this.prefix}.${token}`, headers: options.headers });
      } catch (error) {
        this.waiting.delete(token);
        reject(error as Error);
      }
    });
  }

  private subscribe(): void {
    if (this.subscription) return;
    this.subscription = this.connection.subscribe(`${this.prefix}.*`, {
      callback: (error, msg) => (error ? this.lost(error) : this.settle(msg)),
    });
  }

  private settle(reply: Msg): void {
    const token = reply.subject.slice(this.prefix.length + 1);
    const waiter = this.waiting.get(token);
    if (!waiter) return; // answered after its deadline
    this.waiting.delete(token);
    if (reply.data.length === 0 && reply.headers?.code === 503) {
      waiter.reject(new NoRespondersError(waiter.subject));
      return;
    }
    waiter.resolve(reply);
  }

  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiter] of this.waiting) {
      if (waiter.deadline > now) continue;
      this.waiting.delete(token);
      waiter.reject(new Error(`no reply on ${waiter.subject} within ${waiter.timeoutMs} ms`));
    }
    if (this.waiting.size > 0 || !this.sweeper) return;
    clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** The subscription ended (a permissions error, say): what waits on it fails, and the next request subscribes again. */
  private lost(error: Error): void {
    this.subscription = null;
    this.failAll(new Error(`reply subscription ${this.prefix}.* failed: ${error.message}`));
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
