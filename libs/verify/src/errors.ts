/** Thrown when a webhook does not verify. The message says why, never which secret was tried. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}
