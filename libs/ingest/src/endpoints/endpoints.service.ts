import { ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  newEndpointId,
  type DisabledReason,
  type EndpointHeadersOut,
  type EndpointId,
  type EndpointInDto,
  type EndpointPatchDto,
  type EndpointSecretRotateInDto,
  type EndpointUpdateDto,
  type SignatureProfile,
  type SigningKeyType,
} from '@hookstream/contracts';
import { afterIterator, HookstreamConfig, LogPublisher, type PageRequest, type Principal } from '@hookstream/platform';
import { SignerClient } from '@hookstream/signer-client';
import { translateSignerError } from '../signing/signer-errors';
import type { ApplicationEntity } from '../persistence/application.entity';
import { EndpointEntity } from '../persistence/endpoint.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { EndpointCache } from './endpoint-cache';
import { EndpointEvents } from './endpoint-events';
import { assertEndpointQuota, assertWithinTokenBounds } from './endpoint-quotas';
import { assertHeadersAllowed, mergeHeaders, redactHeaders } from './endpoint-headers';
import { patchedSettings, replacedSettings, withDisabledReason } from './endpoint-settings';
import { toEndpointRecord } from './endpoint.mapper';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class EndpointsService {
  private readonly logger = new Logger(EndpointsService.name);

  constructor(
    @InjectRepository(EndpointEntity, INGEST_CONNECTION) private readonly endpoints: Repository<EndpointEntity>,
    private readonly signer: SignerClient,
    private readonly events: EndpointEvents,
    private readonly cache: EndpointCache,
    private readonly log: LogPublisher,
    private readonly config: HookstreamConfig,
  ) {}

  async create(app: ApplicationEntity, input: EndpointInDto, principal: Principal): Promise<EndpointEntity> {
    if (input.uid && (await this.endpoints.existsBy({ appId: app.id, uid: input.uid }))) {
      throw new ConflictException(`An endpoint with uid "${input.uid}" already exists`);
    }
    assertHeadersAllowed(input.headers ?? {});
    assertWithinTokenBounds(replacedSettings(input), principal, this.config.appQuotas);
    const settings = withDisabledReason({ disabled: false }, replacedSettings(input));
    const endpoint = this.endpoints.create({ id: newEndpointId(), appId: app.id, ...settings, headers: input.headers ?? {} });
    assertProfilesFitKey(endpoint.signatureProfiles, input.secret ?? undefined, input.keyType);
    // The secret exists before the endpoint does, so no delivery can be signed without it.
    await translateSignerError(() =>
      this.signer.createKey({ owner: endpoint.id, secret: input.secret ?? undefined, keyType: input.keyType }),
    );
    await this.insertWithinQuota(endpoint);
    const saved = await this.endpoints.findOneByOrFail({ id: endpoint.id });
    await this.events.changed(app, saved, 'endpoint.created');
    return saved;
  }

  /** Svix PUT: replaces the endpoint's settings. */
  update(app: ApplicationEntity, endpoint: EndpointEntity, input: EndpointUpdateDto, principal: Principal): Promise<EndpointEntity> {
    const settings = replacedSettings(input);
    assertWithinTokenBounds(settings, principal, this.config.appQuotas);
    return this.save(app, endpoint, settings);
  }

  /** Svix PATCH: changes only the fields given. */
  patch(app: ApplicationEntity, endpoint: EndpointEntity, input: EndpointPatchDto, principal: Principal): Promise<EndpointEntity> {
    const settings = patchedSettings(input);
    assertWithinTokenBounds(settings, principal, this.config.appQuotas);
    return this.save(app, endpoint, settings);
  }

  /** Counts and inserts under a per-app lock, so concurrent creates cannot pass the quota together. */
  private async insertWithinQuota(endpoint: EndpointEntity): Promise<void> {
    await this.endpoints.manager.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ingest.endpoints:${endpoint.appId}`]);
      assertEndpointQuota(await tx.countBy(EndpointEntity, { appId: endpoint.appId }), this.config.appQuotas);
      await tx.insert(EndpointEntity, endpoint);
    });
  }

  async remove(app: ApplicationEntity, endpoint: EndpointEntity): Promise<void> {
    await this.endpoints.delete({ id: endpoint.id });
    await this.events.changed(app, endpoint, 'endpoint.deleted');
  }

  headers(endpoint: EndpointEntity): EndpointHeadersOut {
    return redactHeaders(endpoint.headers);
  }

  /** Svix headers PUT (replace) and PATCH (merge, `null` removes). */
  async setHeaders(app: ApplicationEntity, endpoint: EndpointEntity, headers: Record<string, string | null>, merge: boolean): Promise<void> {
    assertHeadersAllowed(headers);
    const next = merge ? mergeHeaders(endpoint.headers, headers) : mergeHeaders({}, headers);
    await this.save(app, endpoint, { headers: next });
  }

  list(app: ApplicationEntity, page: PageRequest): Promise<EndpointEntity[]> {
    return this.endpoints.find({
      where: { appId: app.id, ...afterIterator<EndpointId>(page) },
      order: { id: page.descending ? 'DESC' : 'ASC' },
      take: page.limit + 1,
    });
  }

  async get(app: Pick<ApplicationEntity, 'id'>, idOrUid: string): Promise<EndpointEntity> {
    const endpoint = await this.endpoints.findOne({
      where: [
        { appId: app.id, id: idOrUid as EndpointId },
        { appId: app.id, uid: idOrUid },
      ],
    });
    if (!endpoint) throw new NotFoundException(`Endpoint "${idOrUid}" not found`);
    return endpoint;
  }

  /** Marks an endpoint disabled (idempotent) with why and when, and tells the log; used when the dispatcher disables it. */
  async disable(endpointId: EndpointId, reason: DisabledReason, at: Date, detail: string): Promise<void> {
    const { affected } = await this.endpoints.update({ id: endpointId, disabled: false }, { disabled: true, disabledReason: reason, disabledAt: at });
    if (!affected) return;
    const endpoint = await this.endpoints.findOneByOrFail({ id: endpointId });
    this.cache.invalidate(endpoint.appId);
    this.logger.warn({ endpointId, reason, detail }, 'endpoint disabled');
    await this.log.publish({ type: 'endpoint.upserted', endpoint: toEndpointRecord(endpoint) });
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

  private async save(app: ApplicationEntity, endpoint: EndpointEntity, requested: Partial<EndpointEntity>): Promise<EndpointEntity> {
    const changes = withDisabledReason(endpoint, requested);
    if (changes.headers) assertHeadersAllowed(changes.headers);
    if (changes.signatureProfiles?.length) {
      const asymmetric = (await this.secret(endpoint)).startsWith('whpk_');
      assertProfilesFitKey(changes.signatureProfiles, undefined, asymmetric ? 'ed25519' : 'hmac-sha256');
    }
    try {
      // update(), not merge(): merge deep-merges jsonb objects, so a removed header or metadata key would stay.
      if (Object.keys(changes).length > 0) await this.endpoints.update({ id: endpoint.id }, changes);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`An endpoint with uid "${changes.uid}" already exists`);
      throw error;
    }
    const saved = await this.endpoints.findOneByOrFail({ id: endpoint.id });
    await this.events.changed(app, saved, 'endpoint.updated');
    if (saved.disabled && !endpoint.disabled) await this.events.disabledManually(saved);
    return saved;
  }
}

/** Legacy profiles are HMACs keyed with the secret string: an ed25519 endpoint has none to give them. */
function assertProfilesFitKey(profiles: SignatureProfile[], secret: string | undefined, keyType: SigningKeyType | undefined): void {
  const asymmetric = secret !== undefined ? secret.startsWith('whsk_') : keyType === 'ed25519';
  if (asymmetric && profiles.length > 0) {
    throw new UnprocessableEntityException('signatureProfiles need a whsec_ secret; an ed25519 endpoint signs only webhook-signature (v1a)');
  }
}
