import type { JsMsg } from 'nats';
import { DataSource } from 'typeorm';
import { deliveryLogConsumer, logEventsOf, streamNames, type LogEvent, type LogMessageBody } from '@hookstream/contracts';
import { connectNats, runMigrationsLocked, serviceDataSourceOptions, type HookstreamConfig } from '@hookstream/platform';
import { DELIVERY_LOG_DATABASE, PROJECTION_TABLES } from '../persistence/delivery-log-database';
import { ensureLogConsumer } from '../projection/log-consumer-setup';
import { LogProjector } from '../projection/log-projector';
import { MAX_PROJECTION_BATCH } from '../projection/projection-batcher';

export interface RebuildResult {
  /** Events read from the LOG stream (every one up to `lastSequence`). */
  events: number;
  /** The last stream sequence replayed; the durable consumer resumes after it. */
  lastSequence: number;
}

/**
 * Drops delivery-log's projections and rebuilds them by replaying the LOG stream from its first message,
 * through the same projector the live consumer uses, in batches as it does:
 *
 * 1. delete the durable consumer `delivery-log` (stop delivery-log replicas first, or they lose it under them);
 * 2. note the stream's last sequence, then in ONE transaction delete every projection row and replay up to it
 *    with an ordered consumer — readers keep seeing the old rows until the commit;
 * 3. recreate the durable consumer starting right after that sequence, so nothing is applied twice or missed.
 *
 * If it fails midway the transaction rolls back (old rows intact) and the consumer is simply missing: the next
 * delivery-log start recreates it from the stream's start and re-applies everything, which the idempotent
 * projector makes harmless. Limits: the LOG stream keeps 30 days (`max_age`), so history older than that is lost
 * by a rebuild; background tasks (recover) are not projections and are kept.
 */
export async function rebuildDeliveryLog(config: HookstreamConfig, log: (line: string) => void = () => undefined): Promise<RebuildResult> {
  const nats = await connectNats(config.natsUrl, 'hookstream-delivery-log-rebuild', config.prefix);
  const dataSource = new DataSource(serviceDataSourceOptions(config.databaseUrl, DELIVERY_LOG_DATABASE));
  try {
    await dataSource.initialize();
    await runMigrationsLocked(dataSource, DELIVERY_LOG_DATABASE.schema);
    const definition = deliveryLogConsumer(nats.subjects);
    const stream = streamNames(nats.subjects).log;
    await nats.jsm.consumers.delete(stream, definition.config.durable_name).catch(() => false);
    const lastSequence = (await nats.jsm.streams.info(stream)).state.last_seq;
    log(`replaying ${stream} up to sequence ${lastSequence}`);
    const projector = new LogProjector(dataSource);
    let events = 0;
    await dataSource.transaction(async (tx) => {
      for (const table of PROJECTION_TABLES) await tx.query(`DELETE FROM ${table}`);
      if (lastSequence === 0) return;
      const ordered = await nats.js.consumers.get(stream);
      const messages = await ordered.consume();
      let batch: LogEvent[] = [];
      for await (const msg of messages) {
        const read = readEvents(msg);
        if (read) batch.push(...read);
        else log(`unreadable event at sequence ${msg.seq} skipped`);
        events += read?.length ?? 0;
        const last = msg.seq >= lastSequence;
        if (batch.length >= MAX_PROJECTION_BATCH || last) {
          await projector.applyAll(batch, tx);
          batch = [];
        }
        if (last) break;
      }
      await messages.close();
    });
    await ensureLogConsumer(nats.jsm, definition, lastSequence + 1);
    log(`rebuilt from ${events} events; consumer ${definition.config.durable_name} resumes at ${lastSequence + 1}`);
    return { events, lastSequence };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await nats.connection.drain();
  }
}

function readEvents(msg: JsMsg): LogEvent[] | null {
  try {
    return logEventsOf(msg.json<LogMessageBody>());
  } catch {
    return null;
  }
}
