import { ApiException } from 'svix';

/** The HTTP status a `svix` client call ended with: 200 when it resolved, the API's status when it threw. */
export async function svixStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}
