import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';

const NAME_PATTERN = /^[a-zA-Z0-9\-_.]+$/;

/**
 * The event envelope, the same on `hookstream.events.<appId>` and as the body of
 * `POST /api/v1/app/{app}/msg` (Svix's MessageIn plus Hookstream's `callbackUrl` and `orderingKey`).
 */
export class EventEnvelopeDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(NAME_PATTERN, { message: 'eventType may contain only letters, digits, "-", "_" and "."' })
  eventType: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  eventId?: string;

  @IsObject({ message: 'payload must be a JSON object' })
  payload: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  @Matches(NAME_PATTERN, { each: true, message: 'channels may contain only letters, digits, "-", "_" and "."' })
  channels?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  tags?: string[];

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  callbackUrl?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  orderingKey?: string;
}
