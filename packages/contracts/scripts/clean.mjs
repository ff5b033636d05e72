// Removes build outputs so a renamed or deleted source never leaves a stale file in the published package.
import { rmSync } from 'node:fs';

for (const dir of ['dist', 'schemas']) rmSync(new URL(`../${dir}/`, import.meta.url), { recursive: true, force: true });
