import { isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';
import { FIRST_YEAR, inCalendar, LAST_YEAR } from '@siaran/core';

/** An ISO 8601 date and time with its offset, within the years records live in (FIRST_YEAR to LAST_YEAR). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) =>
          typeof value === 'string' && isISO8601(value, { strict: true }) && inCalendar(Date.parse(value)),
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date and time with its offset, in the years ${FIRST_YEAR} to ${LAST_YEAR}`,
      },
    },
    options,
  );
}
