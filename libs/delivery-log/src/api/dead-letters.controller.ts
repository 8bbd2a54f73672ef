import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { DeadLetterOut, ListResponse } from '@hookstream/contracts';
import { ListQueryDto, pageRequest } from '@hookstream/platform';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { DeadLetterProjection } from '../persistence/entities';
import { LogQueries } from '../queries/log-queries';
import { fetchPage, toPageResponse } from '../queries/paging';

/**
 * Messages a consumer gave up on after repeated failures of their own, newest first: every app's for the operator
 * (`?consumer=` narrows), one app's under `/app/{app}`.
 */
@ApiTags('Dead Letters')
@Controller('api/v1')
export class DeadLettersController {
  constructor(
    @InjectRepository(DeadLetterProjection, DELIVERY_LOG_CONNECTION) private readonly deadLetters: Repository<DeadLetterProjection>,
    private readonly queries: LogQueries,
  ) {}

  @Get('dead-letter')
  async list(@Query() query: ListQueryDto, @Query('consumer') consumer?: string): Promise<ListResponse<DeadLetterOut>> {
    const page = pageRequest(query, 'descending');
    const qb = this.deadLetters.createQueryBuilder('d').where('true');
    if (consumer) qb.andWhere('d.consumer = :consumer', { consumer });
    return toPageResponse(await fetchPage(qb, 'd.id', page), page, toDeadLetterOut);
  }

  @Get('app/:app/dead-letter')
  async listForApp(@Param('app') appIdOrUid: string, @Query() query: ListQueryDto): Promise<ListResponse<DeadLetterOut>> {
    const app = await this.queries.app(appIdOrUid);
    const page = pageRequest(query, 'descending');
    const qb = this.deadLetters.createQueryBuilder('d').where('d.app_id = :appId', { appId: app.id });
    return toPageResponse(await fetchPage(qb, 'd.id', page), page, toDeadLetterOut);
  }
}

function toDeadLetterOut(row: DeadLetterProjection): DeadLetterOut {
  return {
    id: row.id,
    consumer: row.consumer,
    stream: row.stream,
    streamSeq: Number(row.streamSeq),
    subject: row.subject,
    appId: row.appId,
    deliveries: row.deliveries,
    reason: row.reason,
    excerpt: row.excerpt,
    recordedAt: row.recordedAt.toISOString(),
  };
}
