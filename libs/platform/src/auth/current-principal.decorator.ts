import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { PRINCIPAL, type Principal } from './principal';

/** Who called a REST route (set by `AuthGuard`; a public route has nobody). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ [PRINCIPAL]?: Principal }>()[PRINCIPAL];
  if (!principal) throw new Error('CurrentPrincipal used on a route the guard did not authenticate');
  return principal;
});
