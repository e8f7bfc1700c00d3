import { ValidationError } from 'class-validator';
import { flattenValidationErrors, forbiddenTextProblems } from './validation';

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

describe('forbiddenTextProblems', () => {
  it('names each string field holding a character no text takes', () => {
    const body = {
      title: 'Kabar\u0000Pagi',
      ok: 'Kabar Pagi \u{1F4FA}\tdengan\r\nbaris',
      nested: { name: 'a\uFFFE', list: ['b', 'c\uD800'] },
      count: 3,
      empty: null,
    };
    expect(forbiddenTextProblems(body, '')).toEqual([
      { field: 'title', messages: ['title contains U+0000, a character text may not hold'] },
      { field: 'nested.name', messages: ['nested.name contains U+FFFE, a character text may not hold'] },
      { field: 'nested.list.1', messages: ['nested.list.1 contains U+D800, a character text may not hold'] },
    ]);
  });

  it('refuses vertical tab, U+0085, U+2028, U+2029, U+FFFF and other noncharacters; takes tab and line breaks', () => {
    for (const character of ['\u000B', '\u0085', '\u2028', '\u2029', '\uFFFF', '\uFDD0', '\u{10FFFF}', '\u007F'])
      expect(forbiddenTextProblems(`a${character}b`, 'q')).toHaveLength(1);
    expect(forbiddenTextProblems('a\tb\nc\rd', 'q')).toEqual([]);
  });
});
