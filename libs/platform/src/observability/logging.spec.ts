import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import { loggerParams } from './logging';

@Controller()
class BindingsController {
  constructor(private readonly logger: PinoLogger) {}

  /** The bindings of the logger a log line made while handling this request would use. */
  @Get('bindings')
  bindings(): string[] {
    return Object.keys(this.logger.logger.bindings());
  }
}

async function bindingsInsideARequest(params: Params): Promise<string[]> {
  const moduleRef = await Test.createTestingModule({ imports: [LoggerModule.forRoot(params)], controllers: [BindingsController] }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    const response = await fetch(`${await app.getUrl()}/bindings`);
    return (await response.json()) as string[];
  } finally {
    await app.close();
  }
}

describe('loggerParams', () => {
  it('binds no per-request logger, so requests run outside AsyncLocalStorage', async () => {
    expect(await bindingsInsideARequest(loggerParams('silent', 'spec'))).not.toContain('req');
  });

  it('differs from nestjs-pino’s default, which binds the request to the logger of each request', async () => {
    expect(await bindingsInsideARequest({ pinoHttp: { level: 'silent' } })).toContain('req');
  });
});
