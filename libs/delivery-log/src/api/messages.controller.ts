import { Controller, Get, Param } from '@nestjs/common';
import type { MessageOut } from '@hookstream/contracts';
import { toMessageOut } from './delivery-log.mapper';
import { DeliveryLogQueries } from './delivery-log-query.service';

@Controller('api/v1/app/:app/msg')
export class MessagesReadController {
  constructor(private readonly queries: DeliveryLogQueries) {}

  @Get(':msg')
  async get(@Param('app') appIdOrUid: string, @Param('msg') msg: string): Promise<MessageOut> {
    const app = await this.queries.app(appIdOrUid);
    return toMessageOut(await this.queries.message(app.id, msg));
  }
}
