import { UsageError } from '../api/cli-errors';
import { collectPair, parseInteger, parseJsonObject, parseNumberList, parsePort, parseTime } from './argument-parsers';

describe('parseJsonObject', () => {
  it('reads inline JSON and @file JSON', () => {
    expect(parseJsonObject('{"jobId":"job_1"}')).toEqual({ jobId: 'job_1' });
    const files: Record<string, string> = { 'event.json': '{"status":"done"}' };
    expect(parseJsonObject('@event.json', 'payload', (path) => files[path])).toEqual({ status: 'done' });
  });

  it('rejects invalid JSON, non-objects and unreadable files with a usage error naming the option', () => {
    expect(() => parseJsonObject('{oops', '--schema')).toThrow(/--schema is not valid JSON/);
    expect(() => parseJsonObject('[1,2]')).toThrow(/must be a JSON object/);
    expect(() => parseJsonObject('"text"')).toThrow(UsageError);
    const missing = () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(() => parseJsonObject('@missing.json', 'payload', missing)).toThrow('cannot read payload file missing.json: ENOENT');
  });
});

describe('parseTime', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('reads ages in s, m, h and d before now', () => {
    expect(parseTime('90s', now).toISOString()).toBe('2026-03-01T11:58:30.000Z');
    expect(parseTime('30m', now).toISOString()).toBe('2026-03-01T11:30:00.000Z');
    expect(parseTime('2h', now).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(parseTime('1d', now).toISOString()).toBe('2026-02-28T12:00:00.000Z');
  });

  it('reads ISO 8601 and rejects anything else', () => {
    expect(parseTime('2026-01-15T10:30:00Z').toISOString()).toBe('2026-01-15T10:30:00.000Z');
    expect(() => parseTime('yesterday')).toThrow(/not a time/);
    expect(() => parseTime('5 w')).toThrow(UsageError);
  });
});

describe('number arguments', () => {
  it('accepts integers in range and rejects the rest', () => {
    expect(parsePort('4000')).toBe(4000);
    expect(() => parsePort('0')).toThrow('port must be a whole number from 1 to 65535, not "0"');
    expect(() => parsePort('70000')).toThrow(UsageError);
    expect(() => parseInteger('2.5', '--limit', 1, 250)).toThrow(/--limit/);
  });

  it('reads retry schedules, with "" meaning no retries', () => {
    expect(parseNumberList('5, 30,0.05', '--retry-schedule')).toEqual([5, 30, 0.05]);
    expect(parseNumberList('', '--retry-schedule')).toEqual([]);
    expect(() => parseNumberList('5,-1', '--retry-schedule')).toThrow(/"-1" is not a non-negative number/);
    expect(() => parseNumberList('5,,6', '--retry-schedule')).toThrow(UsageError);
  });
});

describe('collectPair', () => {
  it('collects repeated name=value options, keeping = in values', () => {
    expect(collectPair('b=2=3', collectPair('a=1'))).toEqual({ a: '1', b: '2=3' });
    expect(() => collectPair('novalue')).toThrow(/name=value/);
  });
});
