import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('flattenValidationErrors', () => {
  it('gives each failing field with a dotted path', () => {
    const errors = [
      error('name', { isString: 'name must be a string' }),
      error('programme', undefined, [error('title', { isNotEmpty: 'title should not be empty' })]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', messages: ['name must be a string'] },
      { field: 'programme.title', messages: ['title should not be empty'] },
    ]);
  });
});
