import { escapeXml } from '../../protocols/xml';
import { s3Error } from './errors';

/**
 * REST-XML for S3: a small parser for the request documents clients send (CreateBucketConfiguration,
 * Tagging, VersioningConfiguration, PublicAccessBlockConfiguration, ServerSideEncryptionConfiguration,
 * Delete) and a builder for responses. S3 lists are flattened (repeated elements, no `<member>`), so an
 * array under a key becomes repeated elements with that key's name. reference/aws-wire-and-event-shapes.md §1.
 */

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A key whose value is written without a wrapping element (e.g. an array of `{Version}` / `{DeleteMarker}`). */
export const INLINE = '$inline';

export interface XmlElement {
  /** Local name (namespace prefix removed). */
  name: string;
  children: XmlElement[];
  text: string;
}

export type XmlValue =
  | string
  | number
  | boolean
  | undefined
  | null
  | XmlValue[]
  | { [key: string]: XmlValue };

/** `<?xml…?><Root xmlns="…">…</Root>`: objects become elements in key order, arrays repeat their key. */
export function xmlDocument(root: string, value: XmlValue, xmlns = S3_XMLNS): string {
  const ns = xmlns ? ` xmlns="${xmlns}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${xmlBody(value)}</${root}>`;
}

export function xmlBody(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(xmlBody).join('');
  let out = '';
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    if (key === INLINE) {
      // Children spliced in as they are: lets different elements interleave (Version / DeleteMarker).
      out += xmlBody(item);
      continue;
    }
    if (Array.isArray(item)) {
      for (const element of item) out += `<${key}>${xmlBody(element)}</${key}>`;
    } else {
      out += `<${key}>${xmlBody(item)}</${key}>`;
    }
  }
  return out;
}

const malformed = () =>
  s3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (_whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    const named = ENTITIES[body];
    if (named === undefined) throw malformed();
    return named;
  });
}

/** Parses an XML document into elements (attributes are ignored). Throws MalformedXML. */
export function parseXml(input: string): XmlElement {
  let pos = 0;
  const text = input.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      if (text.slice(pos).trim() !== '' || stack.length > 0) throw malformed();
      break;
    }
    if (lt > pos) {
      const chunk = text.slice(pos, lt);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(chunk);
      else if (chunk.trim() !== '') throw malformed();
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end < 0) throw malformed();
      pos = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end < 0) throw malformed();
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      const top = stack[stack.length - 1];
      if (end < 0 || !top) throw malformed();
      top.text += text.slice(lt + 9, end);
      pos = end + 3;
    } else if (text.startsWith('<!', lt)) {
      throw malformed(); // DOCTYPE and entity declarations are refused, as S3 does
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      if (end < 0) throw malformed();
      const name = localName(text.slice(lt + 2, end).trim());
      const top = stack.pop();
      if (!top || top.name !== name) throw malformed();
      pos = end + 1;
    } else {
      const end = findTagEnd(text, lt);
      if (end < 0) throw malformed();
      let inner = text.slice(lt + 1, end);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const match = /^([A-Za-z_][\w.:-]*)/.exec(inner);
      if (!match) throw malformed();
      const element: XmlElement = { name: localName(match[1] as string), children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw malformed();
      else root = element;
      if (!selfClosing) stack.push(element);
      pos = end + 1;
    }
  }
  if (!root || stack.length > 0) throw malformed();
  return root;
}

function findTagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The first child with this name. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** Text of the first child with this name (trimmed), or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  const found = child(element, name);
  return found ? found.text.trim() : undefined;
}

/** Parses a request body that must be an XML document with this root element. */
export function parseBody(body: Buffer, root: string): XmlElement {
  if (body.length === 0) throw malformed();
  const element = parseXml(body.toString('utf8'));
  if (element.name !== root) throw malformed();
  return element;
}
