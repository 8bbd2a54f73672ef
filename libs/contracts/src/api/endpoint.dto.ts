import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { DisabledReason } from '../health/endpoint-health';
import type { SignatureProfile } from '../tasks/delivery-task';

const NAME_PATTERN = /^[a-zA-Z0-9\-_.]+$/;
const NAME_MESSAGE = 'may contain only letters, digits, "-", "_" and "."';
/** Svix accepts `whsec_` + base64 of 24–75 bytes, or an ed25519 `whsk_` + base64 of 64 bytes (seed || public key). */
export const ENDPOINT_SECRET_PATTERN = /^(whsec_|whsk_)?[a-zA-Z0-9+/=]{32,100}$/;
const SECRET_MESSAGE = 'secret must be "whsec_" followed by base64 of 24 to 75 bytes, or an ed25519 "whsk_" key';
/** Hookstream extension: the type of a generated endpoint key (`ed25519` signs `v1a`). */
export const ENDPOINT_KEY_TYPES = ['hmac-sha256', 'ed25519'] as const;

export class SignatureProfileDto {
  @IsIn(['hmac-hex', 'timestamped'])
  type: SignatureProfile['type'];

  @IsString()
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'header must be a valid HTTP header name' })
  @MaxLength(128)
  header: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  prefix?: string;
}

/** Svix `EndpointIn`, plus Hookstream's delivery settings (ignored by Svix clients). */
export class EndpointInDto {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  url: string;

  @IsOptional()
  @IsString()
  description?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(NAME_PATTERN, { message: `uid ${NAME_MESSAGE}` })
  @Matches(/^(?!ep_)/, { message: 'uid must not start with "ep_" (reserved for endpoint ids)' })
  uid?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @Matches(/^[a-zA-Z0-9\-_.*]+$/, { each: true, message: `filterTypes ${NAME_MESSAGE}` })
  filterTypes?: string[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(NAME_PATTERN, { each: true, message: `channels ${NAME_MESSAGE}` })
  channels?: string[] | null;

  @IsOptional()
  @IsString()
  @Matches(ENDPOINT_SECRET_PATTERN, { message: SECRET_MESSAGE })
  secret?: string | null;

  /** Hookstream extension: `ed25519` makes an asymmetric endpoint (ignored when `secret` is given). */
  @IsOptional()
  @IsIn(ENDPOINT_KEY_TYPES)
  keyType?: (typeof ENDPOINT_KEY_TYPES)[number];

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

  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(0.05, { each: true })
  @Max(7 * 24 * 3600, { each: true })
  retrySchedule?: number[] | null;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120_000)
  timeoutMs?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => SignatureProfileDto)
  signatureProfiles?: SignatureProfileDto[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxConcurrency?: number | null;
}

/** Svix `EndpointOut`, plus Hookstream's delivery settings. */
export interface EndpointOut {
  id: string;
  uid: string | null;
  url: string;
  description: string;
  version: number;
  disabled: boolean;
  filterTypes: string[] | null;
  channels: string[] | null;
  rateLimit: number | null;
  throttleRate: number | null;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  retrySchedule: number[] | null;
  timeoutMs: number | null;
  signatureProfiles: SignatureProfile[];
  maxConcurrency: number | null;
  /** Hookstream extension: why and since when the endpoint is disabled; null while enabled. */
  disabledReason: DisabledReason | null;
  disabledAt: string | null;
}

/** Svix `EndpointSecretOut`: the `whsec_` secret, or the `whpk_` public key of an ed25519 endpoint. */
export interface EndpointSecretOut {
  key: string;
}

/** Svix `EndpointSecretRotateIn`, plus Hookstream's `keyType` and `graceSeconds`. */
export class EndpointSecretRotateInDto {
  @IsOptional()
  @IsString()
  @Matches(ENDPOINT_SECRET_PATTERN, { message: SECRET_MESSAGE })
  key?: string | null;

  @IsOptional()
  @IsIn(ENDPOINT_KEY_TYPES)
  keyType?: (typeof ENDPOINT_KEY_TYPES)[number];

  /** How long the keys signing until now keep signing (default 24 h, HOOKSTREAM_ROTATION_GRACE_SECONDS). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(7 * 24 * 3600)
  graceSeconds?: number;
}
