import { STACK_OUTPUT_NAMES, type StackOutputName } from '@lambda-chain/contracts/stack-outputs';
import { type Construct, TerraformOutput } from './lib/cdktf';

/** The outputs this app declares: exactly the contract's fixed names, in contract order. */
export type DeclaredOutputName = StackOutputName;
export const DECLARED_OUTPUT_NAMES: readonly DeclaredOutputName[] = STACK_OUTPUT_NAMES;

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
