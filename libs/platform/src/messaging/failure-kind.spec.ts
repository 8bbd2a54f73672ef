import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { isInfrastructureFailure } from './failure-kind';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const typeormError = (code: string) => Object.assign(new Error('query failed'), { driverError: { code } });

describe('isInfrastructureFailure', () => {
  it.each([
    ['Postgres refusing connections', withCode('ECONNREFUSED')],
    ['Postgres shutting down (57P01)', typeormError('57P01')],
    ['too many connections (53300)', typeormError('53300')],
    ['a deadlock (40P01)', typeormError('40P01')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['a NATS request timing out', withCode('TIMEOUT')],
    ['no stream taking a publish', withCode('503')],
    ['a reply that never came', new Error('no reply on hs.rpc.x within 5000 ms')],
    ['a service not ready', new ServiceUnavailableException('not ready')],
  ])('counts %s as an outage', (_, error) => {
    expect(isInfrastructureFailure(error)).toBe(true);
  });

  it.each([
    ['a NUL Postgres cannot store (22021)', typeormError('22021')],
    ['a constraint violation (23505)', typeormError('23505')],
    ['a RangeError from a deep value', new RangeError('Maximum call stack size exceeded')],
    ['a TypeError in the handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a client error', new BadRequestException('bad')],
    ['something thrown that is not an Error', 'boom'],
  ])('counts %s as the message’s own fault', (_, error) => {
    expect(isInfrastructureFailure(error)).toBe(false);
  });
});
