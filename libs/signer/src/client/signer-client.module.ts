import { Module } from '@nestjs/common';
import { HookstreamConfig, natsTransportOptions, PrefixedNatsClient } from '@hookstream/platform';
import { Subjects } from '@hookstream/contracts';
import { SIGNER_TRANSPORT, SignerClient } from './signer.client';

/** Import to talk to the signer over NATS request/reply. */
@Module({
  providers: [
    {
      provide: SIGNER_TRANSPORT,
      inject: [HookstreamConfig],
      useFactory: (config: HookstreamConfig) =>
        new PrefixedNatsClient(new Subjects(config.prefix), natsTransportOptions(config)),
    },
    SignerClient,
  ],
  exports: [SignerClient],
})
export class SignerClientModule {}
