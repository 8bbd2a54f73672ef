import type { NextFunction, Request, Response } from 'express';
import { unstorableJson } from '@hookstream/contracts';

/**
 * Refuses (422) a request whose path, query or JSON body holds what no store can keep — a NUL, a lone surrogate,
 * JSON nested past the limit — before any handler runs, so every route answers it the same way instead of
 * failing in Postgres with a 500.
 */
export function rejectUnstorableRequests(request: Request, response: Response, next: NextFunction): void {
  const problem = unstorableJson(safeDecode(request.path), 'path') ?? unstorableJson(request.query, 'query') ?? unstorableJson(request.body, 'body');
  if (!problem) return next();
  response.status(422).json({ code: 'validation', detail: problem });
}

interface BodyParserError {
  status?: number;
  type?: string;
  message?: string;
}

/**
 * Answers the JSON body parser's refusals in the API's error shape: 413 over the size limit, 400 for JSON that
 * does not parse, 415 for an unknown charset. Anything else goes on to Nest's handling.
 */
export function answerBodyParserErrors(error: BodyParserError, _request: Request, response: Response, next: NextFunction): void {
  const status = error?.status;
  if (!status || status >= 500 || !error.type) return next(error);
  const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
  const detail = status === 413 ? 'Request body is larger than the 1 MB the API accepts' : `Request body could not be read: ${error.message ?? error.type}`;
  response.status(status).json({ code, detail });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
