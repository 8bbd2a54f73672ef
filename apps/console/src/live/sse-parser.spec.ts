import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('yields an event only once its blank line has arrived, across chunk boundaries', () => {
    const parser = new SseParser();
    expect(parser.push('event: status\ndata: {"msgId":')).toEqual([]);
    expect(parser.push('"msg_1"}\n\nevent: sta')).toEqual([{ event: 'status', data: '{"msgId":"msg_1"}' }]);
    expect(parser.push('tus\r\ndata: {}\r\n\r\n')).toEqual([{ event: 'status', data: '{}' }]);
  });

  it('joins data lines, defaults the name to message and skips comments and empty events', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\ndata: a\ndata: b\nid: 7\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
