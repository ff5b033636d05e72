import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_ENVIRONMENT, FUNCTION_NAMES } from '../src/functions';

const packageDir = join(__dirname, '..');

describe('FUNCTION_NAMES', () => {
  it('names exactly the directories of src/ that have a handler.ts', () => {
    const withHandler = readdirSync(join(packageDir, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(packageDir, 'src', entry.name, 'handler.ts')))
      .map((entry) => entry.name)
      .sort();
    expect([...FUNCTION_NAMES].sort()).toEqual(withHandler);
  });

  it('every function declares its environment, every handler module has a pure core', () => {
    expect(Object.keys(FUNCTION_ENVIRONMENT).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const name of FUNCTION_NAMES) {
      const core = readFileSync(join(packageDir, 'src', name, 'core.ts'), 'utf8');
      // cores stay free of AWS SDKs and HTTP libraries (network only through an injected client)
      expect(core).not.toMatch(/from '(axios|@aws-sdk\/[^']+|node:http|node:https)'/);
    }
  });
});

describe('package exports (built: needs `build`)', () => {
  it('./functions, ./triggers and ./manifest.json resolve to built files', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.exports)).toEqual([
      './functions',
      './triggers',
      './manifest.json',
      './package.json',
    ]);
    const functions = require(join(packageDir, manifest.exports['./functions'].default));
    expect(functions.FUNCTION_NAMES).toEqual(FUNCTION_NAMES);
    expect(existsSync(join(packageDir, manifest.exports['./functions'].types))).toBe(true);
    const triggers = require(join(packageDir, manifest.exports['./triggers'].default));
    expect(Object.keys(triggers.MOCK_TRIGGERS)).toEqual(['identity', 'creditReference']);
    expect(triggers.PAYMENT_RULES).toEqual({ maxAmount: 10_000, blockedCustomerPrefix: 'blocked' });
    expect(existsSync(join(packageDir, manifest.exports['./manifest.json']))).toBe(true);
  });
});
