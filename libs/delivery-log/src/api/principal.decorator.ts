import { createParamDecorator, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { PRINCIPAL, type Principal } from '@hookstream/platform';
import type { AppProjection } from '../persistence/entities';

/** Who called (set by `AdminAuthGuard`). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ [PRINCIPAL]?: Principal }>()[PRINCIPAL] ?? { kind: 'operator' },
);

/** The guard compares the path's `:app` with the token's; this checks the resolved app too (a uid reused since). */
export function assertVisible(app: AppProjection, principal: Principal): AppProjection {
  if (principal.kind === 'app' && principal.appId !== app.id) throw new NotFoundException(`Application "${app.id}" not found`);
  return app;
}
