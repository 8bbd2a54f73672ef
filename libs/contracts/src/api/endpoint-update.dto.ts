import { OmitType, PartialType } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { EndpointInDto } from './endpoint.dto';

/** Svix `EndpointUpdate` (PUT): `EndpointIn` without the secret, which only rotation changes. */
export class EndpointUpdateDto extends OmitType(EndpointInDto, ['secret', 'keyType'] as const) {}

/** Svix `EndpointPatch`: absent fields stay as they are, `null` clears a nullable one. */
export class EndpointPatchDto extends PartialType(EndpointUpdateDto) {}

/** Svix `EndpointHeadersIn` (PUT replaces every header). */
export class EndpointHeadersInDto {
  @IsObject()
  headers: Record<string, string>;
}

/** Svix `EndpointHeadersPatchIn`: merged into the current headers; a `null` value removes that header. */
export class EndpointHeadersPatchInDto {
  @IsObject()
  headers: Record<string, string | null>;
}

/** Svix `EndpointHeadersOut`: sensitive headers (credentials) are named in `sensitive`, their values never shown. */
export interface EndpointHeadersOut {
  headers: Record<string, string>;
  sensitive: string[];
}

