import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const UID_PATTERN = /^[a-zA-Z0-9\-_.]+$/;
/** Paths take an id or a uid: a uid shaped like an id could stand for another app. */
const NOT_AN_ID = /^(?!app_)/;
const NOT_AN_ID_MESSAGE = 'uid must not start with "app_" (reserved for application ids)';

/** Svix `ApplicationIn`. */
export class ApplicationInDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(UID_PATTERN, { message: 'uid may contain only letters, digits, "-", "_" and "."' })
  @Matches(NOT_AN_ID, { message: NOT_AN_ID_MESSAGE })
  uid?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  rateLimit?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  throttleRate?: number | null;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  /** Hookstream extension: the app's default retry schedule (seconds after each failed attempt). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(0.05, { each: true })
  @Max(7 * 24 * 3600, { each: true })
  retrySchedule?: number[] | null;
}

/** Svix `ApplicationOut`. */
export interface ApplicationOut {
  id: string;
  uid: string | null;
  name: string;
  rateLimit: number | null;
  throttleRate: number | null;
  metadata: Record<string, string>;
  retrySchedule: number[] | null;
  createdAt: string;
  updatedAt: string;
}
