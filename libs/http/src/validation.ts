import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * What no text field takes: control characters other than tab and line breaks (NUL, vertical
 * tab, U+0085…), U+2028 and U+2029, noncharacters (U+FFFE, U+FFFF…) and lone surrogates.
 * PostgreSQL refuses NUL, XML 1.0 most of the others, and M3U players split lines on them.
 */
const FORBIDDEN_TEXT = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029]/u;

function codePointName(text: string): string {
  const match = FORBIDDEN_TEXT.exec(text) as RegExpExecArray;
  return `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Each string in a request (body, query, parameter) holding a character no text may hold, by its dotted path. */
export function forbiddenTextProblems(value: unknown, field: string): FieldProblem[] {
  if (typeof value === 'string')
    return FORBIDDEN_TEXT.test(value)
      ? [{ field, messages: [`${field} contains ${codePointName(value)}, a character text may not hold`] }]
      : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => forbiddenTextProblems(item, field ? `${field}.${key}` : key));
}

export function validationFailed(problems: FieldProblem[], prefix = 'Invalid request'): ApiError {
  const summary = problems.map((p) => p.messages.join(', ')).join('; ');
  return new ApiError(400, ErrorCode.ValidationFailed, `${prefix}: ${summary}`, problems);
}

/** class-validator's checks, after a check of every string of the request for characters no text takes. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameters (the current user, the raw request) are not the client's input.
    if (metadata.type !== 'custom') {
      const problems = forbiddenTextProblems(value, metadata.data ?? '');
      if (problems.length > 0) throw validationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
