import { BadRequestException, Logger, type ArgumentsHost } from '@nestjs/common';
import { SvixExceptionFilter } from './svix-exception.filter';

interface Answer {
  status?: number;
  body?: unknown;
}

function httpHost(request: { method: string; path: string }, answer: Answer): ArgumentsHost {
  const response = {
    status(code: number) {
      answer.status = code;
      return this;
    },
    json(body: unknown) {
      answer.body = body;
    },
  };
  const http = { getRequest: () => request, getResponse: () => response, getNext: () => undefined };
  return { getType: () => 'http', switchToHttp: () => http } as unknown as ArgumentsHost;
}

describe('SvixExceptionFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers a client error with its code and detail', () => {
    const answer: Answer = {};
    new SvixExceptionFilter().catch(new BadRequestException('iterator is malformed'), httpHost({ method: 'GET', path: '/api/v1/app' }, answer));
    expect(answer).toEqual({ status: 400, body: { code: 'bad_request', detail: 'iterator is malformed' } });
  });

  it('hides an unhandled error behind an id, and logs the cause with that id and the route it broke', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const answer: Answer = {};
    const cause = new Error('relation "ingest.applications" does not exist');
    new SvixExceptionFilter().catch(cause, httpHost({ method: 'POST', path: '/api/v1/app' }, answer));

    expect(answer.status).toBe(500);
    const detail = (answer.body as { detail: string }).detail;
    expect(detail).not.toContain('relation');
    const [fields] = logged.mock.calls[0] as [{ err: unknown; errorId: string; method: string; path: string }];
    expect(fields).toEqual({ err: cause, errorId: expect.any(String), method: 'POST', path: '/api/v1/app' });
    expect(detail).toBe(`Internal error; reference ${fields.errorId}`);
  });
});
