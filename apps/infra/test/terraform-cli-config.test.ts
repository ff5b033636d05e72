// scripts/terraform-cli-config.mjs (repo root): finds the hashicorp/aws mirror and writes the CLI config.
// Plain Node ESM, so it runs in a child process here, on fake mirrors in temporary directories.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SCRIPT_URL = pathToFileURL(resolve(__dirname, '../../../scripts/terraform-cli-config.mjs')).href;

/** Calls `fn(...args)` exported by the script in a child process with `env`; returns its JSON result. */
function call(fn: string, args: unknown[], env: NodeJS.ProcessEnv): unknown {
  const code = `import * as m from ${JSON.stringify(SCRIPT_URL)};
process.stdout.write(JSON.stringify(m[${JSON.stringify(fn)}](...${JSON.stringify(args)}) ?? null));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      env,
      encoding: 'utf8',
      stdio: 'pipe',
    }),
  );
}

let root: string;
let env: NodeJS.ProcessEnv;

/** A fake mirror holding hashicorp/aws 5.100.0 for this platform, unpacked. */
function fakeMirror(dir: string): string {
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  mkdirSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', platform), { recursive: true });
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tf-cli-config-'));
  mkdirSync(join(root, 'home'));
  mkdirSync(join(root, 'repo'));
  // GIVEN an environment where no implied mirror directory exists and TF_CLI_CONFIG_FILE points nowhere
  env = {
    PATH: process.env.PATH,
    HOME: join(root, 'home'),
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_DATA_DIRS: join(root, 'xdg-dirs'),
    TF_CLI_CONFIG_FILE: join(root, 'does-not-exist.rc'),
  };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('terraform-cli-config', () => {
  it('writes a filesystem mirror for hashicorp/aws from TF_PROVIDER_MIRROR, and direct for the rest', () => {
    const mirror = fakeMirror(join(root, 'mirror'));
    const result = call('terraformEnv', [{ repoRoot: join(root, 'repo') }], {
      ...env,
      TF_PROVIDER_MIRROR: mirror,
    });
    const configFile = join(root, 'repo', '.tf-cli', 'terraform.rc');
    // THEN the returned environment overrides TF_CLI_CONFIG_FILE with the written config
    expect(result).toEqual({
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: configFile,
      TF_IN_AUTOMATION: '1',
    });
    const rc = readFileSync(configFile, 'utf8');
    expect(rc).toContain(
      `plugin_cache_dir = ${JSON.stringify(join(root, 'repo', '.tf-cli', 'plugin-cache'))}`,
    );
    expect(rc).toContain(
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(mirror)}`,
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('refuses a TF_PROVIDER_MIRROR without the provider', () => {
    expect(() =>
      call('findProviderMirror', [{ repoRoot: join(root, 'repo') }], { ...env, TF_PROVIDER_MIRROR: root }),
    ).toThrow(/does not contain registry.terraform.io\/hashicorp\/aws\/5.100.0/);
  });

  it("finds a mirror in Terraform's implied directories (~/.terraform.d/plugins)", () => {
    const mirror = fakeMirror(join(root, 'home', '.terraform.d', 'plugins'));
    expect(call('findProviderMirror', [{ repoRoot: join(root, 'repo'), search: false }], env)).toEqual({
      mirror,
      source: 'implied',
    });
  });

  it('finds a mirror by a bounded walk, skipping node_modules', () => {
    fakeMirror(join(root, 'a', 'node_modules', 'hidden'));
    const mirror = fakeMirror(join(root, 'a', 'b', 'opt', 'plugins'));
    expect(call('searchForMirror', [{ root }], env)).toBe(mirror);
    expect(call('searchForMirror', [{ root, maxDepth: 2 }], env)).toBeNull();
  });

  it('falls back to the public registry when there is no mirror', () => {
    const result = call(
      'writeTerraformCliConfig',
      [{ repoRoot: join(root, 'repo'), search: false }],
      env,
    ) as {
      configFile: string;
      source: string;
    };
    expect(result.source).toBe('none');
    const rc = readFileSync(result.configFile, 'utf8');
    expect(rc).toContain('provider_installation {\n  direct {}\n}');
    expect(rc).not.toContain('filesystem_mirror');
  });
});
