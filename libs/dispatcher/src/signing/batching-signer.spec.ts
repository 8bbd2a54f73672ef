import type { SignBatchRequest, SignBatchResponse, SignRequest } from '@hookstream/contracts';
import type { SignerClient } from '@hookstream/signer-client';
import { BatchingSigner, MAX_BATCH } from './batching-signer';

/** Records the batches it is sent and signs each request by echoing its msgId; `missing` ones fail. */
class RecordingSigner {
  readonly batches: SignRequest[][] = [];
  async signBatch({ requests }: SignBatchRequest): Promise<SignBatchResponse> {
    this.batches.push(requests);
    return {
      results: requests.map((r) =>
        r.msgId === 'missing' ? { error: { status: 'error', code: 'not_found', message: 'no key' } } : { headers: { 'webhook-id': r.msgId } },
      ),
    };
  }
}

const request = (msgId: string): SignRequest => ({ owner: 'ep_1' as SignRequest['owner'], msgId, timestamp: 1, body: '{}', profiles: [] });

describe('BatchingSigner', () => {
  it('sends the requests of one turn in one batch and answers each in order', async () => {
    const recording = new RecordingSigner();
    const signer = new BatchingSigner(recording as unknown as SignerClient);
    const answers = await Promise.all(['a', 'b', 'c'].map((id) => signer.sign(request(id))));
    expect(recording.batches).toHaveLength(1);
    expect(answers.map((a) => a.headers['webhook-id'])).toEqual(['a', 'b', 'c']);
  });

  it('splits at the batch size', async () => {
    const recording = new RecordingSigner();
    const signer = new BatchingSigner(recording as unknown as SignerClient);
    await Promise.all(Array.from({ length: MAX_BATCH + 1 }, (_, n) => signer.sign(request(String(n)))));
    expect(recording.batches.map((b) => b.length)).toEqual([MAX_BATCH, 1]);
  });

  it('fails only the request the signer could not sign', async () => {
    const signer = new BatchingSigner(new RecordingSigner() as unknown as SignerClient);
    const [ok, missing] = await Promise.allSettled([signer.sign(request('a')), signer.sign(request('missing'))]);
    expect(ok.status).toBe('fulfilled');
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
  });
});
