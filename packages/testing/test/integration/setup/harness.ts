/** State shared by the global setup and teardown (same process: jest runs both in its parent). */
export interface HarnessState {
  /** Temp dir holding the cloud's data dir, the Terraform state, the outputs file and the deploy log. */
  dir: string;
  endpoint: string;
  pid: number;
  keep: boolean;
  stateFile: string;
  deployLog: string;
}

const KEY = '__LAMBDA_CHAIN_INTEGRATION_HARNESS__';

export function setHarness(state: HarnessState | undefined): void {
  (globalThis as Record<string, unknown>)[KEY] = state;
}

export function getHarness(): HarnessState | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as HarnessState | undefined;
}

export function say(line: string): void {
  process.stderr.write(`[integration] ${line}\n`);
}
