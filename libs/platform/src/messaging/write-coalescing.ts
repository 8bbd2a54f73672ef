import type { NatsConnection } from 'nats';

/** The part of nats.js's protocol handler (2.x, `connection.protocol`) that buffers and writes outbound commands. */
interface OutboundProtocol {
  outbound: { length(): number; size(): number; fill(data: Uint8Array, ...payloads: Uint8Array[]): void };
  pendingLimit: number;
  flushPending(): void;
  sendCommand(cmd: string | Uint8Array, ...payloads: Uint8Array[]): void;
}

const encoder = new TextEncoder();

/**
 * Makes the connection write its outbound buffer once per event-loop turn instead of once per microtask burst.
 *
 * nats.js flushes a microtask after the first command of a burst. On a busy service every continuation is its own
 * burst (each POST's answer, each PubAck, each ack), so the socket got a write per delivery step and nats-server a
 * read and a wake-up for each. Deferring the flush to `setImmediate` lets every command of one turn — all the I/O
 * callbacks that were ready — leave in one write. It costs at most one turn of latency. Measured on the 2-core
 * bench machine: nats-server CPU per delivery −25 % (docs/benchmarks.md). The inline flush past `pendingLimit`
 * (32 KiB), `flush()` and `drain()` are unchanged.
 *
 * Returns false, changing nothing, when the connection is not nats.js's protocol handler of the known shape.
 */
export function coalesceWrites(connection: NatsConnection): boolean {
  const protocol = (connection as unknown as { protocol?: unknown }).protocol;
  if (!isOutboundProtocol(protocol)) return false;
  const flush = () => protocol.flushPending();
  protocol.sendCommand = (cmd, ...payloads) => {
    const wasEmpty = protocol.outbound.length() === 0;
    protocol.outbound.fill(typeof cmd === 'string' ? encoder.encode(cmd) : cmd, ...payloads);
    if (wasEmpty) setImmediate(flush);
    else if (protocol.outbound.size() >= protocol.pendingLimit) flush();
  };
  return true;
}

function isOutboundProtocol(value: unknown): value is OutboundProtocol {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<OutboundProtocol>;
  return (
    typeof candidate.sendCommand === 'function' &&
    typeof candidate.flushPending === 'function' &&
    typeof candidate.pendingLimit === 'number' &&
    typeof candidate.outbound?.fill === 'function' &&
    typeof candidate.outbound.length === 'function' &&
    typeof candidate.outbound.size === 'function'
  );
}
