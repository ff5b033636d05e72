import { compileFilterPattern, FilterPatternError } from '../src/services/logs/filter-pattern';

const match = (pattern: string | undefined, message: string): boolean =>
  compileFilterPattern(pattern)(message);

describe('term patterns', () => {
  it('matches everything when empty', () => {
    expect(match(undefined, 'x')).toBe(true);
    expect(match('   ', 'x')).toBe(true);
  });

  it('requires every term, case-sensitively', () => {
    expect(match('ERROR Exception', 'ERROR: NullPointerException thrown')).toBe(true);
    expect(match('ERROR Exception', 'ERROR: all good')).toBe(false);
    expect(match('ERROR', 'error: lower case')).toBe(false);
  });

  it('matches any of ?terms', () => {
    expect(match('?ERROR ?WARN', 'WARN disk almost full')).toBe(true);
    expect(match('?ERROR ?WARN', 'INFO fine')).toBe(false);
  });

  it('excludes -terms', () => {
    expect(match('ERROR -DEBUG', 'ERROR happened')).toBe(true);
    expect(match('ERROR -DEBUG', 'DEBUG ERROR happened')).toBe(false);
  });

  it('matches quoted phrases, including escaped quotes', () => {
    expect(match('"Task timed out"', '2024-01-01 Task timed out after 3.00 seconds')).toBe(true);
    expect(match('"Task timed out"', 'Task was timed out')).toBe(false);
    expect(match('"say \\"hi\\""', 'they say "hi" twice')).toBe(true);
  });

  it('matches Lambda log lines by request id', () => {
    const line = '2024-01-01T00:00:00.000Z\tc793869b-ee5b-4d3a-8a35-3c0a2a7d4c3b\tINFO\tprocessing';
    expect(match('"c793869b-ee5b-4d3a-8a35-3c0a2a7d4c3b"', line)).toBe(true);
  });

  it('supports %regex% patterns', () => {
    expect(match('%ERR(OR)?%', 'ERR 1')).toBe(true);
    expect(match('%^START RequestId%', 'START RequestId: x Version: $LATEST')).toBe(true);
    expect(match('%^START%', 'x START')).toBe(false);
  });

  it('refuses space-delimited patterns and malformed ones clearly', () => {
    expect(() => compileFilterPattern('[ip, user, status=404]')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('[ip, user, status=404]')).toThrow(/space-delimited/);
    expect(() => compileFilterPattern('"unterminated')).toThrow(FilterPatternError);
  });
});

describe('JSON patterns', () => {
  const event = JSON.stringify({
    level: 'ERROR',
    ms: 250,
    user: { id: 'u-1', roles: ['admin', 'dev'] },
    retry: true,
    nothing: null,
    requestId: 'abc-123',
  });

  it('compares strings with = and != and * wildcards', () => {
    expect(match('{ $.level = "ERROR" }', event)).toBe(true);
    expect(match('{ $.level = ERROR }', event)).toBe(true);
    expect(match('{ $.level != "ERROR" }', event)).toBe(false);
    expect(match('{ $.level = "ERR*" }', event)).toBe(true);
    expect(match('{ $.user.id = "u-*" }', event)).toBe(true);
    expect(match('{ $.user.roles[1] = "dev" }', event)).toBe(true);
    expect(match('{ $.user.roles[5] = "dev" }', event)).toBe(false);
  });

  it('compares numbers', () => {
    expect(match('{ $.ms > 100 }', event)).toBe(true);
    expect(match('{ $.ms >= 250 }', event)).toBe(true);
    expect(match('{ $.ms < 250 }', event)).toBe(false);
    expect(match('{ $.ms <= 250 }', event)).toBe(true);
    expect(match('{ $.ms = 250 }', event)).toBe(true);
    expect(match('{ $.ms != 250 }', event)).toBe(false);
    expect(match('{ $.level > 1 }', event)).toBe(false);
  });

  it('combines with && and || and parentheses', () => {
    expect(match('{ $.level = "ERROR" && $.ms > 100 }', event)).toBe(true);
    expect(match('{ $.level = "ERROR" && $.ms > 1000 }', event)).toBe(false);
    expect(match('{ $.level = "INFO" || $.ms > 100 }', event)).toBe(true);
    expect(match('{ ($.level = "INFO" || $.ms > 100) && $.requestId = "abc-123" }', event)).toBe(true);
    expect(match('{ $.level = "INFO" || ($.ms > 100 && $.requestId = "nope") }', event)).toBe(false);
  });

  it('supports IS NULL, IS TRUE, IS FALSE and NOT EXISTS', () => {
    expect(match('{ $.nothing IS NULL }', event)).toBe(true);
    expect(match('{ $.retry IS TRUE }', event)).toBe(true);
    expect(match('{ $.retry IS FALSE }', event)).toBe(false);
    expect(match('{ $.absent NOT EXISTS }', event)).toBe(true);
    expect(match('{ $.level NOT EXISTS }', event)).toBe(false);
  });

  it('never matches messages that are not JSON objects, nor missing fields', () => {
    expect(match('{ $.level = "ERROR" }', 'ERROR plain text')).toBe(false);
    expect(match('{ $.absent = "x" }', event)).toBe(false);
    expect(match('{ $.absent != "x" }', event)).toBe(false);
  });

  it('rejects malformed JSON patterns', () => {
    for (const bad of [
      '{ $.a = }',
      '{ level = "x" }',
      '{ $.a = "x" && }',
      '{ ($.a = 1 }',
      '{ $.a > "x" }',
      '{ $.a = 1',
    ]) {
      expect(() => compileFilterPattern(bad)).toThrow(FilterPatternError);
    }
  });
});
