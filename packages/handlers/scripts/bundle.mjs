// Bundles each function on its own with esbuild and zips it, deterministically (same sources → same
// bytes → same hash, so Terraform uploads code only when it changed):
//   dist/<fn>/index.js      the bundle (handler `index.handler`), minified, CommonJS, node20
//   dist/<fn>/index.js.map  its source map (NOT in the zip; for decoding stack traces by hand)
//   dist/<fn>/meta.json     esbuild metafile (paths relative to this package: no absolute paths)
//   dist/<fn>.zip           just index.js, mtime 1980-01-01 00:00, mode 0644
//   dist/manifest.json      { functions: [{ name, handler, zip, bundle, bundleBytes, zipBytes, sha256, codeSha256 }] }
// Usage: node scripts/bundle.mjs [--outdir <dir>] [--only <fn>[,<fn>]]   (run after `tsc -p tsconfig.build.json`)
// dist is never wiped (other builds and readers share the checkout): files are replaced atomically, and
// the outputs of functions that no longer exist are removed at the end of a full build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { FUNCTION_NAMES, HANDLER } = require('../dist/lib/functions.js');

const { values: args } = parseArgs({
  options: { outdir: { type: 'string', default: 'dist' }, only: { type: 'string' } },
});
const outDir = resolve(packageDir, args.outdir);
const selected = args.only ? args.only.split(',') : FUNCTION_NAMES;
for (const name of selected) {
  if (!FUNCTION_NAMES.includes(name))
    throw new Error(`Unknown function "${name}" (known: ${FUNCTION_NAMES.join(', ')})`);
}

export const SIZE_BUDGET_BYTES = 100 * 1024;
/** 1980-01-01 00:00 local time: the DOS epoch, so the zip's date fields are the same in every time zone. */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix regular file, rw-r--r--, in the high 16 bits of the external attributes (os = 3: Unix). */
const ZIP_FILE_ATTRS = (0o100644 << 16) >>> 0;

/**
 * Replaces modules that a Node JSON client never uses by tiny stand-ins (each saves real bytes):
 * - form-data (+ mime-db, ~137 KB minified): axios only uses it to send multipart bodies; the stand-in
 *   builds Node 20's global FormData when one is needed, and only then: reading that global loads undici
 *   (~40 ms), which a cold start should not pay at import;
 * - debug (+ ms, supports-color): optional logging of follow-redirects / agent-base; a no-op logger.
 */
const STAND_INS = {
  'form-data': 'module.exports = function FormData() { return new globalThis.FormData(); };',
  debug:
    'function createDebug() { const log = () => {}; log.enabled = false; log.extend = createDebug; return log; }\n' +
    'module.exports = createDebug; module.exports.default = createDebug;',
};
/**
 * axios's own adapters, which the proxies never select: they send through src/shared/node-http-adapter.ts.
 * The `http` adapter drags in follow-redirects, proxy-from-env, zlib streams, http2 and `https`/`tls`
 * (~30 KB, ~45 ms of load time); the `fetch` adapter reads the global Request/Response at import, which makes
 * Node 20 load undici (~40 ms) before the handler runs. axios skips an adapter that is `false` and says
 * "not supported by the environment" if one selected it.
 */
const UNUSED_AXIOS_ADAPTERS = /^\.\/(http|xhr|fetch)\.js$/;
/**
 * axios's utils read `globalThis.FormData` at import, only to keep an `instanceof` shortcut; on Node 20 that
 * global is a lazy getter which loads undici (~40 ms of every cold start). isFormData's tag check right below
 * it recognises a real FormData without the shortcut, so the bundle drops it. The build fails if axios
 * changes that line (an upgrade must look again).
 */
