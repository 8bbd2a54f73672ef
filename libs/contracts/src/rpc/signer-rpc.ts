import type { SignatureProfile, SigningKeyOwner } from '../tasks/delivery-task';

/** Signer request/reply patterns, relative to `Subjects.rpc()` (the NATS transport adds the prefix). */
export const SignerPatterns = {
  createKey: 'signer.keys.create',
  revealKey: 'signer.keys.reveal',
  sign: 'signer.sign',
} as const;

export interface CreateKeyRequest {
  owner: SigningKeyOwner;
  /** A user-supplied `whsec_` secret; the signer generates one when absent. */
  secret?: string;
}

export interface RevealKeyRequest {
  owner: SigningKeyOwner;
}

export interface RevealKeyResponse {
  key: string;
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

/** Error reply of any RPC: Nest's RpcException payload. */
export interface RpcErrorBody {
  status: 'error';
  code: 'not_found' | 'invalid' | 'internal';
  message: string;
}
