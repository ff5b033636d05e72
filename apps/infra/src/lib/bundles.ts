import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FunctionArtifact, FunctionName, HandlerManifest } from '@lambda-chain/handlers/functions';

/** Every function bundle `@lambda-chain/handlers` builds (`dist/<name>.zip`, handler `index.handler`). */
export const HANDLER_NAMES = [
  'identity-check-proxy',
  'credit-reference-proxy',
  'mock-identity-service',
  'mock-credit-reference-service',
  'process-payment',
  'notify-customer',
  'failed-payments',
  'simple-function',
  'destinations-tester',
  'failure-logger',
  'echo',
] as const;

export type HandlerName = (typeof HANDLER_NAMES)[number];

// The handlers package's own list, checked at compile time only (no runtime dependency on its code):
// a function added or renamed there without infra following fails `typecheck`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchHandlersPackage: Same<HandlerName, FunctionName> = true;
void namesMatchHandlersPackage;

export interface HandlerBundle {
  readonly name: HandlerName;
  /** Absolute path of the deterministic zip. */
  readonly zipPath: string;
  /** The Lambda `handler` setting, e.g. `index.handler`. */
  readonly handler: string;
  /** base64 SHA-256 of the zip: Lambda's `CodeSha256`, Terraform's `source_code_hash`. */
  readonly sha256Base64: string;
}

/** What infra reads of a `dist/manifest.json` entry (placeholder directories in tests have none). */
type ManifestEntry = Pick<FunctionArtifact, 'name'> &
  Partial<Pick<FunctionArtifact, 'handler' | 'codeSha256'>>;

const HANDLERS_PACKAGE = '@lambda-chain/handlers';

/**
 * Where the handler zips come from. The app reads them from the handlers package's `dist/`; tests point
 * this at a directory of placeholder zips. Nothing is bundled here: infra only wraps the artifacts.
 */
export class HandlerBundles {
  /** The handlers package's build output (turbo runs its `build` first: infra's build depends on `^build`). */
  static fromHandlersPackage(): HandlerBundles {
    return new HandlerBundles(join(handlersPackageDir(), 'dist'));
  }

  /** A directory holding `<name>.zip` files (and optionally a `manifest.json`). */
  static fromDirectory(dir: string): HandlerBundles {
    return new HandlerBundles(resolve(dir));
  }

  private readonly cache = new Map<HandlerName, HandlerBundle>();
  private readonly manifest: ReadonlyMap<string, ManifestEntry>;

  private constructor(readonly dir: string) {
    const manifestPath = join(dir, 'manifest.json');
    const entries: readonly ManifestEntry[] = existsSync(manifestPath)
      ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as HandlerManifest).functions
      : [];
    this.manifest = new Map(entries.map((entry) => [entry.name, entry]));
  }

  get(name: HandlerName): HandlerBundle {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const entry = this.manifest.get(name);
    // The handlers package's convention, `dist/<fn>.zip`; the manifest only supplies the handler setting.
    const zipPath = join(this.dir, `${name}.zip`);
    if (!existsSync(zipPath)) {
      throw new Error(
        `No bundle for "${name}" at ${zipPath}. Build the handlers first: pnpm --filter ${HANDLERS_PACKAGE} build`,
      );
    }
    const sha256Base64 = createHash('sha256').update(readFileSync(zipPath)).digest('base64');
    if (entry?.codeSha256 && entry.codeSha256 !== sha256Base64) {
      throw new Error(
        `${zipPath} does not match dist/manifest.json (codeSha256 ${entry.codeSha256}, zip ${sha256Base64}): rebuild the handlers`,
      );
    }
    const bundle: HandlerBundle = { name, zipPath, handler: entry?.handler ?? 'index.handler', sha256Base64 };
    this.cache.set(name, bundle);
    return bundle;
  }
}

function handlersPackageDir(): string {
  try {
    return dirname(require.resolve(`${HANDLERS_PACKAGE}/package.json`));
  } catch {
    // An `exports` map without "./package.json" hides it from require.resolve: walk node_modules instead.
    for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', ...HANDLERS_PACKAGE.split('/'));
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    throw new Error(`Cannot find ${HANDLERS_PACKAGE}: is it a dependency of @lambda-chain/infra?`);
  }
}
