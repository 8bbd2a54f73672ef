export { WebhookVerificationError } from './errors';
export type { HeaderSource } from './headers';
export type { Payload } from './compare';
export { verifyStandardWebhook, type StandardWebhooksOptions } from './standard-webhooks';
export { verifyHmacHex, verifyTimestamped, type TimestampedOptions } from './legacy-signatures';
