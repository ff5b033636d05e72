"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validationError = exports.AwsError = void 0;
exports.toAwsError = toAwsError;
/**
 * One error type for every service. Each protocol encodes it in its own shape
 * (`__type` for JSON, `x-amzn-ErrorType` for REST-JSON, `<ErrorResponse>` for query):
 * see reference/aws-wire-and-event-shapes.md §1.
 */
class AwsError extends Error {
    code;
    status;
    fault;
    /** SQS query-compatible code sent in `x-amzn-query-error` (e.g. AWS.SimpleQueueService.NonExistentQueue). */
    queryCode;
    /** Extra members some services add to the error body (Lambda's `Type`, `Reason`). */
    extra;
    constructor(code, message, status = 400, options = {}) {
        super(message);
        this.name = code;
        this.code = code;
        this.status = status;
        this.fault = options.fault ?? (status >= 500 ? 'Receiver' : 'Sender');
        this.queryCode = options.queryCode;
        this.extra = options.extra;
    }
}
exports.AwsError = AwsError;
const validationError = (message) => new AwsError('ValidationException', message, 400);
exports.validationError = validationError;
/** Anything thrown that is not an AwsError becomes a 500 InternalFailure; the server logs it. */
function toAwsError(error) {
    if (error instanceof AwsError)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    return new AwsError('InternalFailure', `Internal error: ${message}`, 500, { fault: 'Receiver' });
}
