import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** An RFC 6901 JSON pointer: "" (the whole document) or "/a/b". */
const POINTER_PATTERN = /^(\/[^/]*)*$/;
const POINTER_MESSAGE = 'must be a JSON pointer ("" or "/field/…")';
/** NATS subject tokens, `*` and a trailing `>` allowed. */
const SUBJECT_PATTERN = /^([A-Za-z0-9_-]+|\*)(\.([A-Za-z0-9_-]+|\*))*(\.>)?$|^>$/;

/**
 * Hookstream extension: a subject binding maps messages on an existing platform subject to an event type,
 * taking the app and the event id out of the message by JSON pointer, so producers need no change.
 */
export class BindingInDto {
  @IsString()
  @Matches(SUBJECT_PATTERN, { message: 'subject must be a NATS subject; tokens may be "*", the last may be ">"' })
  @MaxLength(256)
  subject: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(/^[a-zA-Z0-9\-_.]+$/, { message: 'eventType may contain only letters, digits, "-", "_" and "."' })
  eventType: string;

  @IsString()
  @Matches(POINTER_PATTERN, { message: `appIdPointer ${POINTER_MESSAGE}` })
  appIdPointer: string;

  @IsOptional()
  @IsString()
  @Matches(POINTER_PATTERN, { message: `eventIdPointer ${POINTER_MESSAGE}` })
  eventIdPointer?: string | null;

  /** Where the payload is; "" (default) delivers the whole message. */
  @IsOptional()
  @IsString()
  @Matches(POINTER_PATTERN, { message: `payloadPointer ${POINTER_MESSAGE}` })
  payloadPointer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;
}

export interface BindingOut {
  id: string;
  subject: string;
  eventType: string;
  appIdPointer: string;
  eventIdPointer: string | null;
  payloadPointer: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}
