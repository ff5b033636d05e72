import type { StateBackend } from '../environments/types';
import { type Construct, LocalBackend, S3Backend } from '../lib/cdktf';

/** The stack's state backend: one state per environment, never shared. */
export function stateBackend(scope: Construct, state: StateBackend): LocalBackend | S3Backend {
  if (state.kind === 'local') return new LocalBackend(scope, { path: state.path });
  const backend = new S3Backend(scope, {
    bucket: state.bucket,
    key: state.key,
    region: state.region,
    encrypt: true,
    dynamodbTable: state.lockTable,
  });
  // cdktf 0.21's S3BackendConfig predates S3-native locking (Terraform >= 1.10): set it raw.
  if (!state.lockTable) backend.addOverride('use_lockfile', true);
  return backend;
}
