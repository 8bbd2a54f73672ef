/**
 * What every store and hop can hold, checked once at the door: Postgres text and jsonb refuse NUL (U+0000), a lone
 * UTF-16 surrogate has no UTF-8 encoding (it would be stored or sent as U+FFFD, so the delivered bytes would differ
 * from the signed ones), and JSON nested deeper than this breaks `JSON.stringify` and jsonb long before it is useful.
 */
export const MAX_JSON_DEPTH = 64;

/** Matches a NUL, or a surrogate half without its partner. */
const UNSTORABLE_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_CHARACTERS = new RegExp(UNSTORABLE_CHARACTER.source, 'g');

/** The text with every NUL and lone surrogate written as its `\uXXXX` escape: safe to store, log and show. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Why a parsed JSON value cannot be stored and delivered as it is — the first problem found, with where it is
 * (`payload.items[3].name`) — or null when it can. Keys are checked like values.
 */
export function unstorableJson(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return stringProblem(value, path || 'value');
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return `${path || 'value'} nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = unstorableJson(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${storableText(key)}` : storableText(key);
    const problem = stringProblem(key, `key of ${at}`) ?? unstorableJson(item, at, depth + 1);
    if (problem) return problem;
  }
  return null;
}

function stringProblem(text: string, where: string): string | null {
  const match = UNSTORABLE_CHARACTER.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? `${where} contains a NUL character (\\u0000)` : `${where} contains a lone surrogate (${storableText(match[0])}), which is not valid Unicode`;
}
