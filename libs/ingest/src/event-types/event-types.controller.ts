import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { EventTypeInDto, EventTypePatchDto, EventTypeUpdateDto, type EventTypeOut, type ListResponse } from '@hookstream/contracts';
import { AppTokensAllowed, ListQueryDto, pageRequest } from '@hookstream/platform';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { EventTypesService, toEventTypeOut } from './event-types.service';

/** Svix `/api/v1/event-type`. */
@Controller('api/v1/event-type')
@UseInterceptors(IdempotencyInterceptor)
export class EventTypesController {
  constructor(private readonly eventTypes: EventTypesService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: EventTypeInDto): Promise<EventTypeOut> {
    return toEventTypeOut(await this.eventTypes.create(body));
  }

  @Get()
  @AppTokensAllowed()
  async list(@Query() query: ListQueryDto, @Query('include_archived') includeArchived: string | undefined): Promise<ListResponse<EventTypeOut>> {
    const page = { ...pageRequest(query, 'ascending'), includeArchived: includeArchived === 'true' };
    const rows = await this.eventTypes.list(page);
    const data = rows.slice(0, page.limit).map(toEventTypeOut);
    return { data, iterator: data.at(-1)?.name ?? null, prevIterator: data[0] ? `-${data[0].name}` : null, done: rows.length <= page.limit };
  }

  @Get(':name')
  @AppTokensAllowed()
  async get(@Param('name') name: string): Promise<EventTypeOut> {
    return toEventTypeOut(await this.eventTypes.get(name));
  }

  @Put(':name')
  async replace(@Param('name') name: string, @Body() body: EventTypeUpdateDto, @Res({ passthrough: true }) res: Response): Promise<EventTypeOut> {
    const { eventType, created } = await this.eventTypes.replace(name, body);
    res.status(created ? 201 : 200);
    return toEventTypeOut(eventType);
  }

  @Patch(':name')
  async patch(@Param('name') name: string, @Body() body: EventTypePatchDto): Promise<EventTypeOut> {
    return toEventTypeOut(await this.eventTypes.patch(name, body));
  }

  /** Archives the type (its schema stops applying); `expunge=true` deletes it. */
  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string, @Query('expunge') expunge: string | undefined): Promise<void> {
    await this.eventTypes.remove(name, expunge === 'true');
  }
}
