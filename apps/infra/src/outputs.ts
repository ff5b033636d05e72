import { STACK_OUTPUT_NAMES, type StackOutputName } from '@lambda-chain/contracts/stack-outputs';
import { type Construct, TerraformOutput } from './lib/cdktf';

/**
 * Contract outputs another piece of work adds: `paymentsApiUrl` comes with the API Gateway in front of
 * the payments topic. Removing a name here makes `StackOutputValues` require its value.
 */
export const PENDING_OUTPUT_NAMES = ['paymentsApiUrl'] as const satisfies readonly StackOutputName[];
type PendingOutputName = (typeof PENDING_OUTPUT_NAMES)[number];

/** The outputs this app declares: the contract's fixed names, less the pending ones, in contract order. */
export type DeclaredOutputName = Exclude<StackOutputName, PendingOutputName>;
export const DECLARED_OUTPUT_NAMES: readonly DeclaredOutputName[] = STACK_OUTPUT_NAMES.filter(
  (name): name is DeclaredOutputName => !(PENDING_OUTPUT_NAMES as readonly string[]).includes(name),
);

/** A value for every declared output: a missing or unknown key is a type error. */
export type StackOutputValues = Readonly<Record<DeclaredOutputName, string>>;

/**
 * Declares the stack outputs with `staticId`, so each Terraform output is named exactly as in the contract
 * (`cdktf output --outputs-file` and the integration tests read them by these names).
 */
export function addStackOutputs(stack: Construct, values: StackOutputValues): void {
  for (const name of DECLARED_OUTPUT_NAMES) {
    new TerraformOutput(stack, name, { value: values[name], staticId: true });
  }
}
