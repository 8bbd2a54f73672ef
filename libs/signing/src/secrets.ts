import { randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret as Svix makes them: `whsec_` + base64 of 24 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

/** Svix accepts user secrets with or without the prefix; Hookstream stores and shows them with it. */
export function normalizeSecret(secret: string): string {
  return secret.startsWith(SECRET_PREFIX) ? secret : SECRET_PREFIX + secret;
}

/** Standard Webhooks signs with the base64-decoded bytes after `whsec_`. */
export function standardWebhooksKeyBytes(secret: string): Buffer {
  return Buffer.from(normalizeSecret(secret).slice(SECRET_PREFIX.length), 'base64');
}

/** Svix's rule: the decoded secret must be 24 to 75 bytes. */
export function isAcceptableSecret(secret: string): boolean {
  const body = normalizeSecret(secret).slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/=]+$/.test(body)) return false;
  const length = Buffer.from(body, 'base64').length;
  return length >= 24 && length <= 75;
}
