import { ClientNats, ServerNats, type MsPattern, type NatsOptions } from '@nestjs/microservices';
import type { Subjects } from '@hookstream/contracts';

/**
 * Nest's NATS transport with every pattern placed under `<prefix>.rpc.` so that installations (and test runs)
 * sharing one NATS never answer each other's requests. Handlers keep relative patterns such as `signer.sign`.
 */
export class PrefixedNatsServer extends ServerNats {
  constructor(
    private readonly subjects: Subjects,
    options: Required<NatsOptions>['options'],
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: MsPattern): string {
    const subject = super.normalizePattern(pattern);
    const absolutePrefix = this.subjects.rpc('');
    return subject.startsWith(absolutePrefix) ? subject : this.subjects.rpc(subject);
  }
}

export class PrefixedNatsClient extends ClientNats {
  constructor(
    private readonly subjects: Subjects,
    options: Required<NatsOptions>['options'],
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: MsPattern): string {
    return this.subjects.rpc(super.normalizePattern(pattern));
  }
}
