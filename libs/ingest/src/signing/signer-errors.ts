import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { SignerError } from '@hookstream/signer-client';

/** Runs a signer call, turning its `invalid` / `not_found` answers into the API's 422 / 404. */
export async function translateSignerError<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SignerError && error.code === 'invalid') throw new UnprocessableEntityException(error.message);
    if (error instanceof SignerError && error.code === 'not_found') throw new NotFoundException(error.message);
    throw error;
  }
}
