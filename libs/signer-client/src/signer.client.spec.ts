import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, of, throwError, type Observable } from 'rxjs';
import { SignerPatterns, type RpcErrorBody, type SigningKeyOwner } from '@hookstream/contracts';
import { SignerClient, SignerError } from './signer.client';

/** A transport that answers every request with `reply` and remembers what was sent. */
function transport(reply: () => Observable<unknown>): { proxy: ClientProxy; sent: Array<[string, unknown]> } {
  const sent: Array<[string, unknown]> = [];
  const proxy = {
    send: (pattern: string, data: unknown) => {
      sent.push([pattern, data]);
      return reply();
    },
    close: async () => undefined,
  };
  return { proxy: proxy as unknown as ClientProxy, sent };
}

const owner = 'ep_1' as SigningKeyOwner;

describe('SignerClient', () => {
  it("sends each call on its signer pattern and returns the signer's answer", async () => {
    const { proxy, sent } = transport(() => of({ key: 'whsec_x' }));
    await expect(new SignerClient(proxy).revealKey({ owner })).resolves.toEqual({ key: 'whsec_x' });
    expect(sent).toEqual([[SignerPatterns.revealKey, { owner }]]);
  });

  it("turns the signer's error body into a SignerError with its code", async () => {
    const body: RpcErrorBody = { status: 'error', code: 'not_found', message: 'no key for ep_1' };
    const { proxy } = transport(() => throwError(() => body));
    const failure = new SignerClient(proxy).revealKey({ owner });
    await expect(failure).rejects.toBeInstanceOf(SignerError);
    await expect(failure).rejects.toMatchObject({ code: 'not_found', message: 'no key for ep_1' });
  });

  it('reports a transport failure as unavailable, naming the pattern', async () => {
    const { proxy } = transport(() => throwError(() => new Error('no responders')));
    await expect(new SignerClient(proxy).sign({ owner, msgId: 'msg_1', timestamp: 1, body: '{}', profiles: [] })).rejects.toMatchObject({
      code: 'unavailable',
      message: `signer ${SignerPatterns.sign} failed: no responders`,
    });
  });

  it('gives up on a signer that does not answer within 5 s', async () => {
    jest.useFakeTimers();
    try {
      const { proxy } = transport(() => NEVER);
      const pending = new SignerClient(proxy).rotateKey({ owner });
      const settled = expect(pending).rejects.toMatchObject({ code: 'unavailable' });
      await jest.advanceTimersByTimeAsync(5000);
      await settled;
    } finally {
      jest.useRealTimers();
    }
  });
});
