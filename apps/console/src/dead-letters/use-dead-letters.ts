import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeadLetter } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';

/** Whose dead letters: one app's, or every app's (the operator's cross-app route). */
export type DeadLetterScope = { kind: 'app'; appId: string } | { kind: 'all' };

export interface DeadLetterList {
  /** Newest first: the first page, then each older page read. */
  rows: DeadLetter[];
  loading: boolean;
  error: string | null;
  hasOlder: boolean;
  reload: () => void;
  loadOlder: () => void;
}

/** The scope's dead letters, read again from the first page whenever `refreshKey` changes. */
export function useDeadLetters(api: ConsoleApi, scope: DeadLetterScope, refreshKey: number): DeadLetterList {
  const appId = scope.kind === 'app' ? scope.appId : null;
  const [rows, setRows] = useState<DeadLetter[]>([]);
  const [older, setOlder] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Only the latest read may land: a refresh must not be overwritten by a slower read it replaced.
  const generation = useRef(0);

  const load = useCallback(
    async (iterator?: string) => {
      const run = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = appId === null ? await api.deadLetters(iterator) : await api.appDeadLetters(appId, iterator);
        if (run !== generation.current) return;
        setRows((current) => (iterator ? [...current, ...page.data] : page.data));
        setOlder(page.done ? null : page.iterator);
      } catch (e) {
        if (run === generation.current) setError((e as Error).message);
      } finally {
        if (run === generation.current) setLoading(false);
      }
    },
    [api, appId],
  );

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  return {
    rows,
    loading,
    error,
    hasOlder: older !== null,
    reload: () => void load(),
    loadOlder: () => {
      if (older) void load(older);
    },
  };
}
