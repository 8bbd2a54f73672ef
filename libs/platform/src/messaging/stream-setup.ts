import type { JetStreamManager } from 'nats';
import type { ConsumerDefinition, StreamDefinition } from '@hookstream/contracts';

const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

function apiErrorCode(error: unknown): number | undefined {
  return (error as { api_error?: { err_code?: number } }).api_error?.err_code;
}

/** Creates the stream, or updates it to the definition; safe to run from every replica at every start. */
export async function ensureStream(jsm: JetStreamManager, definition: StreamDefinition): Promise<void> {
  try {
    await jsm.streams.info(definition.name);
  } catch (error) {
    if (apiErrorCode(error) !== STREAM_NOT_FOUND) throw error;
    await jsm.streams.add(definition.config);
    return;
  }
  await jsm.streams.update(definition.name, definition.config);
}

/** Creates the durable consumer, or updates its mutable settings. */
export async function ensureConsumer(jsm: JetStreamManager, definition: ConsumerDefinition): Promise<void> {
  try {
    await jsm.consumers.info(definition.stream, definition.config.durable_name);
  } catch (error) {
    if (apiErrorCode(error) !== CONSUMER_NOT_FOUND) throw error;
    await jsm.consumers.add(definition.stream, definition.config);
    return;
  }
  await jsm.consumers.update(definition.stream, definition.config.durable_name, definition.config);
}
