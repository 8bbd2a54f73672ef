import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ListQueryDto, pageRequest } from '@hookstream/platform';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { BackgroundTaskRecord } from '../persistence/entities';
import { fetchPage, toPageResponse } from '../queries/paging';
import { toBackgroundTaskOut } from './delivery-log.mapper';

/** Svix background tasks (operator token only: these routes have no `:app`). */
@ApiTags('Background Tasks')
@Controller('api/v1/background-task')
export class BackgroundTasksController {
  constructor(@InjectRepository(BackgroundTaskRecord, DELIVERY_LOG_CONNECTION) private readonly tasks: Repository<BackgroundTaskRecord>) {}

  @Get()
  async list(@Query() query: ListQueryDto, @Query('status') status?: string, @Query('task') task?: string) {
    const page = pageRequest(query, 'descending');
    const qb = this.tasks.createQueryBuilder('t').where('true');
    if (status) qb.andWhere('t.status = :status', { status });
    if (task) qb.andWhere('t.task = :task', { task });
    return toPageResponse(await fetchPage(qb, 't.id', page), page, toBackgroundTaskOut);
  }

  @Get(':task')
  async get(@Param('task') id: string) {
    const task = await this.tasks.findOneBy({ id });
    if (!task) throw new NotFoundException(`Background task "${id}" not found`);
    return toBackgroundTaskOut(task);
  }
}
