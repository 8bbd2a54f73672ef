export { SignerModule, SIGNER_DATABASE } from './signer.module';
export { SignerClientModule } from './client/signer-client.module';
export { SignerClient, SignerError } from './client/signer.client';
export { reencryptSigningKeys } from './reencryption/reencrypt-signing-keys';
export { SecretCipher } from './encryption/secret-cipher';
export { MAX_OLD_KEYS } from './keys/key-store';
