import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';

// fflate is loaded on the first zip (CreateFunction, a cold start), not at start-up.
const unzipSync = (zip: Uint8Array): Record<string, Uint8Array> =>
  (require('fflate') as typeof import('fflate')).unzipSync(zip);

/** A zip entry name that would escape the task root (absolute, `..`) is refused. */
function safeEntryPath(root: string, name: string): string | undefined {
  const normalized = normalize(name).replace(/^([/\\])+/, '');
  if (normalized.startsWith('..') || normalized.includes(`${sep}..${sep}`) || normalized === '..')
    return undefined;
  return join(root, normalized);
}

/** Unzips a deployment package and reports what it holds (for CreateFunction validation). */
export function inspectZip(zip: Uint8Array): { files: Record<string, Uint8Array>; unzippedBytes: number } {
  const files = unzipSync(zip);
  let unzippedBytes = 0;
  for (const data of Object.values(files)) unzippedBytes += data.byteLength;
  return { files, unzippedBytes };
}

/**
 * Unpacked function code, one directory per code hash (`LAMBDA_TASK_ROOT`). Unpacking happens once per
 * CodeSha256 and is atomic (temp dir + rename), so concurrent cold starts and restarts share it.
 */
export class CodeCache {
  private rootDir: string | undefined;
  private readonly ready = new Map<string, string>();
  private readonly owned: boolean;
  private envRoot: string | undefined;

  constructor(scratchDir: string | undefined) {
    this.owned = !scratchDir;
    if (scratchDir) {
      this.rootDir = scratchDir;
      mkdirSync(scratchDir, { recursive: true });
    }
  }

  /** Without a data dir, a temp dir made on the first unpack (a cloud that runs no code leaves nothing behind). */
  private get root(): string {
    this.rootDir ??= mkdtempSync(join(tmpdir(), 'local-cloud-code-'));
    return this.rootDir;
  }

  /** The task root for this code, unpacking it on first use. `key` is a filesystem-safe hash. */
  taskRoot(key: string, loadZip: () => Uint8Array | undefined): string {
    const known = this.ready.get(key);
    if (known) return known;
    const dir = join(this.root, key);
    if (!existsSync(dir)) {
      const zip = loadZip();
      if (!zip) throw new Error(`local-cloud: the code blob ${key} is missing from the store`);
      const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
      mkdirSync(tmp, { recursive: true });
      const files = unzipSync(zip);
      for (const [name, data] of Object.entries(files)) {
        const target = safeEntryPath(tmp, name);
        if (!target) continue;
        if (name.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          continue;
        }
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, data);
      }
      try {
        renameSync(tmp, dir);
      } catch {
        // Another process or a concurrent call won the race: use theirs.
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    this.ready.set(key, dir);
    return dir;
  }

  /** A private temp dir for one environment (TMPDIR, HOME), removed with it. */
  environmentDir(id: string): string {
    this.envRoot ??= mkdtempSync(join(tmpdir(), 'local-cloud-env-'));
    const dir = join(this.envRoot, id);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  removeEnvironmentDir(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  close(): void {
    if (this.owned && this.rootDir) rmSync(this.rootDir, { recursive: true, force: true });
    if (this.envRoot) rmSync(this.envRoot, { recursive: true, force: true });
  }
}
