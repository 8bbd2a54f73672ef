import type { IncomingHttpHeaders } from 'node:http';
import type { SignatureProfile } from '@hookstream/contracts';
import { verifyHmacHex, verifyStandardWebhook, verifyTimestamped, WebhookVerificationError } from '@hookstream/verify';

export interface SignatureCheck {
  /** `standard-webhooks`, `hmac-hex` or `timestamped`. */
  scheme: string;
  header: string;
  ok: boolean;
  /** Why it failed (never which secret was tried). */
  reason?: string;
}

export interface CheckOptions {
  /** Secrets to try: `whsec_…` (v1, and the legacy profiles' key) or `whpk_…` (v1a). Several during a rotation. */
  secrets: string[];
  profiles: SignatureProfile[];
  now?: number;
}

/**
 * Every signature a webhook should carry, checked with the verify lib customers use: Standard Webhooks always,
 * plus each legacy profile the endpoint is configured with. A check passes when any of the secrets verifies it.
 */
export function checkSignatures(body: Buffer, headers: IncomingHttpHeaders, options: CheckOptions): SignatureCheck[] {
  const standard = attempt(() => verifyStandardWebhook(body, headers, options.secrets, { now: options.now }));
  const checks: SignatureCheck[] = [{ scheme: 'standard-webhooks', header: 'webhook-signature', ...standard }];
  for (const profile of options.profiles) {
    const value = headerValue(headers, profile.header);
    const hmacKeys = options.secrets.filter((secret) => !secret.startsWith('whpk_'));
    const results = hmacKeys.map((secret) =>
      attempt(() =>
        profile.type === 'hmac-hex'
          ? verifyHmacHex(body, value, secret, { prefix: profile.prefix })
          : verifyTimestamped(body, value, secret, { now: options.now }),
      ),
    );
    const passed = results.find((result) => result.ok) ?? results[0] ?? { ok: false, reason: 'no whsec_ secret to check it with' };
    checks.push({ scheme: profile.type, header: profile.header.toLowerCase(), ...passed });
  }
  return checks;
}

function attempt(verify: () => void): { ok: boolean; reason?: string } {
  try {
    verify();
    return { ok: true };
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, reason: error.message };
    throw error;
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
