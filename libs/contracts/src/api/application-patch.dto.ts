import { PartialType } from '@nestjs/swagger';
import { ApplicationInDto } from './application.dto';

/** Svix `ApplicationPatch`: absent fields stay as they are, `null` clears a nullable one. */
export class ApplicationPatchDto extends PartialType(ApplicationInDto) {}
