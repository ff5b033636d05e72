#!/usr/bin/env node
// Writes a Terraform CLI configuration that installs hashicorp/aws from a local provider mirror when one
// exists (offline, no 700 MB download), and from the public registry otherwise.
//
//   node scripts/terraform-cli-config.mjs          # writes .tf-cli/terraform.rc, prints `export ...` lines
//   eval "$(node scripts/terraform-cli-config.mjs)" # then run terraform / cdktf in this shell
//
// From other Node scripts:
//   import { terraformEnv } from '../../scripts/terraform-cli-config.mjs';
//   spawnSync('terraform', ['init'], { env: { ...process.env, ...terraformEnv() } });
//
// Where the mirror is looked for, first hit wins:
//   1. $TF_PROVIDER_MIRROR (an error if it does not hold the provider: it was asked for explicitly);
//   2. Terraform's implied local-mirror directories: ~/.terraform.d/plugins, $XDG_DATA_HOME/terraform/plugins
//      and <each of $XDG_DATA_DIRS>/terraform/plugins (defaults /usr/local/share, /usr/share);
//   3. the mirror a previous search found (remembered in .tf-cli/mirror.json, re-checked);
//   4. a bounded walk of the filesystem (depth 6, no symlinks, skipping /proc, /sys, /dev, /run,
//      node_modules, .git, .terraform and our own .tf-cli).
// A mirror is a directory holding registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/ (unpacked
// layout) or registry.terraform.io/hashicorp/aws/terraform-provider-aws_<version>_<os>_<arch>.zip (packed).
//
// Any TF_CLI_CONFIG_FILE already in the environment is overridden: the config written here is the one used.
// No dependencies: plain Node ESM.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The hashicorp/aws version the prebuilt @cdktf/provider-aws 20.1.0 bindings target. */
export const DEFAULT_AWS_PROVIDER_VERSION = '5.100.0';
const PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEARCH_MAX_DEPTH = 6;
const SEARCH_MAX_DIRECTORIES = 250_000;
const SEARCH_SKIP_NAMES = new Set(['node_modules', '.git', '.terraform', '.tf-cli', '.turbo', '.pnpm-store']);
const SEARCH_SKIP_PATHS = new Set(['/proc', '/sys', '/dev', '/run', '/snap']);

/** Terraform's name for this machine's platform, e.g. linux_amd64. */
export function terraformPlatform(platform = process.platform, arch = process.arch) {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' }[arch] ?? arch;
  return `${os}_${cpu}`;
}

/** True when `mirror` holds hashicorp/aws `version` for this platform, unpacked or packed. */
export function mirrorHasProvider(
  mirror,
  version = DEFAULT_AWS_PROVIDER_VERSION,
  platform = terraformPlatform(),
) {
  const providerDir = join(mirror, ...PROVIDER_ADDRESS.split('/'));
  return (
    isDirectory(join(providerDir, version, platform)) ||
    isFile(join(providerDir, `terraform-provider-aws_${version}_${platform}.zip`))
  );
}

/** Terraform's implied local-mirror directories on Unix, in Terraform's order. */
export function impliedMirrorDirectories(env = process.env, home = homedir()) {
  const dataHome = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean);
  return [
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((dir) => join(dir, 'terraform', 'plugins')),
  ];
}

/**
 * Breadth-first walk from `root` for a `registry.terraform.io` directory holding the provider; returns the
 * mirror (its parent) or undefined. Bounded by depth and by the number of directories read.
 */
export function searchForMirror({
  root = '/',
  version = DEFAULT_AWS_PROVIDER_VERSION,
  maxDepth = SEARCH_MAX_DEPTH,
  maxDirectories = SEARCH_MAX_DIRECTORIES,
} = {}) {
  let frontier = [root];
  let read = 0;
  for (let depth = 0; depth <= maxDepth && frontier.length > 0; depth++) {
    const next = [];
    for (const dir of frontier) {
      if (read++ >= maxDirectories) return undefined;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable: permissions, vanished
      }
      for (const entry of entries) {
        if (!entry.isDirectory()) continue; // symlinks are not followed: no loops, no double counting
        const path = join(dir, entry.name);
        if (entry.name === 'registry.terraform.io') {
          if (mirrorHasProvider(dir, version)) return dir;
          continue;
        }
        if (SEARCH_SKIP_NAMES.has(entry.name) || SEARCH_SKIP_PATHS.has(path)) continue;
        next.push(path);
      }
    }
    frontier = next;
  }
  return undefined;
}

