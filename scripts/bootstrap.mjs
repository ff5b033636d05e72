#!/usr/bin/env node
// First-run entry for `npm run demo` / `npm test` on a fresh machine with only Node (and Terraform):
// installs the pinned pnpm if it is missing, installs the dependencies when the lockfile changed, then
// runs the given root script with pnpm. Later runs skip straight to the script.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <root script> [args...]');
  process.exit(2);
}

const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const run = (cmd, argv, options = {}) =>
  spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });

const pnpmVersion = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
if (pnpmVersion.status !== 0 || pnpmVersion.stdout.trim() !== wanted) {
  console.log(`> installing pnpm@${wanted}`);
  if (run('npm', ['install', '--global', `pnpm@${wanted}`]).status !== 0) {
    console.error(
      `could not install pnpm@${wanted}; install it yourself (npm i -g pnpm@${wanted}) and retry`,
    );
    process.exit(1);
  }
}

// pnpm writes this file on every install; reinstall when the lockfile is newer than it.
const marker = join(root, 'node_modules', '.modules.yaml');
const lockfile = join(root, 'pnpm-lock.yaml');
if (!existsSync(marker) || statSync(lockfile).mtimeMs > statSync(marker).mtimeMs) {
  console.log('> pnpm install --frozen-lockfile');
  if (run('pnpm', ['install', '--frozen-lockfile']).status !== 0) process.exit(1);
}

const result = run('pnpm', ['run', script, ...args]);
process.exit(result.status ?? 1);
