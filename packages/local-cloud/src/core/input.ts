import { AwsError } from './errors';
import type { Input } from './service';

/**
 * Small readers for decoded operation input. Each names the parameter in its error, in the shape of
 * AWS's own messages, so a malformed call gets a clear 400 instead of a crash.
 */
export class InputReader {
  constructor(
    private readonly input: Input,
    private readonly errorCode = 'InvalidParameterValue',
  ) {}

  raw(name: string): unknown {
    return this.input[name];
  }

  has(name: string): boolean {
    return this.input[name] !== undefined && this.input[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(name, 'must be a string');
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  number(name: string, range?: { min?: number; max?: number }): number | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw this.invalid(name, 'must be a number');
    if (range?.min !== undefined && n < range.min) throw this.invalid(name, `must be at least ${range.min}`);
    if (range?.max !== undefined && n > range.max) throw this.invalid(name, `must be at most ${range.max}`);
    return n;
  }

  integer(name: string, range?: { min?: number; max?: number }): number | undefined {
    const n = this.number(name, range);
    if (n !== undefined && !Number.isInteger(n)) throw this.invalid(name, 'must be an integer');
    return n;
  }

  boolean(name: string): boolean | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw this.invalid(name, 'must be a boolean');
  }

  object(name: string): Input | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.invalid(name, 'must be an object');
    return value as Input;
  }

  stringMap(name: string): Record<string, string> | undefined {
    const value = this.object(name);
    if (!value) return undefined;
    const out: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== 'string') throw this.invalid(`${name}.${key}`, 'must be a string');
      out[key] = item;
    }
    return out;
  }

  array(name: string): unknown[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw this.invalid(name, 'must be a list');
    return value;
  }

  stringArray(name: string): string[] | undefined {
    const value = this.array(name);
    if (!value) return undefined;
    return value.map((item, index) => {
      if (typeof item !== 'string') throw this.invalid(`${name}.${index + 1}`, 'must be a string');
      return item;
    });
  }

  missing(name: string): AwsError {
    return new AwsError(
      this.errorCode === 'InvalidParameterValue' ? 'MissingParameter' : this.errorCode,
      `The request must contain the parameter ${name}.`,
      400,
    );
  }

  invalid(name: string, reason: string): AwsError {
    return new AwsError(
      this.errorCode,
      `Value for parameter ${name} is invalid. Reason: ${name} ${reason}.`,
      400,
    );
  }
}
