import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { newAppId, type AppId, type ApplicationInDto } from '@hookstream/contracts';
import { afterIterator, LogPublisher, type PageRequest } from '@hookstream/platform';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { ApplicationEntity } from '../persistence/application.entity';
import { CallbackSecretsService } from '../callback-secrets/callback-secrets.service';
import { toAppRecord } from './application.mapper';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectRepository(ApplicationEntity, INGEST_CONNECTION) private readonly apps: Repository<ApplicationEntity>,
    private readonly log: LogPublisher,
    private readonly callbackSecrets: CallbackSecretsService,
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
    await this.log.publish({ type: 'app.upserted', app: toAppRecord(saved) });
    return { app: saved, created: true };
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

  find(idOrUid: string): Promise<ApplicationEntity | null> {
    return this.apps.findOne({ where: [{ id: idOrUid as AppId }, { uid: idOrUid }] });
  }
}
