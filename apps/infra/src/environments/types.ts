import type { LogRetentionDays } from '../constructs/bundled-function';
import type { HandlerName } from '../lib/bundles';

/** The stacks of the app, one per environment; also the stack names `cdktf deploy <name>` takes. */
export const STACK_NAMES = ['local', 'dev', 'prod'] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** Settings of asynchronous invocation for functions whose flow does not fix its own. */
export interface AsyncDefaults {
  readonly retryAttempts: 0 | 1 | 2;
  /** 60–21600 s. */
  readonly maxEventAgeSeconds: number;
}

/** Which cloud the AWS provider talks to. */
export type ProviderTarget =
  | { readonly kind: 'aws' }
  /** The embedded local cloud: every service endpoint at one URL, static test credentials. */
  | { readonly kind: 'local-cloud'; readonly endpoint: string };

/** Where Terraform keeps the stack's state. */
export type StateBackend =
  /** `path` is relative to the stack's working directory, `cdktf.out/stacks/<stack>`. */
  | { readonly kind: 'local'; readonly path: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly key: string;
      /** DynamoDB lock table; without one, S3-native lock files (`use_lockfile`, Terraform >= 1.10). */
      readonly lockTable?: string;
    };

/** Where the loan processor's identity and credit-reference services are. */
export type ExternalServices =
  /** The stack deploys the mock services behind function URLs and wires their URLs. */
  | { readonly kind: 'mock' }
  /**
   * Real services, given at deploy time as Terraform variables (`TF_VAR_identity_service_url`,
   * `TF_VAR_credit_reference_service_url`): synth stays green without them, plan fails without them.
   */
  | { readonly kind: 'terraform-variables' };

export interface EnvironmentConfig {
  readonly stackName: StackName;
  /** The environment the resources belong to (`local` deploys the dev environment): API stage names, tags. */
  readonly environmentName: 'dev' | 'prod';
  /** Every physical name is `<namePrefix>-<name>` (see `lib/naming`). */
  readonly namePrefix: string;
  readonly region: string;
  readonly async: AsyncDefaults;
  readonly logRetentionDays: LogRetentionDays;
  /** Pin SSE-SQS on every queue. */
  readonly sqsManagedSse: boolean;
  /** Reserved concurrency per function; a function not listed uses unreserved concurrency. */
  readonly reservedConcurrency: Readonly<Partial<Record<HandlerName, number>>>;
  readonly lambda: { readonly memorySize: number; readonly timeoutSeconds: number };
  /** The proxies' HTTP timeout towards the external services. */
  readonly httpTimeoutMs: number;
  /** Applied to every taggable resource through the provider's `default_tags`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly externalServices: ExternalServices;
  readonly provider: ProviderTarget;
  readonly state: StateBackend;
}

/** What the configuration reads from the environment at synth. */
export type SynthEnv = Readonly<Record<string, string | undefined>>;
