/**
 * XML for awsQuery responses. Plain objects become nested elements, arrays become `<member>` lists
 * and `XmlMap` becomes the `<entry><key/><value/></entry>` form (reference/aws-wire-and-event-shapes.md §1.2).
 */
export class XmlMap {
  constructor(
    readonly entries: Record<string, unknown>,
    readonly keyName = 'key',
    readonly valueName = 'value',
  ) {}
}

/** An array serialized as repeated elements with this name instead of `<member>`. */
export class XmlFlatList {
  constructor(
    readonly name: string,
    readonly items: unknown[],
  ) {}
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return '&#xD;';
    }
  });
}

export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlMap) {
    let out = '';
    for (const [key, item] of Object.entries(value.entries)) {
      if (item === undefined) continue;
      out += `<entry><${value.keyName}>${escapeXml(key)}</${value.keyName}><${value.valueName}>${toXml(item)}</${value.valueName}></entry>`;
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    let out = '';
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue;
      if (item instanceof XmlFlatList) {
        for (const element of item.items) out += `<${item.name}>${toXml(element)}</${item.name}>`;
        continue;
      }
      out += `<${key}>${toXml(item)}</${key}>`;
    }
    return out;
  }
  return escapeXml(String(value));
}
