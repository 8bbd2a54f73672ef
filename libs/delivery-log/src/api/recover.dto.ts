import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, Min } from 'class-validator';
import { APP_TOKEN_MAX_SECONDS } from '@hookstream/platform';

/** Svix `RecoverIn`: resend every failed message of the endpoint since `since` (until `until`). */
export class RecoverInDto {
  @Type(() => Date)
  @IsDate()
  since: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date | null;
}

/** Svix `AppPortalAccessIn`: Hookstream reads `expiry` (seconds, default 7 days); other fields are ignored. */
export class AppPortalAccessInDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(APP_TOKEN_MAX_SECONDS)
  expiry?: number | null;
}
