import { ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  newEndpointId,
  type AppId,
  type EndpointId,
  type EndpointInDto,
  type EndpointSecretRotateInDto,
  type SignatureProfile,
  type SigningKeyType,
} from '@hookstream/contracts';
import { afterIterator, LogPublisher, type PageRequest } from '@hookstream/platform';
import { SignerClient } from '@hookstream/signer';
import { translateSignerError } from '../signing/signer-errors';
import type { ApplicationEntity } from '../persistence/application.entity';
import { EndpointEntity } from '../persistence/endpoint.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { toEndpointRecord } from './endpoint.mapper';

@Injectable()
export class EndpointsService {
  private readonly logger = new Logger(EndpointsService.name);

  constructor(
    @InjectRepository(EndpointEntity, INGEST_CONNECTION) private readonly endpoints: Repository<EndpointEntity>,
    private readonly signer: SignerClient,
    private readonly log: LogPublisher,
  ) {}

  async create(app: ApplicationEntity, input: EndpointInDto): Promise<EndpointEntity> {
    if (input.uid && (await this.endpoints.existsBy({ appId: app.id, uid: input.uid }))) {
      throw new ConflictException(`An endpoint with uid "${input.uid}" already exists`);
    }
    const endpoint = this.endpoints.create({
      id: newEndpointId(),
      appId: app.id,
      uid: input.uid ?? null,
      url: input.url,
      description: input.description ?? '',
      version: input.version ?? 1,
      disabled: input.disabled ?? false,
      filterTypes: input.filterTypes ?? null,
      channels: input.channels ?? null,
      rateLimit: input.rateLimit ?? input.throttleRate ?? null,
      metadata: input.metadata ?? {},
      headers: input.headers ?? {},
      retrySchedule: input.retrySchedule ?? null,
      timeoutMs: input.timeoutMs ?? null,
      signatureProfiles: input.signatureProfiles ?? [],
      maxConcurrency: input.maxConcurrency ?? null,
    });
    assertProfilesFitKey(endpoint.signatureProfiles, input.secret ?? undefined, input.keyType);
    // The secret exists before the endpoint does, so no delivery can be signed without it.
    await translateSignerError(() =>
      this.signer.createKey({ owner: endpoint.id, secret: input.secret ?? undefined, keyType: input.keyType }),
    );
    await this.endpoints.insert(endpoint);
    const saved = await this.endpoints.findOneByOrFail({ id: endpoint.id });
    await this.log.publish({ type: 'endpoint.upserted', endpoint: toEndpointRecord(saved) });
    return saved;
  }

  list(app: ApplicationEntity, page: PageRequest): Promise<EndpointEntity[]> {
    return this.endpoints.find({
      where: { appId: app.id, ...afterIterator<EndpointId>(page) },
      order: { id: page.descending ? 'DESC' : 'ASC' },
      take: page.limit + 1,
    });
  }

  async get(app: ApplicationEntity, idOrUid: string): Promise<EndpointEntity> {
    const endpoint = await this.endpoints.findOne({
      where: [
        { appId: app.id, id: idOrUid as EndpointId },
        { appId: app.id, uid: idOrUid },
      ],
    });
    if (!endpoint) throw new NotFoundException(`Endpoint "${idOrUid}" not found`);
    return endpoint;
  }

  /** Marks an endpoint disabled (idempotent) and tells the log; used when the dispatcher disables it. */
  async disable(endpointId: EndpointId, reason: string): Promise<void> {
    const { affected } = await this.endpoints.update({ id: endpointId, disabled: false }, { disabled: true });
    if (!affected) return;
    const endpoint = await this.endpoints.findOneByOrFail({ id: endpointId });
    this.logger.warn({ endpointId, reason }, 'endpoint disabled');
    await this.log.publish({ type: 'endpoint.upserted', endpoint: toEndpointRecord(endpoint) });
  }

  /** All endpoints of an app, for matching an event. */
  forApp(appId: AppId): Promise<EndpointEntity[]> {
    return this.endpoints.find({ where: { appId }, order: { id: 'ASC' } });
  }

  /** The `whsec_` secret, or the `whpk_` public key of an ed25519 endpoint (as Svix shows it). */
  async secret(endpoint: EndpointEntity): Promise<string> {
    const { key } = await translateSignerError(() => this.signer.revealKey({ owner: endpoint.id }));
    return key;
  }

  /** Svix's rotate: a new newest key; the old ones keep signing through the grace period. */
  async rotateSecret(endpoint: EndpointEntity, input: EndpointSecretRotateInDto): Promise<void> {
    assertProfilesFitKey(endpoint.signatureProfiles, input.key ?? undefined, input.keyType);
    await translateSignerError(() =>
      this.signer.rotateKey({ owner: endpoint.id, key: input.key ?? undefined, keyType: input.keyType, graceSeconds: input.graceSeconds }),
    );
  }
}

/** Legacy profiles are HMACs keyed with the secret string: an ed25519 endpoint has none to give them. */
function assertProfilesFitKey(profiles: SignatureProfile[], secret: string | undefined, keyType: SigningKeyType | undefined): void {
  const asymmetric = secret !== undefined ? secret.startsWith('whsk_') : keyType === 'ed25519';
  if (asymmetric && profiles.length > 0) {
    throw new UnprocessableEntityException('signatureProfiles need a whsec_ secret; an ed25519 endpoint signs only webhook-signature (v1a)');
  }
}
