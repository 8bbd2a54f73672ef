import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { Subjects } from '@hookstream/contracts';
import { coalesceWrites } from './write-coalescing';

/** The process's NATS connection and its JetStream views, injected as one token. */
export abstract class NatsClients {
  abstract readonly connection: NatsConnection;
  abstract readonly js: JetStreamClient;
  abstract readonly jsm: JetStreamManager;
  abstract readonly subjects: Subjects;
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
  const jsm = await connection.jetstreamManager();
  return { connection, js: connection.jetstream(), jsm, subjects: new Subjects(prefix) };
}
