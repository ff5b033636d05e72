/**
 * JSON Schema draft 4 validation for API Gateway request models. API Gateway validates with the Java
 * json-schema-validator (draft 4) and logs its messages in the execution log, e.g.
 * `Request body does not match model schema for content type application/json: [object has missing required
 * properties (["amount"])]`; the messages below follow that library's wording for the common keywords.
 * `format` is not asserted (API Gateway does not either). `$ref` resolves `#/...` pointers inside the model and
 * references to other models of the API (`https://apigateway.amazonaws.com/restapis/<id>/models/<name>`).
 */
export type Schema = Record<string, unknown>;

export interface SchemaContext {
  /** Resolves another model of the same API by name. */
  model(name: string): Schema | undefined;
}

type Json = unknown;

function typeOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: Json, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

const show = (value: Json): string => JSON.stringify(value);

function equal(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as Json[];
    return a.length === other.length && a.every((item, index) => equal(item, other[index]));
  }
  const keysA = Object.keys(a as object);
  const keysB = Object.keys(b as object);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => equal((a as Record<string, Json>)[key], (b as Record<string, Json>)[key]))
  );
}

function resolvePointer(root: Schema, pointer: string): Schema | undefined {
  let current: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined; // malformed percent-encoding: the reference resolves to nothing
    }
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== null && typeof current === 'object' ? (current as Schema) : undefined;
}

class Validator {
  readonly errors: string[] = [];
  private depth = 0;

  constructor(
    private readonly context: SchemaContext,
    private root: Schema,
  ) {}

  validate(schema: Schema, value: Json, path: string): void {
    if (this.depth > 64) {
      this.errors.push('schema nesting too deep (circular $ref?)');
      return;
    }
    this.depth++;
    try {
      this.check(schema, value, path);
    } finally {
      this.depth--;
    }
  }

  private at(path: string, message: string): void {
    this.errors.push(path === '' ? message : `${message} (at ${path})`);
  }

  private check(schema: Schema, value: Json, path: string): void {
    if (typeof schema.$ref === 'string') {
      const ref = schema.$ref;
      const saved = this.root;
      let target: Schema | undefined;
      if (ref.startsWith('#')) {
        target = ref === '#' ? this.root : resolvePointer(this.root, ref.slice(1));
      } else {
        const match = /\/models\/([^/#]+)(#.*)?$/.exec(ref);
        const model = match ? this.context.model(match[1] as string) : undefined;
        if (model) {
          this.root = model;
          target = match?.[2] && match[2] !== '#' ? resolvePointer(model, match[2].slice(1)) : model;
        }
      }
      if (!target) {
        this.root = saved;
        this.at(path, `unable to resolve JSON reference "${ref}"`);
        return;
      }
      this.validate(target, value, path);
      this.root = saved;
      return;
    }

    const type = schema.type;
    if (type !== undefined) {
      const allowed = Array.isArray(type) ? (type as string[]) : [type as string];
      if (!allowed.some((t) => matchesType(value, t))) {
        this.at(
          path,
          `instance type (${typeOf(value)}) does not match any allowed primitive type (allowed: ${show(allowed)})`,
        );
        return;
      }
    }

    if (Array.isArray(schema.enum) && !schema.enum.some((option) => equal(option, value))) {
      this.at(
        path,
        `instance value (${show(value)}) not found in enum (possible values: ${show(schema.enum)})`,
      );
    }

    if (Array.isArray(schema.allOf)) {
      for (const sub of schema.allOf as Schema[]) this.validate(sub, value, path);
    }
    if (Array.isArray(schema.anyOf)) {
      const ok = (schema.anyOf as Schema[]).some((sub) => this.passes(sub, value, path));
      if (!ok)
        this.at(path, `instance failed to match at least one required schema among ${schema.anyOf.length}`);
    }
    if (Array.isArray(schema.oneOf)) {
      const count = (schema.oneOf as Schema[]).filter((sub) => this.passes(sub, value, path)).length;
      if (count !== 1) {
        this.at(
          path,
          `instance failed to match exactly one schema (matched ${count} out of ${schema.oneOf.length})`,
        );
      }
    }
    if (schema.not && typeof schema.not === 'object' && this.passes(schema.not as Schema, value, path)) {
      this.at(path, 'instance matched a schema which it should not have');
    }

    if (typeof value === 'string') this.checkString(schema, value, path);
    else if (typeof value === 'number') this.checkNumber(schema, value, path);
    else if (Array.isArray(value)) this.checkArray(schema, value, path);
    else if (value !== null && typeof value === 'object')
      this.checkObject(schema, value as Record<string, Json>, path);
  }

  private passes(schema: Schema, value: Json, path: string): boolean {
    const sub = new Validator(this.context, this.root);
    sub.validate(schema, value, path);
    return sub.errors.length === 0;
  }

  private checkString(schema: Schema, value: string, path: string): void {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) {
      this.at(
        path,
        `string ${show(value)} is too short (length: ${length}, required minimum: ${schema.minLength})`,
      );
    }
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
      this.at(
        path,
        `string ${show(value)} is too long (length: ${length}, maximum allowed: ${schema.maxLength})`,
      );
    }
    if (typeof schema.pattern === 'string') {
      let regex: RegExp | undefined;
      try {
        regex = new RegExp(schema.pattern, 'u');
      } catch {
        this.at(path, `invalid regex ${show(schema.pattern)} in schema`);
      }
      if (regex && !regex.test(value)) {
        this.at(path, `ECMA 262 regex ${show(schema.pattern)} does not match input string ${show(value)}`);
      }
    }
  }

