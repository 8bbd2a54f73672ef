import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { newRejectionId, storableText, type AppId, type RejectionOut } from '@hookstream/contracts';
import { afterIterator, NatsClients, type PageRequest } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import type { EventRejection } from '../events/event-rejection';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { RejectionEntity } from '../persistence/rejection.entity';

const RAW_EXCERPT_BYTES = 1024;

export interface RejectedInput {
  /** The app id or uid the producer addressed. */
  appRef: string;
  subject: string;
  rejection: EventRejection;
  raw: Uint8Array;
}

/**
 * Records a refused envelope with its reason (listed by the API) and publishes it on `<prefix>.rejected.<app>`
 * (kept by the LOG stream). Never throws for the envelope's sake: only infrastructure errors escape.
 */
@Injectable()
export class RejectionsService {
  private readonly logger = new Logger(RejectionsService.name);

  constructor(
    @InjectRepository(RejectionEntity, INGEST_CONNECTION) private readonly rejections: Repository<RejectionEntity>,
    private readonly applications: ApplicationsService,
    @Inject(NatsClients) private readonly nats: NatsClients,
  ) {}

  async record({ appRef, subject, rejection, raw }: RejectedInput): Promise<RejectionOut> {
    const app = appRef ? await this.applications.find(appRef) : null;
    const row = this.rejections.create({
      id: newRejectionId(),
      appId: app?.id ?? null,
      // Whatever the producer sent is stored as text Postgres can hold: NULs and broken UTF-16 as escapes.
      appRef: storableText(appRef),
      subject: storableText(subject),
      code: rejection.code,
      reason: storableText(rejection.reason),
      excerpt: storableText(Buffer.from(raw.subarray(0, RAW_EXCERPT_BYTES)).toString('utf8')),
      receivedAt: new Date(),
    });
    await this.rejections.insert(row);
    const out = toRejectionOut(row);
    this.logger.warn({ appId: app?.id, appRef: row.appRef, subject: row.subject, code: rejection.code, reason: row.reason, rejectionId: row.id }, 'event rejected');
    const token = app?.id ?? (row.appRef.replace(/[^A-Za-z0-9_-]/g, '_') || '_');
    await this.nats.publisher.publish(this.nats.subjects.rejected(token), JSON.stringify({ type: 'event.rejected', ...out }), {
      msgID: `rej:${row.id}`,
    });
    return out;
  }

  listForApp(appId: AppId, page: PageRequest): Promise<RejectionEntity[]> {
    return this.list(page, appId);
  }

  /** Operator view: every rejection, or only those whose app was unknown. */
  listAll(page: PageRequest, unknownAppOnly: boolean): Promise<RejectionEntity[]> {
    return this.list(page, unknownAppOnly ? null : undefined);
  }

  private list(page: PageRequest, appId: AppId | null | undefined): Promise<RejectionEntity[]> {
    const appFilter = appId === undefined ? {} : { appId: appId ?? IsNull() };
    return this.rejections.find({
      where: { ...appFilter, ...afterIterator<string>(page) },
      order: { id: page.descending ? 'DESC' : 'ASC' },
      take: page.limit + 1,
    });
  }
}

export function toRejectionOut(row: RejectionEntity): RejectionOut {
  return {
    id: row.id,
    appId: row.appId,
    app: row.appRef,
    subject: row.subject,
    code: row.code,
    reason: row.reason,
    excerpt: row.excerpt,
    receivedAt: row.receivedAt.toISOString(),
  };
}
