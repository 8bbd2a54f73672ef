import type { SignatureProfile, SigningKeyOwner } from '../tasks/delivery-task';

/** Signer request/reply patterns, relative to `Subjects.rpc()` (the NATS transport adds the prefix). */
export const SignerPatterns = {
  createKey: 'signer.keys.create',
  revealKey: 'signer.keys.reveal',
  sign: 'signer.sign',
  rotateKey: 'signer.keys.rotate',
  signBatch: 'signer.signBatch',
} as const;

/** `hmac-sha256` (`whsec_`, Standard Webhooks `v1`) or `ed25519` (`whsk_`, `v1a`). */
export type SigningKeyType = 'hmac-sha256' | 'ed25519';

export interface CreateKeyRequest {
  owner: SigningKeyOwner;
  /** A user-supplied `whsec_` or `whsk_` secret; the signer generates one when absent. */
  secret?: string;
  /** Type of a generated key (default `hmac-sha256`); ignored when `secret` is given. */
  keyType?: SigningKeyType;
}

/**
 * Makes a new key the owner's newest. The keys signing until now expire after `graceSeconds` (default: the
 * signer's HOOKSTREAM_ROTATION_GRACE_SECONDS, 24 h); at most 10 old keys stay unexpired.
 */
export interface RotateKeyRequest {
  owner: SigningKeyOwner;
  /** A user-supplied `whsec_` or `whsk_` secret; generated when absent. */
  key?: string;
  /** Type of a generated key; defaults to the type of the owner's current key. */
  keyType?: SigningKeyType;
  graceSeconds?: number;
}

export interface RevealKeyRequest {
  owner: SigningKeyOwner;
}

export interface RevealKeyResponse {
  /** The `whsec_` secret, or for an ed25519 key only its `whpk_` public key. */
  key: string;
  keyType?: SigningKeyType;
}

export interface SignRequest {
  owner: SigningKeyOwner;
  msgId: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  body: string;
  profiles: SignatureProfile[];
}

export interface SignResponse {
  headers: Record<string, string>;
}

/** Many sign requests in one round trip; answers come back in request order, each signed or failed alone. */
export interface SignBatchRequest {
  requests: SignRequest[];
}

export type SignBatchItem = { headers: Record<string, string> } | { error: RpcErrorBody };

export interface SignBatchResponse {
  results: SignBatchItem[];
}

/** Published on core NATS (`Subjects.signerKeysChanged()`) after any key write, so every signer drops its cache. */
export interface SignerKeysChanged {
  owner: SigningKeyOwner;
}

/** Error reply of any RPC: Nest's RpcException payload. */
export interface RpcErrorBody {
  status: 'error';
  code: 'not_found' | 'invalid' | 'internal';
  message: string;
}
