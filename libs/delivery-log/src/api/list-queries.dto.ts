import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ListQueryDto } from '@hookstream/platform';

// Svix's list filters, under their query names. Arrays arrive comma-joined (the svix client) or repeated.
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `GET /app/{app}/msg`. */
export class MessageListQueryDto extends ListQueryDto {
  @IsOptional() @Transform(toList) @IsArray() @IsString({ each: true })
  event_types?: string[];

  @IsOptional() @IsString()
  channel?: string;

  @IsOptional() @IsString()
  tag?: string;

  @IsOptional() @Type(() => Date) @IsDate()
  before?: Date;

  @IsOptional() @Type(() => Date) @IsDate()
  after?: Date;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  with_content?: boolean;
}

/** Svix `MessageStatus` as a filter: 0 success, 1 pending, 2 fail, 3 sending, 4 canceled. */
export class StatusFilterDto extends MessageListQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(4)
  status?: number;
}

/** `GET /app/{app}/attempt/msg/{msg}` and `…/attempt/endpoint/{ep}`. */
export class AttemptListQueryDto extends StatusFilterDto {
  /** Svix `StatusCodeClass`: 0 (no response), 100, 200, 300, 400, 500. */
  @IsOptional() @Type(() => Number) @IsIn([0, 100, 200, 300, 400, 500])
  status_code_class?: number;

  @IsOptional() @IsString()
  endpoint_id?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean()
  with_msg?: boolean;
}

/** `GET /app/{app}/endpoint/{ep}/stats`. */
export class StatsQueryDto {
  @IsOptional() @Type(() => Date) @IsDate()
  since?: Date;

  @IsOptional() @Type(() => Date) @IsDate()
  until?: Date;
}
