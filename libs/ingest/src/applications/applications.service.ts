import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { newAppId, unstorableJson, type AppId, type ApplicationInDto, type ApplicationPatchDto } from '@hookstream/contracts';
import { afterIterator, LogPublisher, SharedLookups, TokenRegistry, type PageRequest } from '@hookstream/platform';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { ApplicationEntity } from '../persistence/application.entity';
import { CallbackSecretsService } from '../callback-secrets/callback-secrets.service';
import { EndpointEvents } from '../endpoints/endpoint-events';
import { EndpointEntity } from '../persistence/endpoint.entity';
import { toAppRecord } from './application.mapper';

const UNIQUE_VIOLATION = '23505';

/**
 * How long an accepted event may see an app as it was. Changes made through this replica apply at once; another
 * replica's rename or delete reaches this one's event path within this bound.
 */
const EVENT_PATH_CACHE_MS = 1000;

@Injectable()
export class ApplicationsService {
  /** The event path's reads by id or uid (`null`: no such app), so a busy app costs no query per event. */
  private readonly forEvents = new SharedLookups<string, ApplicationEntity | null>({ max: 10_000, ttlMs: EVENT_PATH_CACHE_MS });

  constructor(
    @InjectRepository(ApplicationEntity, INGEST_CONNECTION) private readonly apps: Repository<ApplicationEntity>,
    private readonly log: LogPublisher,
    private readonly callbackSecrets: CallbackSecretsService,
    @InjectRepository(EndpointEntity, INGEST_CONNECTION) private readonly endpoints: Repository<EndpointEntity>,
    private readonly endpointEvents: EndpointEvents,
    private readonly tokens: TokenRegistry,
  ) {}

  /** Creates the app; with `getIfExists`, an app with the same uid is returned instead of a 409. */
  async create(input: ApplicationInDto, getIfExists: boolean): Promise<{ app: ApplicationEntity; created: boolean }> {
    if (input.uid) {
      const existing = await this.apps.findOneBy({ uid: input.uid });
      if (existing && getIfExists) return { app: existing, created: false };
      if (existing) throw new ConflictException(`An application with uid "${input.uid}" already exists`);
    }
    const app = this.apps.create({
      id: newAppId(),
      uid: input.uid ?? null,
      name: input.name,
      rateLimit: input.rateLimit ?? input.throttleRate ?? null,
      metadata: input.metadata ?? {},
      retrySchedule: input.retrySchedule ?? null,
    });
    // The callback secret exists before the app does, so a callbackUrl delivery always has a key to sign with.
    await this.callbackSecrets.ensure(app.id);
    try {
      await this.apps.insert(app);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException(`An application with uid "${input.uid}" already exists`);
      }
      throw error;
    }
    const saved = await this.apps.findOneByOrFail({ id: app.id });
    this.forEvents.clear();
    await this.log.publish({ type: 'app.upserted', app: toAppRecord(saved) });
    return { app: saved, created: true };
  }

  /** Svix PUT: every field replaced, absent ones back to their defaults. */
  update(app: ApplicationEntity, input: ApplicationInDto): Promise<ApplicationEntity> {
    return this.save(app, {
      name: input.name,
      uid: input.uid ?? null,
      rateLimit: input.rateLimit ?? input.throttleRate ?? null,
      metadata: input.metadata ?? {},
      retrySchedule: input.retrySchedule ?? null,
    });
  }

  /** Svix PATCH: only the fields present change; `null` clears a nullable one. */
  patch(app: ApplicationEntity, input: ApplicationPatchDto): Promise<ApplicationEntity> {
    const changes: Partial<ApplicationEntity> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.uid !== undefined) changes.uid = input.uid;
    if (input.rateLimit !== undefined || input.throttleRate !== undefined) changes.rateLimit = input.rateLimit ?? input.throttleRate ?? null;
    if (input.metadata !== undefined) changes.metadata = input.metadata ?? {};
    if (input.retrySchedule !== undefined) changes.retrySchedule = input.retrySchedule;
    return this.save(app, changes);
  }

  /**
   * Deletes the app and its endpoints; each endpoint is announced deleted, so its queued deliveries stop. The
   * app's tokens are revoked first: a new app can never inherit them, even under the same uid.
   */
  async remove(app: ApplicationEntity): Promise<void> {
    await this.tokens.revokeApp(app.id);
    const endpoints = await this.endpoints.findBy({ appId: app.id });
    await this.apps.delete({ id: app.id });
    this.forEvents.clear();
    for (const endpoint of endpoints) await this.endpointEvents.changed(app, endpoint, 'endpoint.deleted');
  }

  list(page: PageRequest): Promise<ApplicationEntity[]> {
    return this.apps.find({ where: afterIterator<AppId>(page), order: { id: page.descending ? 'DESC' : 'ASC' }, take: page.limit + 1 });
  }

  /** Resolves an app by its id or its uid (Svix accepts either in paths); 404 otherwise. */
  async get(idOrUid: string): Promise<ApplicationEntity> {
    const app = await this.find(idOrUid);
    if (!app) throw new NotFoundException(`Application "${idOrUid}" not found`);
    return app;
  }

  private async save(app: ApplicationEntity, changes: Partial<ApplicationEntity>): Promise<ApplicationEntity> {
    try {
      // update(), not merge(): merge deep-merges jsonb objects, so a removed metadata key would stay.
      if (Object.keys(changes).length > 0) await this.apps.update({ id: app.id }, changes);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`An application with uid "${changes.uid}" already exists`);
      throw error;
    }
    const saved = await this.apps.findOneByOrFail({ id: app.id });
    this.forEvents.clear();
    await this.log.publish({ type: 'app.upserted', app: toAppRecord(saved) });
    return saved;
  }

  /** By id first: an id always names its own app, whatever uids say. A name Postgres cannot hold names no app. */
  async find(idOrUid: string): Promise<ApplicationEntity | null> {
    if (unstorableJson(idOrUid)) return null;
    return (await this.apps.findOneBy({ id: idOrUid as AppId })) ?? (await this.apps.findOneBy({ uid: idOrUid }));
  }

  /** `find` for the event path: answered from memory for up to EVENT_PATH_CACHE_MS. */
  findForEvent(idOrUid: string): Promise<ApplicationEntity | null> {
    return this.forEvents.get(idOrUid, (key) => this.find(key));
  }
}