const AXIOS_UTILS = /axios[\\/]lib[\\/]utils\.js$/;
const EAGER_FORM_DATA = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";
const axiosWithoutEagerFormData = {
  name: 'axios-without-eager-form-data',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: AXIOS_UTILS }, async (loadArgs) => {
      const source = await readFile(loadArgs.path, 'utf8');
      if (!source.includes(EAGER_FORM_DATA))
        throw new Error(
          `${loadArgs.path}: the eager FormData lookup changed; review AXIOS_UTILS in bundle.mjs`,
        );
      return { contents: source.replace(EAGER_FORM_DATA, 'const FormDataCtor = undefined;'), loader: 'js' };
    });
  },
};
const standIns = {
  name: 'stand-ins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: UNUSED_AXIOS_ADAPTERS }, (resolveArgs) =>
      /axios[\\/]lib[\\/]adapters[\\/]adapters\.js$/.test(resolveArgs.importer)
        ? { path: resolveArgs.path, namespace: 'unused-adapter' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'unused-adapter' }, () => ({
      contents: 'export default false;\nexport const getFetch = () => false;',
      loader: 'js',
    }));
    const filter = new RegExp(`^(${Object.keys(STAND_INS).join('|')})$`);
    pluginBuild.onResolve({ filter }, (resolveArgs) => ({ path: resolveArgs.path, namespace: 'stand-in' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'stand-in' }, (loadArgs) => ({
      contents: STAND_INS[loadArgs.path],
      loader: 'js',
    }));
  },
};

async function bundle(name) {
  const entry = `src/${name}/handler.ts`;
  if (!existsSync(join(packageDir, entry))) throw new Error(`Missing ${entry} for function "${name}"`);
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: [entry],
    outfile: join(outDir, name, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // `import` conditions + module fields: ES module builds (contracts' dist/esm, zod, axios) tree-shake
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    sourcemap: 'external',
    metafile: true,
    write: false,
    charset: 'utf8',
    logLevel: 'warning',
    plugins: [standIns, axiosWithoutEagerFormData],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('index.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('index.js.map'));
  if (!code || !map) throw new Error(`esbuild produced no bundle for ${name}`);
  const zip = zipSync(
    { 'index.js': [code.contents, { level: 9, mtime: ZIP_MTIME, os: 3, attrs: ZIP_FILE_ATTRS }] },
    { level: 9 },
  );
  const fnDir = join(outDir, name);
  mkdirSync(fnDir, { recursive: true });
  writeAtomic(join(fnDir, 'index.js'), code.contents);
  writeAtomic(join(fnDir, 'index.js.map'), map.contents);
  writeAtomic(join(fnDir, 'meta.json'), `${JSON.stringify(result.metafile, null, 2)}\n`);
  writeAtomic(join(outDir, `${name}.zip`), zip);
  const digest = createHash('sha256').update(zip).digest();
  return {
    name,
    handler: HANDLER,
    zip: `${name}.zip`,
    bundle: `${name}/index.js`,
    bundleBytes: code.contents.byteLength,
    zipBytes: zip.byteLength,
    sha256: digest.toString('hex'),
    codeSha256: digest.toString('base64'),
  };
}

/** Write to a temporary file then rename: a concurrent reader sees the old file or the new one, never half. */
function writeAtomic(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** Removes `<fn>/` directories and `<fn>.zip` files of functions that are no longer in FUNCTION_NAMES. */
function pruneStaleFunctions() {
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    const name = entry.isDirectory() ? entry.name : entry.name.replace(/\.zip$/, '');
    const isArtifact = entry.isDirectory() ? name !== 'lib' : entry.name.endsWith('.zip');
    if (isArtifact && !FUNCTION_NAMES.includes(name))
      rmSync(join(outDir, entry.name), { recursive: true, force: true });
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

mkdirSync(outDir, { recursive: true });
const functions = [];
for (const name of selected) functions.push(await bundle(name)); // one at a time: 2-core machines
writeAtomic(join(outDir, 'manifest.json'), `${JSON.stringify({ functions }, null, 2)}\n`);
if (!args.only) pruneStaleFunctions();

const rows = functions.map((fn) => [
  fn.name,
  kb(fn.bundleBytes),
  kb(fn.zipBytes),
  fn.bundleBytes > SIZE_BUDGET_BYTES ? 'over 100 KB' : 'ok',
  fn.sha256.slice(0, 12),
]);
const header = ['function', 'bundle', 'zip', 'budget', 'sha256'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const line = (cells) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(`handlers: ${functions.length} bundles in ${args.outdir}/ (manifest.json)`);
