import type { SignatureProfile } from '@hookstream/contracts';
import { UsageError } from '../api/cli-errors';

/**
 * `hmac-hex:<header>[:<prefix>]` or `timestamped:<header>`, e.g. `hmac-hex:X-VideoPilot-Signature:sha256=`:
 * the endpoint's extra signature profiles, written the way they are typed on a command line.
 */
export function parseSignatureProfile(value: string): SignatureProfile {
  const [type, header, ...rest] = value.split(':');
  if (!header) throw new UsageError(`signature profile "${value}" must look like hmac-hex:<header>[:<prefix>] or timestamped:<header>`);
  if (type === 'hmac-hex') return rest.length > 0 ? { type, header, prefix: rest.join(':') } : { type, header };
  if (type === 'timestamped' && rest.length === 0) return { type, header };
  throw new UsageError(`signature profile "${value}": the type is hmac-hex or timestamped (timestamped takes no prefix)`);
}

/** Repeated `--signature-profile` (commander's collect callback). */
export function collectSignatureProfile(value: string, previous: SignatureProfile[] = []): SignatureProfile[] {
  return [...previous, parseSignatureProfile(value)];
}

export function describeSignatureProfile(profile: SignatureProfile): string {
  return profile.type === 'hmac-hex' && profile.prefix ? `hmac-hex:${profile.header}:${profile.prefix}` : `${profile.type}:${profile.header}`;
}
