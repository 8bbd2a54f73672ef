import { SecretCipher } from './secret-cipher';

/**
 * The master key that seals new rows, plus the previous one (HOOKSTREAM_MASTER_KEY_PREVIOUS) during a master
 * key change, so rows not yet resealed still open. Each row names the key that sealed it.
 */
export class MasterKeyring {
  readonly current: SecretCipher;
  private readonly byId = new Map<string, SecretCipher>();

  constructor(currentKey: Buffer, previousKey: Buffer | null = null) {
    this.current = new SecretCipher(currentKey);
    this.byId.set(this.current.keyId, this.current);
    if (previousKey) {
      const previous = new SecretCipher(previousKey);
      if (!this.byId.has(previous.keyId)) this.byId.set(previous.keyId, previous);
    }
  }

  open(sealed: Buffer, owner: string, masterKeyId: string): string {
    const cipher = this.byId.get(masterKeyId);
    if (!cipher) {
      throw new Error(
        `signing key of ${owner} is sealed with master key ${masterKeyId}, which is neither HOOKSTREAM_MASTER_KEY ` +
          `(${this.current.keyId}) nor HOOKSTREAM_MASTER_KEY_PREVIOUS`,
      );
    }
    try {
      return cipher.open(sealed, owner);
    } catch {
      throw new Error(`signing key of ${owner} does not open with master key ${masterKeyId} (tampered row or wrong owner)`);
    }
  }
}
