import { useState } from 'react';
import type { DeadLetter } from '../api/api-types';

interface Props {
  deadLetter: DeadLetter;
  /** Across apps, each row says whose it is. */
  showApp: boolean;
}

/** One dead letter: who gave up, when, after how many deliveries and why; opened, where it came from and its excerpt. */
export function DeadLetterRow({ deadLetter, showApp }: Props) {
  const [open, setOpen] = useState(false);
  const columns = showApp ? 6 : 5;
  return (
    <>
      <tr data-dead-letter={deadLetter.id}>
        <td className="small nowrap">{new Date(deadLetter.recordedAt).toLocaleString()}</td>
        {showApp && <td className="mono small">{deadLetter.appId ?? <span className="muted">no app</span>}</td>}
        <td className="mono small">{deadLetter.consumer}</td>
        <td className="num">{deadLetter.deliveries}</td>
        <td className="small reason">{deadLetter.reason}</td>
        <td><button onClick={() => setOpen(!open)} aria-expanded={open}>{open ? 'Hide' : 'Excerpt'}</button></td>
      </tr>
      {open && (
        <tr className="detail-row">
          <td colSpan={columns}>
            <p className="muted small mono">{deadLetter.subject} · {deadLetter.stream} #{deadLetter.streamSeq} · {deadLetter.id}</p>
            <pre className="excerpt">{deadLetter.excerpt || '(empty message)'}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
