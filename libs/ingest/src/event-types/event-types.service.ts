import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, LessThan, type Repository } from 'typeorm';
import type { EventTypeInDto, EventTypeOut, EventTypePatchDto, EventTypeUpdateDto } from '@hookstream/contracts';
import type { PageRequest } from '@hookstream/platform';
import { EventTypeEntity } from '../persistence/event-type.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { PayloadSchemas } from './payload-schemas';

export interface EventTypePage extends PageRequest {
  includeArchived: boolean;
}

/** Svix event types: named, optionally with a JSON Schema; DELETE archives (or removes with `expunge`). */
@Injectable()
export class EventTypesService {
  constructor(
    @InjectRepository(EventTypeEntity, INGEST_CONNECTION) private readonly eventTypes: Repository<EventTypeEntity>,
    private readonly schemas: PayloadSchemas,
  ) {}

  async create(input: EventTypeInDto): Promise<EventTypeEntity> {
    this.schemas.assertCompiles(input.schemas);
    const inserted = await this.eventTypes
      .createQueryBuilder()
      .insert()
      .values({ ...fields(input.name, input), schemas: () => ':schemas' })
      .setParameter('schemas', input.schemas ? JSON.stringify(input.schemas) : null)
      .orIgnore()
      .returning('name')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) throw new ConflictException(`Event type "${input.name}" already exists`);
    this.schemas.invalidate(input.name);
    return this.get(input.name);
  }

  /** Cursor pagination by name (Svix sorts event types by name). */
  list(page: EventTypePage): Promise<EventTypeEntity[]> {
    const after = page.iterator ? { name: page.descending ? LessThan(page.iterator) : MoreThan(page.iterator) } : {};
    return this.eventTypes.find({
      where: { ...after, ...(page.includeArchived ? {} : { archived: false }) },
      order: { name: page.descending ? 'DESC' : 'ASC' },
      take: page.limit + 1,
    });
  }

  async get(name: string): Promise<EventTypeEntity> {
    const row = await this.eventTypes.findOneBy({ name });
    if (!row) throw new NotFoundException(`Event type "${name}" not found`);
    return row;
  }

  /** Svix PUT upserts: an unknown name is created (201), a known one replaced (200). */
  async replace(name: string, input: EventTypeUpdateDto): Promise<{ eventType: EventTypeEntity; created: boolean }> {
    this.schemas.assertCompiles(input.schemas);
    const existing = await this.eventTypes.findOneBy({ name });
    // Object.assign, not merge(): merge deep-merges jsonb, so an old schema's keys would survive a replace.
    await this.eventTypes.save(Object.assign(existing ?? this.eventTypes.create({ name }), fields(name, input)));
    this.schemas.invalidate(name);
    return { eventType: await this.get(name), created: !existing };
  }

  async patch(name: string, input: EventTypePatchDto): Promise<EventTypeEntity> {
    const row = await this.get(name);
    if (input.schemas !== undefined) this.schemas.assertCompiles(input.schemas);
    const changes: Partial<EventTypeEntity> = {};
    if (input.description !== undefined) changes.description = input.description;
    if (input.archived !== undefined) changes.archived = input.archived;
    if (input.deprecated !== undefined) changes.deprecated = input.deprecated;
    if (input.schemas !== undefined) changes.schemas = input.schemas;
    if (input.featureFlag !== undefined) changes.featureFlag = input.featureFlag;
    if (input.groupName !== undefined) changes.groupName = input.groupName;
    await this.eventTypes.save(Object.assign(row, changes));
    this.schemas.invalidate(name);
    return this.get(name);
  }

  async remove(name: string, expunge: boolean): Promise<void> {
    const row = await this.get(name);
    if (expunge) await this.eventTypes.delete({ name: row.name });
    else await this.eventTypes.update({ name: row.name }, { archived: true });
    this.schemas.invalidate(row.name);
  }
}

function fields(name: string, input: EventTypeUpdateDto): Partial<EventTypeEntity> {
  return {
    name,
    description: input.description,
    archived: input.archived ?? false,
    deprecated: input.deprecated ?? false,
    schemas: input.schemas ?? null,
    featureFlag: input.featureFlag ?? null,
    groupName: input.groupName ?? null,
  };
}

export function toEventTypeOut(row: EventTypeEntity): EventTypeOut {
  return {
    name: row.name,
    description: row.description,
    archived: row.archived,
    deprecated: row.deprecated,
    schemas: row.schemas,
    featureFlag: row.featureFlag,
    groupName: row.groupName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
