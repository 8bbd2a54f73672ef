import { Module } from '@nestjs/common';
import { HookstreamConfig, NatsClients, natsTransportOptions, PrefixedNatsClient } from '@hookstream/platform';
import { Subjects } from '@hookstream/contracts';
import { SIGNER_TRANSPORT, SignerClient } from './signer.client';

/** Import to talk to the signer over NATS request/reply. */
@Module({
  providers: [
    {
      provide: SIGNER_TRANSPORT,
      inject: [HookstreamConfig, NatsClients],
      useFactory: (config: HookstreamConfig, nats: NatsClients) =>
        new PrefixedNatsClient(new Subjects(config.prefix), natsTransportOptions(config), nats.connection),
    },
    SignerClient,
  ],
  exports: [SignerClient],
})
export class SignerClientModule {}
