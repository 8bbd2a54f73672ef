export { SignerModule, SIGNER_DATABASE } from './signer.module';
export { reencryptSigningKeys } from './reencryption/reencrypt-signing-keys';
export { SecretCipher } from './encryption/secret-cipher';
export { MAX_OLD_KEYS } from './keys/key-store';
