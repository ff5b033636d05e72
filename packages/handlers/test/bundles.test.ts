/**
 * The build artifacts infra deploys (needs `build` first; turbo: test dependsOn build): manifest, zips,
 * determinism, no absolute paths, and the bundles actually run (stand-ins for form-data/debug included).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { FUNCTION_NAMES, type HandlerManifest } from '../src/functions';

const packageDir = resolve(__dirname, '..');
const repoRoot = resolve(packageDir, '..', '..');
const dist = join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as HandlerManifest;

/** The central directory entry of a one-file zip: DOS time/date, made-by OS, external attributes. */
function centralEntry(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let offset = 0; offset < zip.length - 4; offset++) {
    if (view.getUint32(offset, true) === 0x02014b50) {
      return {
        madeByOs: view.getUint8(offset + 5),
        time: view.getUint16(offset + 12, true),
        date: view.getUint16(offset + 14, true),
        externalAttrs: view.getUint32(offset + 38, true),
      };
    }
  }
  throw new Error('no central directory entry');
}

describe('dist/manifest.json', () => {
  it('lists every function, in FUNCTION_NAMES order, with index.handler', () => {
    expect(manifest.functions.map((fn) => fn.name)).toEqual([...FUNCTION_NAMES]);
    for (const fn of manifest.functions) {
      expect(fn).toMatchObject({
        handler: 'index.handler',
        zip: `${fn.name}.zip`,
        bundle: `${fn.name}/index.js`,
      });
    }
  });

  it.each(FUNCTION_NAMES)('%s: sizes and hashes match the files', (name) => {
    const fn = manifest.functions.find((candidate) => candidate.name === name);
    const zip = readFileSync(join(dist, `${name}.zip`));
    const code = readFileSync(join(dist, name, 'index.js'));
    expect(fn?.zipBytes).toBe(zip.length);
    expect(fn?.bundleBytes).toBe(code.length);
    const digest = createHash('sha256').update(zip).digest();
    expect(fn?.sha256).toBe(digest.toString('hex'));
    expect(fn?.codeSha256).toBe(digest.toString('base64'));
  });
});

describe('zips', () => {
  it.each(FUNCTION_NAMES)('%s.zip holds only index.js, dated 1980-01-01 00:00, mode 0644', (name) => {
    const zip = readFileSync(join(dist, `${name}.zip`));
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['index.js']);
    expect(
      Buffer.from(files['index.js'] as Uint8Array).equals(readFileSync(join(dist, name, 'index.js'))),
    ).toBe(true);
    const entry = centralEntry(zip);
    expect(entry.time).toBe(0);
    expect(entry.date).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
    expect(entry.madeByOs).toBe(3); // Unix
    expect(entry.externalAttrs >>> 16).toBe(0o100644);
  });
});

describe('bundles', () => {
  it.each(FUNCTION_NAMES)('%s: no absolute paths in the bundle or its metafile', (name) => {
    for (const file of ['index.js', 'meta.json']) {
      const text = readFileSync(join(dist, name, file), 'utf8');
      expect(text).not.toContain(repoRoot);
      expect(text).not.toContain(tmpdir());
    }
  });

  it('are deterministic: two bundlings (different time zones and out dirs) give the same bytes', () => {
    const only = ['echo', 'identity-check-proxy'];
    const bundleInto = (tz: string) => {
      const outDir = mkdtempSync(join(tmpdir(), 'handlers-bundle-'));
      try {
        execFileSync(process.execPath, ['scripts/bundle.mjs', '--outdir', outDir, '--only', only.join(',')], {
          cwd: packageDir,
          env: { ...process.env, TZ: tz },
          stdio: 'pipe',
        });
        const built = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as HandlerManifest;
        return built.functions.map((fn) => [fn.name, fn.sha256]);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    };
    const first = bundleInto('UTC');
    expect(first.map(([name]) => name)).toEqual(only);
    expect(bundleInto('Pacific/Kiritimati')).toEqual(first);
  });

  it('load in plain Node and run: echo, and the identity proxy bundle against the mock identity bundle', () => {
    const script = `
      const http = require('node:http');
      const dist = ${JSON.stringify(dist)};
      const load = (name) => require(dist + '/' + name + '/index.js');
      const names = ${JSON.stringify(FUNCTION_NAMES)};
      const out = { handlers: names.map((name) => typeof load(name).handler) };
      console.log = () => {};
      (async () => {
        out.echo = await load('echo').handler({ key1: 'a', key2: 'b', key3: 'c' });
        const mock = load('mock-identity-service').handler;
        const server = http.createServer((req, res) => {
          let body = '';
          req.on('data', (chunk) => { body += chunk; });
          req.on('end', async () => {
            const result = await mock({ version: '2.0', body, isBase64Encoded: false, requestContext: { http: { method: req.method } } });
            res.writeHead(result.statusCode, result.headers);
            res.end(result.body);
          });
        });
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        process.env.IDENTITY_SERVICE_URL = 'http://127.0.0.1:' + server.address().port + '/';
        const proxy = load('identity-check-proxy').handler;
        const input = { correlationId: 'bundle-1', firstName: 'Ada', lastName: 'Lovelace', postcode: 'SW1A 1AA' };
        out.verified = (await proxy(input)).identityCheck.identityVerified;
        out.unverified = (await proxy({ ...input, lastName: 'Unverified' })).identityCheck.identityVerified;
        out.failure = await proxy({ ...input, lastName: 'Fail' }).then(() => 'no error', (e) => e.name + ': ' + e.message);
        server.close();
        process.stdout.write(JSON.stringify(out));
      })().catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });
    `;
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: tmpdir(), encoding: 'utf8' }),
    );
    expect(out.handlers).toEqual(FUNCTION_NAMES.map(() => 'function'));
    expect(out.echo).toBe('a');
    expect(out.verified).toBe(true);
    expect(out.unverified).toBe(false);
    expect(out.failure).toMatch(/^UpstreamError: Identity service answered HTTP 500/);
  });
});
