import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let cached: string | undefined;

/**
 * The bootstrap script to fork. From the built package it is `bootstrap.js` beside this file. When the
 * package runs from TypeScript sources (jest through SWC), the bootstrap is transpiled once with the
 * TypeScript compiler into the OS temp dir, keyed by its content.
 */
export function bootstrapPath(): string {
  if (cached) return cached;
  const compiled = join(__dirname, 'bootstrap.js');
  if (existsSync(compiled)) {
    cached = compiled;
    return cached;
  }
  const source = readFileSync(join(__dirname, 'bootstrap.ts'), 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'local-cloud-bootstrap');
  const out = join(dir, `bootstrap-${hash}.js`);
  if (!existsSync(out)) {
    // Development only: typescript is a devDependency of the workspace.
    const ts = require('typescript') as typeof import('typescript');
    const result = ts.transpileModule(source, {
      fileName: 'bootstrap.cts',
      compilerOptions: {
        module: ts.ModuleKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    mkdirSync(dir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, result.outputText);
    renameSync(tmp, out);
  }
  cached = out;
  return cached;
}
