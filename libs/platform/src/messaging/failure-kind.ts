import { HttpException } from '@nestjs/common';

/**
 * Whether a handler failed because something it depends on is unreachable or overloaded (Postgres down, NATS
 * timing out), rather than because of the message itself. An outage must only delay work, however long it lasts;
 * any other failure repeats on every delivery, so its message is dead-lettered after a few.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  if (error instanceof HttpException) return INFRASTRUCTURE_HTTP_STATUSES.has(error.getStatus());
  const code = codeOf(error);
  if (code !== undefined) {
    if (SQLSTATE.test(code)) return INFRASTRUCTURE_SQLSTATE_CLASSES.has(code.slice(0, 2));
    if (INFRASTRUCTURE_CODES.has(code)) return true;
  }
  return INFRASTRUCTURE_MESSAGE.test(messageOf(error));
}

const INFRASTRUCTURE_HTTP_STATUSES = new Set([502, 503, 504]);

/** Postgres error classes: connection exception, insufficient resources, operator intervention, system error, rollback (deadlock, serialization). */
const INFRASTRUCTURE_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58', '40']);
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Node's socket and DNS errors, and nats.js's codes for a timeout, no responders and a closed connection. */
const INFRASTRUCTURE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TIMEOUT',
  '503',
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'CONNECTION_REFUSED',
  'DISCONNECT',
]);

/** What pg, TypeORM and our reply inbox say when a connection or a reply is lost (they set no code). */
const INFRASTRUCTURE_MESSAGE = /connection terminated|timeout exceeded when trying to connect|connection closed|no reply on|Connection is not established|pool is probably full|cannot use a pool after calling end/i;

function codeOf(error: unknown): string | undefined {
  const candidates = [error, (error as { driverError?: unknown })?.driverError, (error as { cause?: unknown })?.cause];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && code.length > 0) return code;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
