import { Module } from '@nestjs/common';
import { dispatcherConsumer, dispatcherDeadLettersConsumer, parkedConsumers } from '@hookstream/contracts';
import { reportConsumerLag } from '@hookstream/platform';
import { SignerClientModule } from '@hookstream/signer-client';
import { DeadLettersConsumer } from './delivery/dead-letters.consumer';
import { DeliveryPipeline } from './delivery/delivery-pipeline';
import { DeliveryWorkers } from './delivery/delivery-workers';
import { SendingAnnouncer } from './delivery/sending-announcer';
import { TaskScheduler } from './delivery/task-scheduler';
import { CircuitBreaker } from './health/circuit-breaker';
import { CircuitEvents } from './health/circuit-events';
import { EndpointHealth } from './health/endpoint-health';
import { EndpointHealthBucket } from './health/endpoint-health-bucket';
import { EndpointLimiter } from './health/endpoint-limiter';
import { EndpointStates } from './health/endpoint-states';
import { FailureTracker } from './health/failure-tracker';
import { HttpSender } from './http/http-sender';
import { DeliveryMetrics } from './observability/delivery-metrics';
import { OrderingGate } from './ordering/ordering-gate';
import { BatchingSigner } from './signing/batching-signer';

/** dispatcher: pulls delivery tasks, gets signatures, POSTs, records the attempt, schedules the retry. */
@Module({
  imports: [SignerClientModule],
  providers: [
    reportConsumerLag((subjects) => [dispatcherConsumer(subjects), ...parkedConsumers(subjects), dispatcherDeadLettersConsumer(subjects)]),
    HttpSender,
    BatchingSigner,
    DeliveryMetrics,
    OrderingGate,
    TaskScheduler,
    EndpointHealthBucket,
    EndpointStates,
    { provide: CircuitBreaker, useFactory: () => new CircuitBreaker() },
    CircuitEvents,
    EndpointLimiter,
    FailureTracker,
    EndpointHealth,
    SendingAnnouncer,
    DeliveryPipeline,
    DeliveryWorkers,
    DeadLettersConsumer,
  ],
})
export class DispatcherModule {}
