import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HookstreamConfig, prepareServiceDatabase, secretOf, ReadinessRegistry, serviceDataSourceOptions } from '@hookstream/platform';
import { KeyCache } from './keys/key-cache';
import { KeyChangeBus } from './keys/key-change-bus';
import { KeyStore, SIGNER_CONNECTION } from './keys/key-store';
import { reencryptSigningKeys } from './reencryption/reencrypt-signing-keys';
import { CreateSigningKeys1763900000000 } from './persistence/migrations/1763900000000-create-signing-keys';
import { SigningKeyEntity } from './persistence/signing-key.entity';
import { SignerRpcController } from './rpc/signer-rpc.controller';

export const SIGNER_DATABASE = {
  schema: SIGNER_CONNECTION,
  entities: [SigningKeyEntity],
  migrations: [CreateSigningKeys1763900000000],
};

/** The signer: sole holder of signing secrets, answering over NATS request/reply (serve with rpcQueue 'signer'). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: SIGNER_CONNECTION,
      inject: [HookstreamConfig],
      useFactory: (config: HookstreamConfig) => serviceDataSourceOptions(config.databaseUrl, SIGNER_DATABASE),
    }),
    TypeOrmModule.forFeature([SigningKeyEntity], SIGNER_CONNECTION),
  ],
  controllers: [SignerRpcController],
  providers: [KeyStore, KeyCache, KeyChangeBus],
})
export class SignerModule implements OnModuleInit {
  private readonly logger = new Logger(SignerModule.name);

  constructor(
    @InjectDataSource(SIGNER_CONNECTION) private readonly dataSource: DataSource,
    private readonly config: HookstreamConfig,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await prepareServiceDatabase(this.dataSource, SIGNER_CONNECTION, this.config, this.readiness);
    const masterKeys = secretOf(this.config, 'masterKeys');
    if (masterKeys.previous) {
      // A master key change: reseal what the previous key sealed. Rows left behind (a crash) still open.
      const resealed = await reencryptSigningKeys(this.dataSource, masterKeys.previous, masterKeys.current);
      this.logger.log(`resealed ${resealed} signing keys under the current master key`);
    }
  }
}
