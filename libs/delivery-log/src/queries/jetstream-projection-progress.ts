import type { Provider } from '@nestjs/common';
import type { JetStreamManager } from 'nats';
import { deliveryLogConsumer, type ConsumerDefinition } from '@hookstream/contracts';
import { NatsClients } from '@hookstream/platform';
import { ProjectionCatchUp, ProjectionProgress } from './projection-catch-up';

/** The LOG stream's end (stream info) and delivery-log's ack floor (consumer info, shared by every replica). */
export class JetStreamProjectionProgress implements ProjectionProgress {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly consumer: ConsumerDefinition,
  ) {}

  async streamLastSeq(): Promise<number> {
    return (await this.jsm.streams.info(this.consumer.stream)).state.last_seq;
  }

  async projectedSeq(): Promise<number> {
    return (await this.jsm.consumers.info(this.consumer.stream, this.consumer.config.durable_name)).ack_floor.stream_seq;
  }
}

/** One `ProjectionCatchUp` per process, so concurrent misses share their reads of JetStream. */
export const projectionCatchUpProvider: Provider = {
  provide: ProjectionCatchUp,
  inject: [NatsClients],
  useFactory: (nats: NatsClients) => new ProjectionCatchUp(new JetStreamProjectionProgress(nats.jsm, deliveryLogConsumer(nats.subjects))),
};
