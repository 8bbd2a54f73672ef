import { readFileSync } from 'node:fs';
import { UsageError } from '../api/cli-errors';

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--payload '{"a":1}'` or `--payload @event.json`: a JSON object. */
export function parseJsonObject(value: string, what = 'payload', readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): Record<string, unknown> {
  const text = value.startsWith('@') ? readPayloadFile(value.slice(1), what, readFile) : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${what} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

function readPayloadFile(path: string, what: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** `--since 2h` (2 hours before now; s, m, h, d) or an ISO 8601 date/time. */
export function parseTime(value: string, now = new Date()): Date {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * DURATION_UNITS[relative[2]]);
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`"${value}" is not a time: use an ISO 8601 date (2026-01-15T10:30:00Z) or an age like 30m, 2h, 1d`);
  }
  return date;
}

export function parseInteger(value: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}

export function parsePort(value: string): number {
  return parseInteger(value, 'port', 1, 65_535);
}

/** `5,30,300`: a retry schedule in seconds (`[]` from an empty string: no retries). */
export function parseNumberList(value: string, what: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const number = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(number) || number < 0) throw new UsageError(`${what}: "${part}" is not a non-negative number`);
    return number;
  });
}

/** `a,b,c` → ['a','b','c'], blanks dropped. */
export function parseList(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** Repeated `--header name=value` (commander's collect callback). */
export function collectPair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const equals = value.indexOf('=');
  if (equals <= 0) throw new UsageError(`"${value}" must look like name=value`);
  return { ...previous, [value.slice(0, equals).trim()]: value.slice(equals + 1) };
}

/** Repeated options collected into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
