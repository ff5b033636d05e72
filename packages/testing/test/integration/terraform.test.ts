/**
 * The deployed local stack is exactly what Terraform wants: after `cdktf deploy local`, `terraform plan`
 * against the local cloud reports no changes (no perpetual diff in any resource the provider reads back).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INFRA_DIR, REPO_ROOT } from '@lambda-chain/infra/deploy';
import { integrationContext, localOnlyIt } from './support/context';

const ctx = integrationContext();

describe('Terraform round trip', () => {
  localOnlyIt(ctx, 'the local stack synthesized for this cloud')(
    'plans no changes right after the deploy',
    () => {
      // GIVEN the stack the global setup deployed, WHEN Terraform plans it again
      // (the CLI config with the provider mirror was written by the deploy; jest's VM cannot import the .mjs)
      const env = {
        ...process.env,
        TF_CLI_CONFIG_FILE: join(REPO_ROOT, '.tf-cli', 'terraform.rc'),
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
      };
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
});
