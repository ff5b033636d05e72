/**
 * The one naming helper: every physical resource name is `<prefix>-<name>`, the prefix coming from the
 * environment configuration (e.g. `lc-dev`). Names are checked here so a bad prefix fails at synth, not
 * half-way through an apply.
 */
const NAME_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** The longest physical name we build on top of a prefixed name: `<function name>-role` for IAM (64). */
export const MAX_PREFIXED_NAME_LENGTH = 64 - '-role'.length;

export function prefixedName(prefix: string, name: string): string {
  const full = `${prefix}-${name}`;
  if (!NAME_PATTERN.test(prefix) || !NAME_PATTERN.test(name)) {
    throw new Error(`Invalid resource name "${full}": use lower-case letters, digits and dashes`);
  }
  if (full.length > MAX_PREFIXED_NAME_LENGTH) {
    throw new Error(`Resource name "${full}" is longer than ${MAX_PREFIXED_NAME_LENGTH} characters`);
  }
  return full;
}

/** Binds a prefix once: `const name = namer('lc-dev'); name('echo') === 'lc-dev-echo'`. */
export type Namer = (name: string) => string;

export function namer(prefix: string): Namer {
  prefixedName(prefix, 'x'); // validate the prefix eagerly
  return (name) => prefixedName(prefix, name);
}
