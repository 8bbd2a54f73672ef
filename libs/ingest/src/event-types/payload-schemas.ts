import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import Ajv, { type ValidateFunction } from 'ajv';
import type { Repository } from 'typeorm';
import { SharedLookups } from '@hookstream/platform';
import { EventRejection } from '../events/event-rejection';
import { EventTypeEntity } from '../persistence/event-type.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';

type Schemas = Record<string, Record<string, unknown>>;

/** The schema that applies: the highest version key of Svix's `schemas` map ("1", "2", …). */
export function currentSchema(schemas: Schemas | null): Record<string, unknown> | null {
  const versions = Object.keys(schemas ?? {}).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  return versions.length > 0 ? (schemas as Schemas)[versions[0]] : null;
}

/** A fresh ajv per schema, so a schema's `$id` never collides with an earlier version of itself. */
function compile(schema: Record<string, unknown>): ValidateFunction {
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** How long an event type is read from memory: edits through this replica apply at once, other replicas' within this. */
const LOOKUP_CACHE_MS = 1000;

/**
 * Validates payloads against the JSON Schema of their event type (ajv). Unregistered, archived or schema-less
 * types accept any object, as in Svix. Compiled validators are cached per (type, updatedAt); the event type's row
 * is read at most once per LOOKUP_CACHE_MS per type.
 */
@Injectable()
export class PayloadSchemas {
  private readonly compiled = new Map<string, { version: number; validate: ValidateFunction }>();
  /** null: the type is unregistered, archived or has no schema. */
  private readonly lookups = new SharedLookups<string, ValidateFunction | null>({ max: 10_000, ttlMs: LOOKUP_CACHE_MS });

  constructor(@InjectRepository(EventTypeEntity, INGEST_CONNECTION) private readonly eventTypes: Repository<EventTypeEntity>) {}

  /** Refuses (422) a schema ajv cannot compile, before it is stored. */
  assertCompiles(schemas: Schemas | null | undefined): void {
    for (const [version, schema] of Object.entries(schemas ?? {})) {
      if (!/^\d+$/.test(version)) throw new UnprocessableEntityException(`schemas: version "${version}" must be a number such as "1"`);
      try {
        compile(schema);
      } catch (error) {
        throw new UnprocessableEntityException(`schemas.${version} is not a valid JSON Schema: ${(error as Error).message}`);
      }
    }
  }

  /** Throws EventRejection (`schema_violation`) with ajv's errors when the payload breaks the active schema. */
  async validate(eventType: string, payload: Record<string, unknown>): Promise<void> {
    const validate = await this.lookup(eventType);
    if (!validate || validate(payload)) return;
    const detail = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
    throw new EventRejection(`payload does not match the schema of "${eventType}": ${detail}`, 'schema_violation');
  }

  /** Forgets what is known of an event type; its next event reads it again. */
  invalidate(eventType: string): void {
    this.lookups.delete(eventType);
  }

  private lookup(eventType: string): Promise<ValidateFunction | null> {
    return this.lookups.get(eventType, (name) => this.read(name));
  }

  private async read(eventType: string): Promise<ValidateFunction | null> {
    const row = await this.eventTypes.findOne({ where: { name: eventType }, select: ['name', 'archived', 'schemas', 'updatedAt'] });
    return !row || row.archived ? null : this.validatorFor(row);
  }

  private validatorFor(row: EventTypeEntity): ValidateFunction | null {
    const schema = currentSchema(row.schemas);
    if (!schema) return null;
    const version = row.updatedAt.getTime();
    const cached = this.compiled.get(row.name);
    if (cached?.version === version) return cached.validate;
    const validate = compile(schema);
    this.compiled.set(row.name, { version, validate });
    return validate;
  }
}
