// `terraform validate` on each synthesized stack, with the provider from the local mirror (see
// scripts/terraform-cli-config.mjs): init -backend=false, then validate. Slow-ish (the provider schema is
// large), so it lives in its own file.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { environments, STACK_NAMES } from '../src/environments';
import { Testing } from '../src/lib/cdktf';
import { LambdaChainStack } from '../src/stacks/lambda-chain-stack';
import { placeholderBundles } from './helpers';

jest.setTimeout(180_000);

const CLI_CONFIG_SCRIPT = resolve(__dirname, '../../../scripts/terraform-cli-config.mjs');

/** The environment the root script gives terraform: mirror config, no checkpoint, automation mode. */
function terraformEnv(): NodeJS.ProcessEnv {
  const script = `import { terraformEnv } from ${JSON.stringify(pathToFileURL(CLI_CONFIG_SCRIPT).href)};
process.stdout.write(JSON.stringify(terraformEnv()));`;
  const env = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
  return { ...process.env, ...env };
}

function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync('terraform', [...args, '-no-color'], { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

describe('terraform validate', () => {
  const env = terraformEnv();
  const outdirs: string[] = [];
  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each(STACK_NAMES)('accepts the %s stack', (name) => {
    // GIVEN the stack fully synthesized (assets copied) into a temporary cdktf.out
    const app = Testing.app();
    const stack = new LambdaChainStack(app, {
      config: environments({})[name],
      bundles: placeholderBundles(),
    });
    const outdir = Testing.fullSynth(stack);
    outdirs.push(outdir);
    const stackDir = join(outdir, 'stacks', name);
    // WHEN terraform initializes it without its backend and validates it
    terraform(['init', '-backend=false', '-input=false'], stackDir, env);
    const output = terraform(['validate', '-json'], stackDir, env);
    // THEN it is valid, without warnings
    const result = JSON.parse(output);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