  private checkNumber(schema: Schema, value: number, path: string): void {
    if (typeof schema.minimum === 'number') {
      if (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum) {
        this.at(
          path,
          schema.exclusiveMinimum === true
            ? `numeric instance is not strictly greater than the required minimum ${schema.minimum}`
            : `numeric instance is lower than the required minimum (minimum: ${schema.minimum}, found: ${value})`,
        );
      }
    }
    if (typeof schema.maximum === 'number') {
      if (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum) {
        this.at(
          path,
          schema.exclusiveMaximum === true
            ? `numeric instance is not strictly lower than the required maximum ${schema.maximum}`
            : `numeric instance is greater than the required maximum (maximum: ${schema.maximum}, found: ${value})`,
        );
      }
    }
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
      const quotient = value / schema.multipleOf;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
        this.at(
          path,
          `numeric instance is not a multiple of divisor (found: ${value}, divisor: ${schema.multipleOf})`,
        );
      }
    }
  }

  private checkArray(schema: Schema, value: Json[], path: string): void {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      this.at(
        path,
        `array is too short: must have at least ${schema.minItems} elements but instance has ${value.length} elements`,
      );
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      this.at(
        path,
        `array is too long: must have at most ${schema.maxItems} elements but instance has ${value.length} elements`,
      );
    }
    if (schema.uniqueItems === true) {
      for (let i = 0; i < value.length; i++) {
        if (value.slice(i + 1).some((other) => equal(other, value[i]))) {
          this.at(path, 'array must not contain duplicate elements');
          break;
        }
      }
    }
    if (Array.isArray(schema.items)) {
      const tuple = schema.items as Schema[];
      value.forEach((item, index) => {
        const itemSchema = tuple[index];
        if (itemSchema) this.validate(itemSchema, item, `${path}/${index}`);
        else if (schema.additionalItems === false) {
          this.at(
            path,
            `array instance has ${value.length} elements but the schema allows only ${tuple.length}`,
          );
        } else if (schema.additionalItems && typeof schema.additionalItems === 'object') {
          this.validate(schema.additionalItems as Schema, item, `${path}/${index}`);
        }
      });
    } else if (schema.items && typeof schema.items === 'object') {
      for (const [index, item] of value.entries())
        this.validate(schema.items as Schema, item, `${path}/${index}`);
    }
  }

  private checkObject(schema: Schema, value: Record<string, Json>, path: string): void {
    const keys = Object.keys(value);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) {
      this.at(
        path,
        `object has too few properties (found ${keys.length} but schema requires at least ${schema.minProperties})`,
      );
    }
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) {
      this.at(
        path,
        `object has too many properties (found ${keys.length} but schema requires at most ${schema.maxProperties})`,
      );
    }
    if (Array.isArray(schema.required)) {
      const missing = (schema.required as string[]).filter((name) => !Object.hasOwn(value, name));
      if (missing.length > 0)
        this.at(path, `object has missing required properties (${show(missing.sort())})`);
    }
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>).map(
      ([pattern, sub]) => [new RegExp(pattern, 'u'), sub] as const,
    );
    const extra: string[] = [];
    for (const key of keys) {
      let matched = false;
      if (Object.hasOwn(properties, key)) {
        matched = true;
        this.validate(properties[key] as Schema, value[key], `${path}/${key}`);
      }
      for (const [regex, sub] of patterns) {
        if (regex.test(key)) {
          matched = true;
          this.validate(sub, value[key], `${path}/${key}`);
        }
      }
      if (!matched) {
        if (schema.additionalProperties === false) extra.push(key);
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          this.validate(schema.additionalProperties as Schema, value[key], `${path}/${key}`);
        }
      }
    }
    if (extra.length > 0) {
      this.at(
        path,
        `object instance has properties which are not allowed by the schema: ${show(extra.sort())}`,
      );
    }
    if (schema.dependencies && typeof schema.dependencies === 'object') {
      for (const [key, dependency] of Object.entries(schema.dependencies as Record<string, unknown>)) {
        if (!Object.hasOwn(value, key)) continue;
        if (Array.isArray(dependency)) {
          const missing = (dependency as string[]).filter((name) => !Object.hasOwn(value, name));
          if (missing.length > 0) {
            this.at(
              path,
              `property ${show(key)} of object has missing property dependencies (requires ${show(dependency)}; missing: ${show(missing)})`,
            );
          }
        } else if (dependency && typeof dependency === 'object') {
          this.validate(dependency as Schema, value, path);
        }
      }
    }
  }
}

/** Validates `value` against a draft-4 `schema`; returns the error messages (empty when valid). */
export function validateJsonSchema(
  schema: Schema,
  value: unknown,
  context: SchemaContext = { model: () => undefined },
): string[] {
  const validator = new Validator(context, schema);
  validator.validate(schema, value, '');
  return validator.errors;
}
