import {
  Body,
  ConflictException,
  Controller,
  Headers,
  HttpCode,
  Logger,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  UnprocessableEntityException,
  UseInterceptors,
} from '@nestjs/common';
import { EventEnvelopeDto, type MessageOut } from '@hookstream/contracts';
import { parseTraceparent, TRACEPARENT, TRACESTATE } from '@hookstream/platform';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { AcceptEventUseCase } from './accept-event.use-case';
import { EventRejection } from './event-rejection';

@Controller('api/v1/app/:app/msg')
@UseInterceptors(IdempotencyInterceptor)
export class MessagesController {
  private readonly logger = new Logger(MessagesController.name);

  constructor(private readonly acceptEvent: AcceptEventUseCase) {}

  /**
   * Svix `POST /api/v1/app/{app_id}/msg`: 202 with the message; a reused eventId is a 409. A valid W3C
   * `traceparent` (and `tracestate`) makes the deliveries part of the caller's trace.
   */
  @Post()
  @HttpCode(202)
  async create(
    @Param('app') appIdOrUid: string,
    @Body() envelope: EventEnvelopeDto,
    @Headers(TRACEPARENT) traceparent?: string,
    @Headers(TRACESTATE) tracestate?: string,
  ): Promise<MessageOut> {
    try {
      const result = await this.acceptEvent.execute({ appIdOrUid, envelope, trace: parseTraceparent(traceparent, tracestate), callerWaits: true });
      if (result.kind === 'duplicate') {
        throw new ConflictException(`A message with eventId "${envelope.eventId}" already exists (${result.messageId})`);
      }
      const { message } = result;
      return {
        id: message.id,
        eventType: message.eventType,
        eventId: message.eventId,
        payload: message.payload,
        channels: message.channels,
        tags: message.tags,
        timestamp: message.timestamp,
      };
    } catch (error) {
      if (!(error instanceof EventRejection)) throw error;
      this.logger.log({ appRef: appIdOrUid, eventType: envelope.eventType, code: error.code, reason: error.reason }, 'event refused over REST');
      throw toHttpError(error);
    }
  }
}

function toHttpError(rejection: EventRejection): Error {
  switch (rejection.code) {
    case 'unknown_app':
      return new NotFoundException(rejection.reason);
    case 'payload_too_large':
      return new PayloadTooLargeException(rejection.reason);
    default:
      return new UnprocessableEntityException(rejection.reason);
  }
}
