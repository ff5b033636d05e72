"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatArn = void 0;
exports.parseArn = parseArn;
exports.requireArn = requireArn;
const errors_1 = require("./errors");
const ARN_PATTERN = /^arn:(aws[a-zA-Z-]*):([a-z0-9-.]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;
function parseArn(value) {
    const match = ARN_PATTERN.exec(value);
    if (!match)
        return undefined;
    const [, partition, service, region, accountId, resource] = match;
    return {
        partition: partition,
        service: service,
        region: region,
        accountId: accountId,
        resource: resource,
    };
}
function requireArn(value, field) {
    const arn = parseArn(value);
    if (!arn)
        throw new errors_1.AwsError('ValidationException', `Value '${value}' at '${field}' is not a valid ARN.`, 400);
    return arn;
}
const formatArn = (arn) => `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
exports.formatArn = formatArn;
