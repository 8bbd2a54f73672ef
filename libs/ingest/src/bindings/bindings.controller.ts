import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { BindingInDto, type BindingOut, type ListResponse } from '@hookstream/contracts';
import { ListQueryDto, pageRequest, toListResponse } from '@hookstream/platform';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { BindingsService, toBindingOut } from './bindings.service';

/** Hookstream extension: `/api/v1/binding`, platform subjects mapped to event types. */
@Controller('api/v1/binding')
@UseInterceptors(IdempotencyInterceptor)
export class BindingsController {
  constructor(private readonly bindings: BindingsService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: BindingInDto): Promise<BindingOut> {
    return toBindingOut(await this.bindings.create(body));
  }

  @Get()
  async list(@Query() query: ListQueryDto): Promise<ListResponse<BindingOut>> {
    const page = pageRequest(query, 'ascending');
    return toListResponse(await this.bindings.list(page), page, toBindingOut);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<BindingOut> {
    return toBindingOut(await this.bindings.get(id));
  }

  @Put(':id')
  async replace(@Param('id') id: string, @Body() body: BindingInDto): Promise<BindingOut> {
    return toBindingOut(await this.bindings.replace(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.bindings.remove(id);
  }
}
