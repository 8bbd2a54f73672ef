import { IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const NAME_PATTERN = /^[a-zA-Z0-9\-_.]+$/;

/** Svix `EventTypeUpdate` (PUT): everything but the name. `schemas` maps a version ("1") to a JSON Schema. */
export class EventTypeUpdateDto {
  @IsString()
  description: string;

  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @IsOptional()
  @IsBoolean()
  deprecated?: boolean;

  @IsOptional()
  @IsObject()
  schemas?: Record<string, Record<string, unknown>> | null;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  featureFlag?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  groupName?: string | null;
}

/** Svix `EventTypeIn`. */
export class EventTypeInDto extends EventTypeUpdateDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(NAME_PATTERN, { message: 'name may contain only letters, digits, "-", "_" and "."' })
  name: string;
}

/** Svix `EventTypePatch`: absent fields stay as they are, `null` clears. */
export class EventTypePatchDto {
  @IsOptional()
  @IsString()
  description?: string;

  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @IsOptional()
  @IsBoolean()
  deprecated?: boolean;

  @IsOptional()
  @IsObject()
  schemas?: Record<string, Record<string, unknown>> | null;

  @IsOptional()
  @IsString()
  featureFlag?: string | null;

  @IsOptional()
  @IsString()
  groupName?: string | null;
}

/** Svix `EventTypeOut`. */
export interface EventTypeOut {
  name: string;
  description: string;
  archived: boolean;
  deprecated: boolean;
  schemas: Record<string, Record<string, unknown>> | null;
  featureFlag: string | null;
  groupName: string | null;
  createdAt: string;
  updatedAt: string;
}
