import type { Compile } from 'velocityjs';
import { evaluateJsonPath, JsonPathError } from './jsonpath';

/**
 * API Gateway mapping templates: Velocity (velocityjs) with API Gateway's variables — `$input` (body, json(),
 * path(), params()), `$util`, `$context` and `$stageVariables` — and the Java string/collection methods templates
 * commonly call (`length()`, `isEmpty()`, `matches()`, `replaceAll()`...). Null and undefined references render
 * as empty strings, as in API Gateway.
 */

/** A template could not be parsed or evaluated: API Gateway answers 500 "Internal server error". */
export class TemplateError extends Error {}

/** `$input.json()`/`$input.path()` on a body that is not JSON: API Gateway answers 400 with this message. */
export class BodyParseError extends Error {}

export interface TemplateParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export interface TemplateVariables {
  /** The raw body the template reads (`$input.body`). */
  body: string;
  params: TemplateParams;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

// ---- $util ----

/** `$util.escapeJavaScript`: JavaScript string escaping as Apache Commons Lang does it (`'` → `\'`, `/` → `\/`). */
export function escapeJavaScript(value: unknown): string {
  const text = stringify(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i] as string;
    if (code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (code < 32) {
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += named[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if (char === "'" || char === '"' || char === '\\' || char === '/') out += `\\${char}`;
    else out += char;
  }
  return out;
}

/** `$util.urlEncode`: Java's `URLEncoder.encode(s, "UTF-8")` (space → `+`, only `A-Za-z0-9.-*_` kept). */
export function urlEncode(value: unknown): string {
  let out = '';
  for (const byte of Buffer.from(stringify(value), 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(char)) out += char;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `$util.urlDecode`: Java's `URLDecoder.decode(s, "UTF-8")`. */
export function urlDecode(value: unknown): string {
  const text = stringify(value);
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '+') bytes.push(0x20);
    else if (char === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw new TemplateError(`URLDecoder: Illegal hex characters in escape (%) pattern: ${hex}`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export const base64Encode = (value: unknown): string =>
  Buffer.from(stringify(value), 'utf8').toString('base64');
export const base64Decode = (value: unknown): string =>
  Buffer.from(stringify(value), 'base64').toString('utf8');

export function parseJson(value: unknown): unknown {
  try {
    return nullToUndefined(JSON.parse(stringify(value)));
  } catch (error) {
    throw new TemplateError(`$util.parseJson: ${(error as Error).message}`);
  }
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Velocity renders null as the literal reference; API Gateway renders nothing. */
function nullToUndefined(value: unknown): unknown {
  return value === null ? undefined : value;
}

export const util = { escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode, parseJson };

// ---- $input ----

export function makeInput(variables: Pick<TemplateVariables, 'body' | 'params'>): Record<string, unknown> {
  let parsed: { value: unknown } | undefined;
  const json = (): unknown => {
    if (parsed) return parsed.value;
    const text = variables.body.trim();
    if (text === '') parsed = { value: {} };
    else {
      try {
        parsed = { value: JSON.parse(text) };
      } catch (error) {
        throw new BodyParseError(`Could not parse request body into json: ${(error as Error).message}`);
      }
    }
    return parsed.value;
  };
  const select = (path: unknown): unknown => {
    try {
      return evaluateJsonPath(json(), stringify(path));
    } catch (error) {
      if (error instanceof JsonPathError) throw new TemplateError(error.message);
      throw error;
    }
  };
  const headerLookup = (name: string): string | undefined => {
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(variables.params.header))
      if (key.toLowerCase() === wanted) return value;
    return undefined;
  };
  return {
    body: variables.body,
    json: (path: unknown): string => {
      const value = select(path);
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: (path: unknown): unknown => nullToUndefined(select(path)),
    params: (name?: unknown): unknown => {
      if (name === undefined) return variables.params;
      const key = stringify(name);
      return variables.params.path[key] ?? variables.params.querystring[key] ?? headerLookup(key) ?? '';
    },
  };
}

// ---- Java-style methods templates call on strings, lists and maps ----

type Payload = { property: string; context: unknown; params: unknown[] };

type JavaMethod = (target: unknown, params: unknown[]) => { value: unknown } | undefined;

const javaMethodTable: Record<string, JavaMethod> = {
  length: (target) => (typeof target === 'string' ? { value: target.length } : undefined),
  isEmpty: (target) => {
    if (typeof target === 'string' || Array.isArray(target)) return { value: target.length === 0 };
    if (target && typeof target === 'object') return { value: Object.keys(target).length === 0 };
    return undefined;
  },
  size: (target) => (typeof target === 'string' ? { value: target.length } : undefined),
  containsKey: (target, [key]) =>
    target && typeof target === 'object' && !Array.isArray(target)
      ? { value: Object.hasOwn(target, stringify(key)) }
      : undefined,
  contains: (target, [item]) => {
    if (typeof target === 'string') return { value: target.includes(stringify(item)) };
    if (Array.isArray(target)) return { value: target.includes(item) };
    return undefined;
  },
  equals: (target, [other]) => (typeof target === 'string' ? { value: target === other } : undefined),
  equalsIgnoreCase: (target, [other]) =>
    typeof target === 'string'
      ? { value: target.toLowerCase() === stringify(other).toLowerCase() }
      : undefined,
  matches: (target, [regex]) =>
    typeof target === 'string'
      ? { value: new RegExp(`^(?:${stringify(regex)})$`, 'u').test(target) }
      : undefined,
  replaceAll: (target, [regex, replacement]) =>
    typeof target === 'string'
      ? { value: target.replace(new RegExp(stringify(regex), 'gu'), stringify(replacement)) }
      : undefined,
  replace: (target, [search, replacement]) =>
    typeof target === 'string'
      ? { value: target.split(stringify(search)).join(stringify(replacement)) }
      : undefined,
  split: (target, [regex]) =>
    typeof target === 'string' ? { value: target.split(new RegExp(stringify(regex), 'u')) } : undefined,
  toString: (target: unknown) =>
    target !== undefined && target !== null ? { value: stringify(target) } : undefined,
};
const javaMethods = new Map<string, JavaMethod>(Object.entries(javaMethodTable));

const customMethodHandlers = [
  {
    uid: 'apigateway-java-methods',
    match: ({ property, context }: Payload): boolean => {
      const method = javaMethods.get(property);
      return method !== undefined && method(context, []) !== undefined;
    },
    resolve: ({ property, context, params }: Payload): unknown =>
      javaMethods.get(property)?.(context, params)?.value,
  },
];

const compiled = new Map<string, Compile>();

// velocityjs is loaded on the first template (it costs start-up time every run otherwise).
let velocity: typeof import('velocityjs') | undefined;
const loadVelocity = (): typeof import('velocityjs') => {
  velocity ??= require('velocityjs') as typeof import('velocityjs');
  return velocity;
};

function compile(template: string): Compile {
  let found = compiled.get(template);
  if (!found) {
    try {
      const { Compile: Compiler, parse } = loadVelocity();
      found = new Compiler(parse(template), { customMethodHandlers } as never);
    } catch (error) {
      throw new TemplateError(
        `Unable to parse the mapping template: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`,
      );
    }
    if (compiled.size > 500) compiled.clear();
    compiled.set(template, found);
  }
  return found;
}

/** Renders a mapping template; throws TemplateError (→ 500) or BodyParseError (→ 400). */
export function renderTemplate(template: string, variables: TemplateVariables): string {
  const engine = compile(template);
  try {
    return engine.render(
      {
        input: makeInput(variables),
        util,
        context: variables.context,
        stageVariables: variables.stageVariables,
      },
      undefined,
      true,
    );
  } catch (error) {
    if (error instanceof BodyParseError || error instanceof TemplateError) throw error;
    throw new TemplateError(`Mapping template evaluation failed: ${(error as Error).message}`);
  }
}
