import { describe, expect, it } from 'vitest';
import type { LiveStatus } from '../api/api-types';
import { ConsoleApi } from '../api/console-api';
import { followLiveStatus } from './live-status-feed';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(encoder.encode(chunk)));
      controller.close();
    },
  });
}

describe('followLiveStatus', () => {
  it('opens the app stream with the token and reports each status event', async () => {
    const requests: Array<{ url: string; authorization: string | null }> = [];
    const api = new ConsoleApi('hsat_x.y', async (url, init) => {
      requests.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response(streamOf(['event: status\ndata: {"msgId":"msg_1","endpointId":"ep_1","statusText":"sen', 'ding"}\n\n: ping\n\n', 'event: status\ndata: {"msgId":"msg_1","endpointId":"ep_1","statusText":"success"}\n\n']), { status: 200 });
    });
    const seen: LiveStatus[] = [];
    let opened = 0;
    await followLiveStatus(api, 'app_1', new AbortController().signal, { onOpen: () => opened++, onStatus: (s) => seen.push(s) });

    expect(requests).toEqual([{ url: '/api/v1/app/app_1/events/stream', authorization: 'Bearer hsat_x.y' }]);
    expect(opened).toBe(1);
    expect(seen.map((s) => s.statusText)).toEqual(['sending', 'success']);
  });

  it('rejects when the API refuses the stream', async () => {
    const api = new ConsoleApi('bad', async () => new Response(JSON.stringify({ code: 'authentication_failed', detail: 'Invalid or missing bearer token' }), { status: 401 }));
    await expect(followLiveStatus(api, 'app_1', new AbortController().signal, { onOpen: () => undefined, onStatus: () => undefined })).rejects.toThrow('401: Invalid or missing bearer token');
  });
});
