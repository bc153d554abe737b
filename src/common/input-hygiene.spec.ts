import { MAX_INPUT_DEPTH, storable, unsafeInput } from './input-hygiene';

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe('unsafeInput', () => {
  it('accepts ordinary input, emoji (paired surrogates) included', () => {
    expect(unsafeInput({ name: 'Kessel 3 🔥', tags: ['a', 'b'], n: 1e12, ok: null }, '')).toEqual([]);
  });

  it('names strings and keys PostgreSQL cannot store', () => {
    expect(unsafeInput({ name: 'a\u0000b', meta: { ['k\u0000']: 1, lone: 'x\ud800' } }, '')).toEqual([
      { field: 'name', message: 'must not contain NUL characters or unpaired surrogates' },
      { field: 'meta.k\u0000', message: 'names must not contain NUL characters or unpaired surrogates' },
      { field: 'meta.lone', message: 'must not contain NUL characters or unpaired surrogates' },
    ]);
    expect(unsafeInput('\udc00', 'id')).toEqual([
      { field: 'id', message: 'must not contain NUL characters or unpaired surrogates' },
    ]);
  });

  it('refuses prototype keys wherever they are', () => {
    const body = JSON.parse(
      '{"__proto__":{"x":1},"readings":[{"constructor":1}],"m":{"prototype":2}}',
    ) as unknown;
    expect(unsafeInput(body, '').map((problem) => problem.field)).toEqual([
      '__proto__',
      'readings.0.constructor',
      'm.prototype',
    ]);
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels, naming where it starts`, () => {
    expect(unsafeInput({ metadata: nested(MAX_INPUT_DEPTH - 1) }, '')).toEqual([]);
    const deep = unsafeInput({ metadata: nested(MAX_INPUT_DEPTH + 5) }, '');
    expect(deep).toHaveLength(1);
    expect(deep[0].field).toBe(`metadata${'.a'.repeat(MAX_INPUT_DEPTH)}`);
  });
});

describe('storable', () => {
  it('replaces what PostgreSQL cannot store by U+FFFD, keys included, and keeps the rest', () => {
    expect(storable({ q: { ['a\u0000']: ['x\ud800y', 3, null] }, ok: '🔥' })).toEqual({
      q: { 'a\uFFFD': ['x\uFFFDy', 3, null] },
      ok: '🔥',
    });
  });
});
