import { assertJsonShape, JSON_MAX_DEPTH, JSON_MAX_ITEMS } from './request-body';

const codeOf = (json: string): string | undefined => {
  try {
    assertJsonShape(Buffer.from(json));
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('assertJsonShape', () => {
  it(`takes ${JSON_MAX_DEPTH} levels of nesting and refuses one more as BODY_TOO_DEEP`, () => {
    expect(codeOf('['.repeat(JSON_MAX_DEPTH) + ']'.repeat(JSON_MAX_DEPTH))).toBeUndefined();
    expect(codeOf('{"a":'.repeat(JSON_MAX_DEPTH - 1) + '[1]' + '}'.repeat(JSON_MAX_DEPTH - 1))).toBeUndefined();
    expect(codeOf('['.repeat(JSON_MAX_DEPTH + 1) + ']'.repeat(JSON_MAX_DEPTH + 1))).toBe('BODY_TOO_DEEP');
  });

  it(`takes ${JSON_MAX_ITEMS} items in an array or object and refuses one more as BODY_TOO_WIDE`, () => {
    const items = (count: number) => Array.from({ length: count }, (_, i) => i);
    expect(codeOf(JSON.stringify(items(JSON_MAX_ITEMS)))).toBeUndefined();
    expect(codeOf(JSON.stringify(items(JSON_MAX_ITEMS + 1)))).toBe('BODY_TOO_WIDE');
    const members = (count: number) => Object.fromEntries(items(count).map((i) => [`k${i}`, i]));
    expect(codeOf(JSON.stringify({ nested: members(JSON_MAX_ITEMS) }))).toBeUndefined();
    expect(codeOf(JSON.stringify({ nested: members(JSON_MAX_ITEMS + 1) }))).toBe('BODY_TOO_WIDE');
  });

  it('counts no brackets or commas inside strings, escaped quotes included', () => {
    const text = `"\\"${'[,'.repeat(5000)}"`;
    expect(codeOf(`{"title":${text},"more":[1,2]}`)).toBeUndefined();
  });
});
