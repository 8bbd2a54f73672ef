import { useEffect, useState } from 'react';
import type { LiveStatus } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { followLiveStatus } from './live-status-feed';

const KEPT = 30;
const RECONNECT_MS = 3000;

export interface LiveStatusState {
  /** Newest first, at most 30. */
  events: LiveStatus[];
  state: 'connecting' | 'live' | 'offline';
}

/** The app's live status stream while mounted; reconnects after a drop. */
export function useLiveStatus(api: ConsoleApi, app: string): LiveStatusState {
  const [events, setEvents] = useState<LiveStatus[]>([]);
  const [state, setState] = useState<LiveStatusState['state']>('connecting');

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    setEvents([]);
    const connect = () => {
      setState('connecting');
      followLiveStatus(api, app, abort.signal, {
        onOpen: () => setState('live'),
        onStatus: (status) => setEvents((current) => [status, ...current].slice(0, KEPT)),
      }).then(scheduleReconnect, scheduleReconnect);
    };
    const scheduleReconnect = () => {
      if (abort.signal.aborted) return;
      setState('offline');
      retry = setTimeout(connect, RECONNECT_MS);
    };
    connect();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [api, app]);

  return { events, state };
}
