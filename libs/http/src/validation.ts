import { type ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorCode } from './api-error';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      const summary = problems.map((p) => p.messages.join(', ')).join('; ');
      return new ApiError(400, ErrorCode.ValidationFailed, `Invalid request: ${summary}`, problems);
    },
  });
}
