import type { MiddlewareHandler } from 'hono';
import { problemResponse } from './problem';
/**
 * How deep JSON may nest in a request (objects and arrays, the outermost value being level 1). A group
 * needs about five levels; thousands would overflow the stack of everything that walks a value
 * recursively (the validators, withoutNulls, JSON.stringify), so deeper input is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

interface Frame {
  array: boolean;
  /** The index of the current element (arrays) or the raw text of the current key (objects). */
  index: number;
  key: string;
  expectingKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where the raw JSON text nests deeper than `max` levels: the path of the first object or array
 * opened below that depth (e.g. `group.members[0].residence`, `(body)` for the outermost value), or
 * undefined when it does not. One pass, no recursion, strings and their escapes skipped; the text
 * need not be valid JSON (what is malformed is left to the parser).
 */
export function tooDeep(text: string, max: number = MAX_JSON_DEPTH): string | undefined {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === BACKSLASH) i++;
        else if (code === QUOTE) break;
      }
      const frame = frames.at(-1);
      if (frame && !frame.array && frame.expectingKey) {
        frame.key = text.slice(start, i + 1);
        frame.expectingKey = false;
      }
    } else if (ch === '{' || ch === '[') {
      if (frames.length >= max) return pathOf(frames);
      frames.push({ array: ch === '[', index: 0, key: '', expectingKey: ch === '{' });
    } else if (ch === '}' || ch === ']') {
      frames.pop();
    } else if (ch === ',') {
      const frame = frames.at(-1);
      if (frame?.array) frame.index++;
      else if (frame) frame.expectingKey = true;
    }
  }
  return undefined;
}

/** The path of the value being read in the innermost frame, written as issuePath writes zod's. */
function pathOf(frames: readonly Frame[]): string {
  let out = '';
  for (const frame of frames) {
    if (frame.array) {
      out += `[${frame.index}]`;
    } else {
      const key = keyText(frame.key);
      out += out ? `.${key}` : key;
    }
  }
  return out || '(body)';
}

function keyText(raw: string): string {
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw;
  }
}

export const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`;
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH levels (422, with the path), before anything
 * parses it: the validators recurse, and thousands of levels would overflow the stack (a 500). Reads
 * the bodies the validators would read (a JSON content type), as text they then parse from the cache.
 */
export const refuseDeepJson: MiddlewareHandler = async (c, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method) || c.req.path === '/v1/match/batch') return next();
  const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) return next();
  const path = tooDeep(await c.req.text());
  if (path === undefined) return next();
  return problemResponse(c, 'validation', `the JSON body is ${TOO_DEEP} (at ${path})`, {
    errors: [{ path, message: TOO_DEEP }],
  });
};
