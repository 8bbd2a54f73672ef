import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ManualDeliveryRequest } from '@hookstream/contracts';
import { childSpan } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import { EndpointsService } from '../endpoints/endpoints.service';
import { endpointTask } from '../events/delivery-tasks';
import { TaskPublisher } from '../events/task-publisher';

/**
 * A manual attempt (resend, recover) of a stored message to one endpoint, asked for by delivery-log: built from
 * the endpoint's current settings, skipping filters, with trigger `manual`. Its `Nats-Msg-Id` is
 * `<msgId>:<endpointId>:manual:<uuid>`, unique per request, so two resends are two deliveries.
 */
@Injectable()
export class ManualDeliveryUseCase {
  private readonly logger = new Logger(ManualDeliveryUseCase.name);

  constructor(
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointsService,
    private readonly tasks: TaskPublisher,
  ) {}

  /** Throws NotFoundException for an unknown app or endpoint. */
  async execute(request: ManualDeliveryRequest): Promise<void> {
    const app = await this.applications.get(request.appId);
    const endpoint = await this.endpoints.get(app, request.endpointId);
    const task = endpointTask(app, endpoint, { msgId: request.msgId, eventType: request.eventType, body: request.body, trigger: 'manual' });
    const natsMsgId = `${task.msgId}:${task.endpointId}:manual:${randomUUID()}`;
    const trace = childSpan(null);
    await this.tasks.publish([task], trace, () => natsMsgId);
    this.logger.log({ msgId: task.msgId, appId: task.appId, endpointId: task.endpointId, attempt: task.attempt, traceId: trace.traceId }, 'manual delivery queued');
  }
}
