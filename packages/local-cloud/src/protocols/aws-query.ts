import { AwsError } from '../core/errors';
import type { CallContext, Input, QueryService } from '../core/service';
import { escapeXml, toXml } from './xml';

/**
 * Turns flattened query parameters into a nested input: `A.member.1.B=x` → `{A:[{B:'x'}]}`,
 * `Attributes.entry.1.key=k&Attributes.entry.1.value=v` → `{Attributes:{k:'v'}}`, and SNS message
 * attributes `MessageAttributes.entry.1.Name/Value.*` → `{MessageAttributes:{name:{DataType,...}}}`.
 * Flat lists (`Attribute.1.Name`) come out as arrays too.
 */
export function parseQueryParams(params: URLSearchParams): Input {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const next = node[part];
      if (typeof next !== 'object' || next === null) {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      } else {
        node = next as Record<string, unknown>;
      }
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return normalize(root) as Input;
}

function isIndexed(node: Record<string, unknown>): boolean {
  const keys = Object.keys(node);
  return keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
}

function indexedToArray(node: Record<string, unknown>): unknown[] {
  return Object.keys(node)
    .map(Number)
    .sort((a, b) => a - b)
    .map((k) => normalize(node[String(k)]));
}

function normalize(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === 'member') {
    const members = record.member;
    if (typeof members === 'object' && members !== null && isIndexed(members as Record<string, unknown>)) {
      return indexedToArray(members as Record<string, unknown>);
    }
  }
  if (keys.length === 1 && keys[0] === 'entry') {
    const entries = record.entry as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const item of indexedToArray(entries)) {
      const entry = item as Record<string, unknown>;
      const key = (entry.key ?? entry.Name ?? entry.Key) as string | undefined;
      if (key === undefined) continue;
      out[key] = entry.value ?? entry.Value;
    }
    return out;
  }
  if (isIndexed(record)) return indexedToArray(record);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = normalize(record[key]);
  return out;
}

export function queryResponse(
  service: QueryService,
  operation: string,
  output: unknown,
  ctx: CallContext,
): string {
  const result =
    output === undefined || output === null
      ? ''
      : `<${operation}Result>${toXml(output)}</${operation}Result>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${service.xmlns}">${result}<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

export function queryError(
  service: { xmlns: string } | undefined,
  error: AwsError,
  requestId: string,
): string {
  const xmlns = service ? ` xmlns="${service.xmlns}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse${xmlns}><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

export function unknownAction(action: string | null): AwsError {
  return action
    ? new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400)
    : new AwsError('MissingAction', 'The request must contain the parameter Action.', 400);
}
