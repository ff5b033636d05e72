"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FaultRegistry = exports.FAULT_KINDS = void 0;
const errors_1 = require("../../core/errors");
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
exports.FAULT_KINDS = ['throttle', 'system', 'timeout', 'init-crash'];
class FaultRegistry {
    faults = new Map();
    set(functionName, fault) {
        if (!exports.FAULT_KINDS.includes(fault.kind)) {
            throw new errors_1.AwsError('InvalidParameterValueException', `fault kind must be one of ${exports.FAULT_KINDS.join(', ')}`, 400);
        }
        const count = fault.count ?? 1;
        if (!Number.isInteger(count) || count < 1) {
            throw new errors_1.AwsError('InvalidParameterValueException', 'fault count must be a positive integer', 400);
        }
        this.faults.set(functionName, { kind: fault.kind, count });
    }
    /** Consumes one occurrence of the fault set for this function, if any. */
    take(functionName) {
        const fault = this.faults.get(functionName);
        if (!fault)
            return undefined;
        fault.count--;
        if (fault.count <= 0)
            this.faults.delete(functionName);
        return fault.kind;
    }
    clear(functionName) {
        if (functionName === undefined)
            this.faults.clear();
        else
            this.faults.delete(functionName);
    }
    list() {
        return [...this.faults].map(([functionName, fault]) => ({
            functionName,
            kind: fault.kind,
            remaining: fault.count,
        }));
    }
    /** Registers `/_local-cloud/faults`. */
    install(cloud, resolveName) {
        cloud.controlRoutes.set('faults', (body, query, method) => {
            if (method === 'GET')
                return { faults: this.list() };
            if (method === 'DELETE') {
                const name = query.get('functionName') ?? undefined;
                this.clear(name === undefined ? undefined : (resolveName(name) ?? name));
                return { faults: this.list() };
            }
            if (method === 'POST' || method === 'PUT') {
                const input = (body ?? {});
                if (typeof input.functionName !== 'string' || input.functionName === '') {
                    throw new errors_1.AwsError('InvalidParameterValueException', 'functionName is required', 400);
                }
                const name = resolveName(input.functionName);
                if (!name) {
                    throw new errors_1.AwsError('ResourceNotFoundException', `Function not found: ${input.functionName}`, 404);
                }
                this.set(name, {
                    kind: input.kind,
                    ...(input.count === undefined ? {} : { count: input.count }),
                });
                return { faults: this.list() };
            }
            throw new errors_1.AwsError('MethodNotAllowedException', `${method} is not allowed on /_local-cloud/faults`, 405);
        });
    }
}
exports.FaultRegistry = FaultRegistry;
