// The seeds' own receiver code (../shared/seeds 000–003), reproduced as written — only wrapped as functions
// that take what the seed's Express handler reads (raw Buffer or parsed body, header value, secret) and
// return whether the seed would accept the request. Do not "fix" them: they are what customers run.
import crypto, { createHmac, timingSafeEqual } from 'node:crypto';

/** Seed 000 (ViralSync): `x-render-signature`, hex HMAC of the raw body, `express.raw`. */
export function seed000Accepts(body: Buffer, headers: Record<string, string | string[] | undefined>, WEBHOOK_SECRET: string): boolean {
  const signature = headers['x-render-signature'] as string;
  const expected = crypto
    .createHmac('sha256', WEBHOOK_SECRET)
    .update(body)
    .digest('hex');
  if (!crypto.timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(expected, 'hex'))) {
    return false; // res.status(401).send('Invalid signature')
  }
  return true;
}

/** Seed 001 (VideoPilot): `X-VideoPilot-Signature: sha256=<hex>` over `req.body.toString()` of `express.raw`. */
export function verifyWebhook(payload: string, signature: string, secret: string): boolean {
  const hmac = crypto.createHmac('sha256', secret);
  hmac.update(payload, 'utf8');
  const expectedSignature = 'sha256=' + hmac.digest('hex');
  return crypto.timingSafeEqual(
    Buffer.from(signature),
    Buffer.from(expectedSignature)
  );
}

export function seed001Accepts(rawBody: Buffer, getHeader: (name: string) => string | undefined, secret: string): boolean {
  const signature = getHeader('X-VideoPilot-Signature') as string;
  const payload = rawBody.toString();
  const isValid = verifyWebhook(payload, signature, secret);
  return isValid;
}

/** Seed 002 (Vidiking): `express.json()`, bare hex HMAC of `JSON.stringify(req.body)`, compared with `!==`. */
export function seed002Accepts(parsedBody: unknown, headers: Record<string, string | string[] | undefined>, WEBHOOK_SECRET: string): boolean {
  const signature = headers['x-vidiking-signature'];
  const expected = crypto
    .createHmac('sha256', WEBHOOK_SECRET)
    .update(JSON.stringify(parsedBody))
    .digest('hex');
  if (signature !== expected) {
    return false; // res.status(401).send('Invalid signature')
  }
  return true;
}

/** Seed 003 (Sync): `express.json()`, `Sync-Signature: t=<unix>,v1=<hex>` over `${t}.${JSON.stringify(payload)}`. */
export const verifySignature = (payload: unknown, signature: string | undefined, secret: string): boolean => {
  try {
    if (!signature) {
      return false;
    }
    const [, timestamp, receivedSignature] =
      signature.match(/t=(\d+),v1=(.+)/) ?? [];
    if (!timestamp || !receivedSignature) {
      return false;
    }

    const expectedSignature = createHmac("sha256", secret)
      .update(`${timestamp}.${JSON.stringify(payload)}`)
      .digest("hex");

    // Timing-safe comparison to prevent timing attacks
    return timingSafeEqual(
      Buffer.from(receivedSignature),
      Buffer.from(expectedSignature)
    );
  } catch (error) {
    return false;
  }
};

export function seed003Accepts(parsedBody: unknown, headers: Record<string, string | string[] | undefined>, WEBHOOK_SECRET: string): boolean {
  const signature = headers["sync-signature"] as string | undefined;
  return verifySignature(parsedBody, signature, WEBHOOK_SECRET);
}
