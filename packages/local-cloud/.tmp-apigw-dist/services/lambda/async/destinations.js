"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Destinations = void 0;
const arn_1 = require("../../../core/arn");
const record_1 = require("./record");
class Destinations {
    cloud;
    failures;
    constructor(cloud, failures) {
        this.cloud = cloud;
        this.failures = failures;
    }
    async sendRecord(ctx, destination, kind, condition, record) {
        const arn = (0, arn_1.parseArn)(destination);
        const service = arn?.service ?? '';
        const payload = { body: '', hops: ctx.hops, traceId: ctx.requestId };
        const detail = {};
        // DG-rec: "an unsupported destination type, such as an Amazon SQS FIFO queue or an Amazon SNS FIFO topic"
        // makes the delivery fail.
        if ((service === 'sqs' || service === 'sns') && arn?.resource.endsWith('.fifo')) {
            return this.failed(ctx, 'destination', destination, condition, kind, 'FIFO queues and topics are not supported as destinations');
        }
        switch (service) {
            case 'sqs':
            case 'lambda':
                // SQS: the record JSON is the message body. Lambda: the record is the payload, invoked asynchronously.
                payload.body = JSON.stringify(record);
                break;
            case 'sns': {
                // SNS: the record JSON is the Message, payloads dropped over 256 KB.
                const sns = (0, record_1.recordForSns)(record);
                payload.body = sns.body;
                if (sns.dropped)
                    detail.payloadDropped = true;
                break;
            }
            case 'events':
                // PutEvents with Source "lambda", DetailType "… - Success|Failure", Resources [bus, qualified fn],
                // the record as detail.
                payload.body = JSON.stringify(record);
                payload.event = {
                    source: 'lambda',
                    detailType: (0, record_1.eventBridgeDetailType)(condition),
                    resources: [destination, ctx.qualifiedFunctionArn],
                };
                break;
            default:
                return this.failed(ctx, 'destination', destination, condition, kind, `unsupported destination service ${service || destination}`);
        }
        try {
            const result = await this.cloud.delivery.deliver(destination, payload, { type: 'role', arn: ctx.role });
            this.cloud.trace.record(ctx.requestId, 'delivery', {
                target: destination,
                destination: kind,
                condition,
                ok: true,
                id: result.id,
                ...detail,
            });
            return true;
        }
        catch (error) {
            return this.failed(ctx, 'destination', destination, condition, kind, reasonOf(error));
        }
    }
    /** The original event, byte for byte, with RequestID / ErrorCode / ErrorMessage attributes. */
    async sendToDlq(ctx, target, condition, originalPayload, errorCode, errorMessage) {
        const payload = {
            body: originalPayload,
            messageAttributes: (0, record_1.dlqAttributes)(ctx.requestId, errorCode, errorMessage),
            hops: ctx.hops,
            traceId: ctx.requestId,
        };
        try {
            const result = await this.cloud.delivery.deliver(target, payload, { type: 'role', arn: ctx.role });
            this.cloud.trace.record(ctx.requestId, 'delivery', {
                target,
                destination: 'DeadLetterQueue',
                condition,
                ok: true,
                id: result.id,
            });
            return true;
        }
        catch (error) {
            // AWS: "deletes the event and emits the DeadLetterErrors metric"; here it is also recorded.
            return this.failed(ctx, 'dlq', target, condition, 'DeadLetterQueue', reasonOf(error));
        }
    }
    failed(ctx, kind, target, condition, destination, reason) {
        this.cloud.trace.record(ctx.requestId, 'delivery', { target, destination, condition, ok: false, reason });
        this.failures.add({
            requestId: ctx.requestId,
            functionName: ctx.functionName,
            kind,
            target,
            condition,
            reason,
        });
        return false;
    }
}
exports.Destinations = Destinations;
function reasonOf(error) {
    if (error instanceof Error) {
        const code = error.code;
        return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
    }
    return String(error);
}
