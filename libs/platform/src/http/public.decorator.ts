import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'hookstream:public';

/** Marks a route that needs no token (health, readiness, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
