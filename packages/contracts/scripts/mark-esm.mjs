// dist/esm holds the ES module build (the `import` condition): tell Node these .js files are ESM.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/esm/package.json', import.meta.url), `${JSON.stringify({ type: 'module' })}\n`);
