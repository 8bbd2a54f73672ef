import { Inject, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { bindingsStream, newBindingId, type BindingInDto, type BindingOut } from '@hookstream/contracts';
import { afterIterator, ensureStream, HookstreamConfig, NatsClients, type PageRequest } from '@hookstream/platform';
import { BindingEntity } from '../persistence/binding.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';

/**
 * Subject bindings (Hookstream extension): rows in `ingest.bindings`, and the BINDINGS stream whose subjects
 * are exactly the bound subjects, so JetStream captures what platform services publish there (core NATS or
 * JetStream publishes alike). A subject another stream already captures cannot be bound (422).
 */
@Injectable()
export class BindingsService {
  private readonly logger = new Logger(BindingsService.name);

  constructor(
    @InjectRepository(BindingEntity, INGEST_CONNECTION) private readonly bindings: Repository<BindingEntity>,
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly config: HookstreamConfig,
  ) {}

  async create(input: BindingInDto): Promise<BindingEntity> {
    const binding = this.bindings.create({ id: newBindingId(), ...fields(input) });
    await this.bindings.insert(binding);
    await this.syncOrUndo(() => this.bindings.delete({ id: binding.id }));
    return this.get(binding.id);
  }

  async replace(id: string, input: BindingInDto): Promise<BindingEntity> {
    const previous = await this.get(id);
    await this.bindings.update({ id }, fields(input));
    await this.syncOrUndo(() => this.bindings.update({ id }, fields(previous)));
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.bindings.delete({ id: (await this.get(id)).id });
    await this.syncStream();
  }

  list(page: PageRequest): Promise<BindingEntity[]> {
    return this.bindings.find({ where: afterIterator<string>(page), order: { id: page.descending ? 'DESC' : 'ASC' }, take: page.limit + 1 });
  }

  /** Every binding, oldest first: the first whose subject matches a message wins. */
  all(): Promise<BindingEntity[]> {
    return this.bindings.find({ order: { id: 'ASC' } });
  }

  async get(id: string): Promise<BindingEntity> {
    const binding = await this.bindings.findOneBy({ id });
    if (!binding) throw new NotFoundException(`Binding "${id}" not found`);
    return binding;
  }

  /** Makes the BINDINGS stream capture exactly the bound subjects; idempotent, run at start-up and on change. */
  async syncStream(): Promise<void> {
    const subjects = [...new Set((await this.all()).map((binding) => binding.subject))];
    await ensureStream(this.nats.jsm, bindingsStream(this.nats.subjects, subjects, this.config.streamReplicas));
  }

  private async syncOrUndo(undo: () => Promise<unknown>): Promise<void> {
    try {
      await this.syncStream();
    } catch (error) {
      await undo();
      const reason = (error as Error).message;
      this.logger.warn({ err: error }, 'binding refused by JetStream');
      throw new UnprocessableEntityException(`JetStream refused the bound subjects (another stream may capture them): ${reason}`);
    }
  }
}

function fields(input: BindingInDto | BindingEntity): Partial<BindingEntity> {
  return {
    subject: input.subject,
    eventType: input.eventType,
    appIdPointer: input.appIdPointer,
    eventIdPointer: input.eventIdPointer ?? null,
    payloadPointer: input.payloadPointer ?? '',
    description: input.description ?? '',
  };
}

export function toBindingOut(binding: BindingEntity): BindingOut {
  return {
    id: binding.id,
    subject: binding.subject,
    eventType: binding.eventType,
    appIdPointer: binding.appIdPointer,
    eventIdPointer: binding.eventIdPointer,
    payloadPointer: binding.payloadPointer,
    description: binding.description,
    createdAt: binding.createdAt.toISOString(),
    updatedAt: binding.updatedAt.toISOString(),
  };
}
