import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { Subjects } from '@hookstream/contracts';
import { JetStreamPublisher } from './jetstream-publisher';
import { ReplyInbox } from './reply-inbox';
import { coalesceWrites } from './write-coalescing';

/** The process's NATS connection and its JetStream views, injected as one token. */
export abstract class NatsClients {
  abstract readonly connection: NatsConnection;
  abstract readonly js: JetStreamClient;
  abstract readonly jsm: JetStreamManager;
  abstract readonly subjects: Subjects;
  /** JetStream publishes for the hot paths (tasks, LOG messages), their PubAcks on one reply subscription. */
  abstract readonly publisher: JetStreamPublisher;
}

/** The clients of a connection that is already open. */
export function natsClientsOf(connection: NatsConnection, jsm: JetStreamManager, subjects: Subjects): NatsClients {
  return { connection, js: connection.jetstream(), jsm, subjects, publisher: new JetStreamPublisher(new ReplyInbox(connection)) };
}

export async function connectNats(url: string, name: string, prefix: string): Promise<NatsClients> {
  const connection = await connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Without it every request and JetStream publish captures a stack trace for a possible timeout error: the
    // largest single cost in ingest's profile. Our errors carry their context themselves.
    noAsyncTraces: true,
  });
  coalesceWrites(connection);
  return natsClientsOf(connection, await connection.jetstreamManager(), new Subjects(prefix));
}
