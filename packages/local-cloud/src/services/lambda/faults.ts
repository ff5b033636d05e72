import type { Cloud } from '../../core/cloud';
import { AwsError } from '../../core/errors';

/**
 * Fault injection (reference/local-emulation-peers.md §5.6): make the NEXT `count` invocations of a function
 * fail the way AWS can fail them, whatever the caller (Invoke API, async engine, event sources, URLs):
 * - `throttle`: 429 TooManyRequestsException (a throttle: async invokes retry with the 1 s → 5 min backoff);
 * - `system`: 500 ServiceException (a system error, retried like a throttle);
 * - `timeout`: a function error `Sandbox.Timedout` (the code does not run);
 * - `init-crash`: a function error `Runtime.ExitError` at init (the code does not run).
 *
 * Control route: `GET /_local-cloud/faults` lists, `POST` `{functionName, kind, count?}` sets (count
 * defaults to 1), `DELETE` clears (all, or `?functionName=`).
 */
export const FAULT_KINDS = ['throttle', 'system', 'timeout', 'init-crash'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  count: number;
}

export class FaultRegistry {
  private readonly faults = new Map<string, Fault>();

  set(functionName: string, fault: { kind: FaultKind; count?: number }): void {
    if (!FAULT_KINDS.includes(fault.kind)) {
      throw new AwsError(
        'InvalidParameterValueException',
        `fault kind must be one of ${FAULT_KINDS.join(', ')}`,
        400,
      );
    }
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new AwsError('InvalidParameterValueException', 'fault count must be a positive integer', 400);
    }
    this.faults.set(functionName, { kind: fault.kind, count });
  }

  /** Consumes one occurrence of the fault set for this function, if any. */
  take(functionName: string): FaultKind | undefined {
    const fault = this.faults.get(functionName);
    if (!fault) return undefined;
    fault.count--;
    if (fault.count <= 0) this.faults.delete(functionName);
    return fault.kind;
  }

  clear(functionName?: string): void {
    if (functionName === undefined) this.faults.clear();
    else this.faults.delete(functionName);
  }

  list(): Array<{ functionName: string; kind: FaultKind; remaining: number }> {
    return [...this.faults].map(([functionName, fault]) => ({
      functionName,
      kind: fault.kind,
      remaining: fault.count,
    }));
  }

  /** Registers `/_local-cloud/faults`. */
  install(cloud: Cloud, resolveName: (nameOrArn: string) => string | undefined): void {
    cloud.controlRoutes.set('faults', (body, query, method) => {
      if (method === 'GET') return { faults: this.list() };
      if (method === 'DELETE') {
        const name = query.get('functionName') ?? undefined;
        this.clear(name === undefined ? undefined : (resolveName(name) ?? name));
        return { faults: this.list() };
      }
      if (method === 'POST' || method === 'PUT') {
        const input = (body ?? {}) as { functionName?: unknown; kind?: unknown; count?: unknown };
        if (typeof input.functionName !== 'string' || input.functionName === '') {
          throw new AwsError('InvalidParameterValueException', 'functionName is required', 400);
        }
        const name = resolveName(input.functionName);
        if (!name) {
          throw new AwsError('ResourceNotFoundException', `Function not found: ${input.functionName}`, 404);
        }
        this.set(name, {
          kind: input.kind as FaultKind,
          ...(input.count === undefined ? {} : { count: input.count as number }),
        });
        return { faults: this.list() };
      }
      throw new AwsError(
        'MethodNotAllowedException',
        `${method} is not allowed on /_local-cloud/faults`,
        405,
      );
    });
  }
}
