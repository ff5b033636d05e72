// After tsc: mark dist/esm as ES modules, and remove outputs whose source is gone. (dist is not wiped
// before building: other builds and readers share this checkout, and must never see it empty.)
import { readdirSync, rmSync, writeFileSync } from 'node:fs';

const at = (path) => new URL(`../${path}`, import.meta.url);

writeFileSync(at('dist/esm/package.json'), `${JSON.stringify({ type: 'module' })}\n`);

const modules = new Set(
  readdirSync(at('src'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -'.ts'.length)),
);
for (const dir of ['dist', 'dist/esm']) {
  for (const entry of readdirSync(at(dir), { withFileTypes: true })) {
    const match = entry.isFile() && /^(.*?)(\.d\.ts|\.js)$/.exec(entry.name);
    if (match && !modules.has(match[1])) rmSync(at(`${dir}/${entry.name}`));
  }
}
