/**
 * The JSONPath subset API Gateway mapping templates use (`$input.path`, `$input.json`, parameter mappings):
 * `$`, `.name`, `['name']` / `["name"]`, `[0]`, `[-1]`, `[*]` / `.*`, and `..name` (recursive descent).
 */
type Step =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'descend'; name: string | undefined };

export class JsonPathError extends Error {}

const cache = new Map<string, Step[]>();

function parse(path: string): Step[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const text = path.trim();
  if (!text.startsWith('$')) throw new JsonPathError(`Invalid JSONPath expression: ${path}`);
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '.') {
      if (text[i + 1] === '.') {
        i += 2;
        const match = /^([A-Za-z0-9_$@-]+|\*)/.exec(text.slice(i));
        if (!match) throw new JsonPathError(`Invalid JSONPath expression: ${path}`);
        steps.push({ kind: 'descend', name: match[1] === '*' ? undefined : match[1] });
        i += (match[1] as string).length;
        continue;
      }
      i++;
      if (text[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const match = /^[^.[\]\s]+/.exec(text.slice(i));
      if (!match) throw new JsonPathError(`Invalid JSONPath expression: ${path}`);
      steps.push({ kind: 'name', name: match[0] });
      i += match[0].length;
    } else if (char === '[') {
      const close = findClose(text, i);
      const inner = text.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/s.test(inner)) steps.push({ kind: 'name', name: inner.slice(1, -1) });
      else throw new JsonPathError(`Unsupported JSONPath expression: ${path}`);
    } else {
      throw new JsonPathError(`Invalid JSONPath expression: ${path}`);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(path, steps);
  return steps;
}

function findClose(text: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === ']') {
      return i;
    }
  }
  throw new JsonPathError(`Invalid JSONPath expression: unclosed [ in ${text}`);
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

function descend(value: unknown, name: string | undefined, out: unknown[]): void {
  if (value === null || typeof value !== 'object') return;
  if (name === undefined) {
    for (const child of children(value)) {
      out.push(child);
      descend(child, name, out);
    }
    return;
  }
  if (!Array.isArray(value) && Object.hasOwn(value, name)) out.push((value as Record<string, unknown>)[name]);
  for (const child of children(value)) descend(child, name, out);
}

/**
 * Evaluates `path` against `root`. A definite path (no wildcard or descent) gives the value or undefined;
 * an indefinite one gives the list of matches.
 */
export function evaluateJsonPath(root: unknown, path: string): unknown {
  const steps = parse(path);
  let current: unknown[] = [root];
  let definite = true;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'name') {
        if (
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.hasOwn(value, step.name)
        ) {
          next.push((value as Record<string, unknown>)[step.name]);
        }
      } else if (step.kind === 'index') {
        if (Array.isArray(value)) {
          const index = step.index < 0 ? value.length + step.index : step.index;
          if (index >= 0 && index < value.length) next.push(value[index]);
        }
      } else if (step.kind === 'wildcard') {
        definite = false;
        next.push(...children(value));
      } else {
        definite = false;
        descend(value, step.name, next);
      }
    }
    current = next;
  }
  return definite ? current[0] : current;
}
