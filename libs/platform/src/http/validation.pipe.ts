import { UnprocessableEntityException, ValidationPipe, type ValidationError } from '@nestjs/common';

interface FieldError {
  loc: string[];
  msg: string;
  type: string;
}

function flatten(errors: ValidationError[], path: string[] = ['body']): FieldError[] {
  return errors.flatMap((error) => {
    const loc = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map((msg) => ({ loc, msg, type: 'value_error' }));
    return [...own, ...flatten(error.children ?? [], loc)];
  });
}

/** Bodies are validated with class-validator; failures answer 422 with Svix's `{ detail: [{ loc, msg, type }] }`. */
export function svixValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => new UnprocessableEntityException({ detail: flatten(errors) }),
  });
}

export { flatten as flattenValidationErrors };
