import { MAX_JSON_DEPTH, storableText, unstorableJson } from './storable-json';

const UNSTORABLE = /\u0000|[\ud800-\udfff]/;

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('unstorableJson', () => {
  it('accepts ordinary JSON, emoji (surrogate pairs) and escaped text included', () => {
    expect(unstorableJson({ name: 'render ✓ 🎬', list: [1, true, null, { 'x\\u0000': '\\u0000' }] })).toBeNull();
  });

  it('names where a NUL is, in a value or a key', () => {
    expect(unstorableJson({ payload: { items: ['ok', 'bad\u0000'] } })).toBe('payload.items[1] contains a NUL character (\\u0000)');
    expect(unstorableJson({ headers: { 'x-a\u0000': 'v' } })).toBe('key of headers.x-a\\u0000 contains a NUL character (\\u0000)');
  });

  it('refuses lone surrogates, high or low, and accepts a pair', () => {
    expect(unstorableJson({ s: 'a\ud800' })).toMatch(/s contains a lone surrogate \(\\ud800\)/);
    expect(unstorableJson({ s: '\udc00b' })).toMatch(/lone surrogate \(\\udc00\)/);
    expect(unstorableJson({ s: '\ud83c\udfac' })).toBeNull();
  });

  it('accepts nesting up to the limit and refuses one level past it', () => {
    expect(unstorableJson(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(unstorableJson(nested(MAX_JSON_DEPTH + 1))).toMatch(/nests deeper than 64 levels/);
  });

  it('stops at the limit without walking the rest of a 5,000-deep value', () => {
    expect(unstorableJson(nested(5000))).toMatch(/nests deeper than 64 levels/);
  });

  it('writes what it refuses as escapes, so the reason itself can be stored', () => {
    expect(storableText('a\u0000b\ud800c\ud83c\udfac')).toBe('a\\u0000b\\ud800c\ud83c\udfac');
    expect(unstorableJson({ ['k\ud800']: 1 })).not.toMatch(UNSTORABLE);
  });
});