/**
 * Finds a provider mirror. Returns `{ mirror, source }`, with `mirror` undefined when none was found.
 * Throws when TF_PROVIDER_MIRROR is set but does not hold the provider.
 */
export function findProviderMirror({
  env = process.env,
  version = env.TF_AWS_PROVIDER_VERSION || DEFAULT_AWS_PROVIDER_VERSION,
  repoRoot = REPO_ROOT,
  search = true,
} = {}) {
  if (env.TF_PROVIDER_MIRROR) {
    const mirror = resolve(env.TF_PROVIDER_MIRROR);
    if (!mirrorHasProvider(mirror, version)) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${env.TF_PROVIDER_MIRROR} does not contain ${PROVIDER_ADDRESS}/${version}/${terraformPlatform()}`,
      );
    }
    return { mirror, source: 'TF_PROVIDER_MIRROR' };
  }
  for (const dir of impliedMirrorDirectories(env)) {
    if (mirrorHasProvider(dir, version)) return { mirror: dir, source: 'implied' };
  }
  const remembered = readRememberedMirror(repoRoot);
  if (remembered && mirrorHasProvider(remembered, version))
    return { mirror: remembered, source: 'remembered' };
  if (search) {
    const found = searchForMirror({ version });
    if (found) return { mirror: found, source: 'search' };
  }
  return { mirror: undefined, source: 'none' };
}

/** The CLI configuration text for a mirror (or for the public registry when `mirror` is undefined). */
export function renderCliConfig({ mirror, pluginCacheDir }) {
  const hcl = (value) => JSON.stringify(value); // HCL string literals accept JSON escaping
  const installation = mirror
    ? [
        '  filesystem_mirror {',
        `    path    = ${hcl(mirror)}`,
        `    include = [${hcl(PROVIDER_ADDRESS)}]`,
        '  }',
        '  direct {',
        `    exclude = [${hcl(PROVIDER_ADDRESS)}]`,
        '  }',
      ]
    : ['  direct {}'];
  return [
    '# Written by scripts/terraform-cli-config.mjs: do not edit, re-run the script.',
    `plugin_cache_dir = ${hcl(pluginCacheDir)}`,
    // No lock files are committed for the synthesized stacks, so let init reuse the cache without one.
    'plugin_cache_may_break_dependency_lock_file = true',
    'disable_checkpoint = true',
    'provider_installation {',
    ...installation,
    '}',
    '',
  ].join('\n');
}

/**
 * Finds the mirror, writes `<repo>/.tf-cli/terraform.rc` (and the plugin cache dir) and returns
 * `{ configFile, mirror, source, pluginCacheDir }`.
 */
export function writeTerraformCliConfig(options = {}) {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const dir = join(repoRoot, '.tf-cli');
  const pluginCacheDir = join(dir, 'plugin-cache');
  mkdirSync(pluginCacheDir, { recursive: true });
  const { mirror, source } = findProviderMirror({ ...options, repoRoot });
  const configFile = join(dir, 'terraform.rc');
  const text = renderCliConfig({ mirror, pluginCacheDir });
  if (!existsSync(configFile) || readFileSync(configFile, 'utf8') !== text) writeFileSync(configFile, text);
  if (mirror) writeFileSync(join(dir, 'mirror.json'), `${JSON.stringify({ mirror }, null, 2)}\n`);
  return { configFile, mirror, source, pluginCacheDir };
}

/** The environment to pass to terraform / cdktf: merge it over process.env. */
export function terraformEnv(options = {}) {
  const { configFile } = writeTerraformCliConfig(options);
  return { CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: configFile, TF_IN_AUTOMATION: '1' };
}

function readRememberedMirror(repoRoot) {
  try {
    const { mirror } = JSON.parse(readFileSync(join(repoRoot, '.tf-cli', 'mirror.json'), 'utf8'));
    return typeof mirror === 'string' ? mirror : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const shellQuote = (value) => `'${String(value).replaceAll("'", "'\\''")}'`;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { configFile, mirror, source } = writeTerraformCliConfig();
  const env = { CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: configFile, TF_IN_AUTOMATION: '1' };
  process.stderr.write(
    mirror
      ? `terraform-cli-config: hashicorp/aws from the mirror ${mirror} (${source})\n`
      : 'terraform-cli-config: no provider mirror found; providers come from the public registry\n',
  );
  for (const [key, value] of Object.entries(env))
    process.stdout.write(`export ${key}=${shellQuote(value)}\n`);
}
