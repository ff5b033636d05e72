/**
 * The functions this package builds. Each name is a directory: `src/<name>/handler.ts` is bundled into
 * `dist/<name>/index.js` and zipped into `dist/<name>.zip` (handler `index.handler`); `dist/manifest.json`
 * lists them (see {@link HandlerManifest}). Import from `@lambda-chain/handlers/functions`.
 */
export const FUNCTION_NAMES = [
  'identity-check-proxy',
  'credit-reference-proxy',
  'mock-identity-service',
  'mock-credit-reference-service',
  'process-payment',
  'notify-customer',
  'failed-payments',
  'simple-function',
  'destinations-tester',
  'failure-logger',
  'echo',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Every bundle exports `handler` from `index.js`. */
export const HANDLER = 'index.handler';

/**
 * Environment variables each function reads (all others are ignored). Required ones have no default;
 * the function throws, naming the variable, when one is missing.
 */
export const FUNCTION_ENVIRONMENT = {
  'identity-check-proxy': {
    required: ['IDENTITY_SERVICE_URL'],
    optional: { HTTP_TIMEOUT_MS: '3000' },
  },
  'credit-reference-proxy': {
    required: ['CREDIT_REFERENCE_SERVICE_URL'],
    optional: { HTTP_TIMEOUT_MS: '3000' },
  },
  'mock-identity-service': {
    required: [],
    // the function's own timeout must exceed this (plus a margin) for `Slow*` names to answer at all
    optional: { MOCK_SLOW_DELAY_MS: '5000' },
  },
  'mock-credit-reference-service': { required: [], optional: {} },
  'process-payment': { required: [], optional: {} },
  'notify-customer': { required: [], optional: {} },
  'failed-payments': { required: [], optional: {} },
  'simple-function': { required: [], optional: {} },
  'destinations-tester': { required: [], optional: {} },
  'failure-logger': { required: [], optional: {} },
  echo: { required: [], optional: {} },
} as const satisfies Record<
  FunctionName,
  { required: readonly string[]; optional: Readonly<Record<string, string>> }
>;

/** One entry of `dist/manifest.json`. */
export interface FunctionArtifact {
  name: FunctionName;
  handler: typeof HANDLER;
  /** Relative to dist/: `<name>.zip`, containing only `index.js`. */
  zip: `${FunctionName}.zip`;
  /** Relative to dist/: `<name>/index.js`. */
  bundle: `${FunctionName}/index.js`;
  bundleBytes: number;
  zipBytes: number;
  /** Hex SHA-256 of the zip. */
  sha256: string;
  /** Base64 SHA-256 of the zip: Lambda's `CodeSha256`, Terraform's `filebase64sha256()`. */
  codeSha256: string;
}

/** `dist/manifest.json` (import it as `@lambda-chain/handlers/manifest.json`). */
export interface HandlerManifest {
  functions: FunctionArtifact[];
}
