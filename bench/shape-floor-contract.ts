import { join } from 'node:path';
import type { Msg, MsgHdrs, NatsConnection, Payload } from 'nats';

/** The shape floor's processes, named after the Hookstream service each stands for. */
export const FLOOR_ROLES = ['signer', 'ingest', 'dispatcher', 'delivery-log'] as const;
export type FloorRole = (typeof FLOOR_ROLES)[number];

export const FLOOR_CONSUMERS = { ingest: 'ingest', dispatcher: 'dispatcher', deliveryLog: 'delivery-log' } as const;

/** Subjects and streams under one run's prefix, laid out as Hookstream's (docs/architecture.md). */
export function floorSubjects(prefix: string) {
  const upper = prefix.toUpperCase();
  return {
    eventsPrefix: `${prefix}.events.`,
    deliveriesBase: `${prefix}.deliveries`,
    log: `${prefix}.log.floor`,
    sign: `${prefix}.rpc.signer.signBatch`,
    eventsStream: `${upper}_EVENTS`,
    deliveriesStream: `${upper}_DELIVERIES`,
    logStream: `${upper}_LOG`,
  };
}

/** The services' own NATS transport pieces (libs/platform/src/messaging), as their build exports them. */
export interface FloorTransport {
  inbox: { request(subject: string, data: Payload, options: { headers?: MsgHdrs; timeoutMs: number }): Promise<Msg> };
  publisher: { publish(subject: string, data: string | Uint8Array, options?: { msgID?: string }): Promise<unknown> };
}

/**
 * Loads write coalescing, ReplyInbox and JetStreamPublisher from a build of the services (`<dist>/apps/dispatcher/libs/
 * platform/src/messaging`), so the floor sends exactly as they do; applies the coalescing to `nats`.
 */
export function loadTransport(nats: NatsConnection, messagingBuild: string): FloorTransport {
  const { coalesceWrites } = require(join(messagingBuild, 'write-coalescing.js')) as { coalesceWrites(connection: NatsConnection): boolean };
  const { ReplyInbox } = require(join(messagingBuild, 'reply-inbox.js')) as { ReplyInbox: new (connection: NatsConnection) => FloorTransport['inbox'] };
  const { JetStreamPublisher } = require(join(messagingBuild, 'jetstream-publisher.js')) as {
    JetStreamPublisher: new (inbox: FloorTransport['inbox']) => FloorTransport['publisher'];
  };
  if (!coalesceWrites(nats)) throw new Error('shape floor: the services\' write coalescing does not recognise this nats.js connection');
  const inbox = new ReplyInbox(nats);
  return { inbox, publisher: new JetStreamPublisher(inbox) };
}
