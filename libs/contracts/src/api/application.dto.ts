import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

const UID_PATTERN = /^[a-zA-Z0-9\-_.]+$/;

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
}

/** Svix `ApplicationOut`. */
export interface ApplicationOut {
  id: string;
  uid: string | null;
  name: string;
  rateLimit: number | null;
  throttleRate: number | null;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}
