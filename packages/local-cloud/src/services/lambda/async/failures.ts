/**
 * Deliveries that failed (missing permission, missing target, FIFO destination, oversize) and events the
 * recursive-loop guard stopped. AWS only raises a metric (`DestinationDeliveryFailures`, `DeadLetterErrors`);
 * locally nothing is dropped silently: each one is kept here (served by `/_local-cloud/delivery-failures`),
 * written to stderr and recorded in the request's trace.
 */
export interface FailureEntry {
  at: string;
  requestId: string;
  functionName: string;
  /** `destination` (OnSuccess / OnFailure), `dlq`, or `recursive-loop`. */
  kind: 'destination' | 'dlq' | 'recursive-loop' | 'dropped';
  target?: string;
  condition?: string;
  reason: string;
}

export class FailureLog {
  private readonly entries: FailureEntry[] = [];

  constructor(
    private readonly capacity = 1000,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  add(entry: Omit<FailureEntry, 'at'>): void {
    const full: FailureEntry = { at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.shift();
    const target = entry.target ? ` to ${entry.target}` : '';
    this.write(
      `local-cloud: lambda ${entry.kind}${target} for ${entry.functionName} request ${entry.requestId} failed: ${entry.reason}\n`,
    );
  }

  list(): FailureEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}
