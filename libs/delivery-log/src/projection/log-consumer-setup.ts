import { DeliverPolicy, type JetStreamManager } from 'nats';
import type { ConsumerDefinition } from '@hookstream/contracts';

const CONSUMER_NOT_FOUND = 10014;

/**
 * Creates delivery-log's durable consumer, or updates its mutable settings. Unlike the platform's
 * `ensureConsumer` it keeps an existing consumer's start position: a rebuild recreates the consumer at the
 * sequence after the last event it replayed, and JetStream refuses to change a deliver policy afterwards.
 */
export async function ensureLogConsumer(jsm: JetStreamManager, definition: ConsumerDefinition, startSequence?: number): Promise<void> {
  const name = definition.config.durable_name;
  try {
    await jsm.consumers.info(definition.stream, name);
    // nats.js merges these into the existing config, so the existing start position stays as it is.
    const { deliver_policy: _policy, opt_start_seq: _start, durable_name: _name, ...mutable } = definition.config;
    await jsm.consumers.update(definition.stream, name, mutable);
  } catch (error) {
    if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== CONSUMER_NOT_FOUND) throw error;
    const start = startSequence ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSequence } : {};
    await jsm.consumers.add(definition.stream, { ...definition.config, ...start });
  }
}
