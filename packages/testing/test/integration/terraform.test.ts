/**
 * The deployed local stack is exactly what Terraform wants: after the deploy, `terraform plan` against the
 * local cloud reports no changes (no perpetual diff in any resource the provider reads back), and the
 * cdktf CLI's own `cdktf deploy local` finds nothing to do and writes the same outputs file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INFRA_DIR, REPO_ROOT } from '@lambda-chain/infra/deploy';
import { integrationContext, localOnlyIt } from './support/context';

const ctx = integrationContext();

// The CLI config with the provider mirror was written by the deploy; jest's VM cannot import the .mjs.
const terraformEnv = () => ({
  ...process.env,
  TF_CLI_CONFIG_FILE: join(REPO_ROOT, '.tf-cli', 'terraform.rc'),
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
});

describe('Terraform round trip', () => {
  localOnlyIt(ctx, 'the local stack synthesized for this cloud')(
    'plans no changes right after the deploy',
    () => {
      // GIVEN the stack the global setup deployed, WHEN Terraform plans it again
      const env = terraformEnv();
      const plan = spawnSync(
        'terraform',
        ['plan', '-detailed-exitcode', '-no-color', '-input=false', '-lock=false'],
        { cwd: join(INFRA_DIR, 'cdktf.out', 'stacks', 'local'), env, encoding: 'utf8' },
      );
      // THEN exit code 0 means "no changes" (2 would be a diff, 1 an error)
      expect({ status: plan.status, stderr: plan.stderr }).toEqual({ status: 0, stderr: '' });
      expect(plan.stdout).toContain('No changes. Your infrastructure matches the configuration.');
    },
    120_000,
  );

  localOnlyIt(ctx, 'the local stack synthesized for this cloud')(
    '`cdktf deploy local` (the cdktf CLI) changes nothing and writes the same outputs',
    () => {
      // GIVEN the deployed stack, WHEN the cdktf CLI deploys it again (its own synth, init, plan, apply)
      const cdktf = join(
        dirname(require.resolve('cdktf-cli/package.json', { paths: [INFRA_DIR] })),
        'bundle',
        'bin',
        'cdktf',
      );
      const dir = mkdtempSync(join(tmpdir(), 'cdktf-deploy-'));
      try {
        const outputsFile = join(dir, 'outputs.json');
        const deploy = spawnSync(
          process.execPath,
          [
            cdktf,
            'deploy',
            'local',
            '--auto-approve',
            '--skip-provider-lock',
            '--outputs-file',
            outputsFile,
            '--outputs-file-include-sensitive-outputs',
          ],
          { cwd: INFRA_DIR, env: { ...terraformEnv(), CI: 'true', FORCE_COLOR: '0' }, encoding: 'utf8' },
        );
        // THEN it succeeds with nothing to change, and its outputs file is the one the deploy wrote
        const failure = `exit ${deploy.status}\n${(deploy.stdout + deploy.stderr).slice(-3000)}`;
        expect(deploy.status === 0 ? 'ok' : failure).toBe('ok');
        expect(deploy.stdout).toContain('No changes.');
        expect(JSON.parse(readFileSync(outputsFile, 'utf8'))).toEqual(
          JSON.parse(readFileSync(process.env.OUTPUTS_FILE as string, 'utf8')),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
