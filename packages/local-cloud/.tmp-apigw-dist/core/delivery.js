"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Delivery = void 0;
const arn_1 = require("./arn");
const errors_1 = require("./errors");
class Delivery {
    targets = new Map();
    authorizer;
    registerTarget(service, target) {
        this.targets.set(service, target);
    }
    setAuthorizer(authorizer) {
        this.authorizer = authorizer;
    }
    getAuthorizer() {
        return this.authorizer;
    }
    /** The action a principal needs to deliver to this ARN's service, if the service is a known target. */
    actionFor(targetArn) {
        const arn = (0, arn_1.parseArn)(targetArn);
        return arn ? this.targets.get(arn.service)?.action : undefined;
    }
    /** Checks permission without delivering (used at configuration time, e.g. PutFunctionEventInvokeConfig). */
    check(targetArn, principal) {
        const arn = (0, arn_1.parseArn)(targetArn);
        if (!arn)
            return { allowed: false, reason: `invalid ARN ${targetArn}` };
        const target = this.targets.get(arn.service);
        if (!target)
            return { allowed: false, reason: `unsupported destination service ${arn.service}` };
        return this.authorize(arn, target, principal, targetArn);
    }
    async deliver(targetArn, payload, principal) {
        const arn = (0, arn_1.parseArn)(targetArn);
        if (!arn)
            throw new errors_1.AwsError('InvalidParameterValue', `Invalid target ARN: ${targetArn}`, 400);
        const target = this.targets.get(arn.service);
        if (!target)
            throw new errors_1.AwsError('UnsupportedTarget', `No local delivery to service ${arn.service}`, 400);
        const decision = this.authorize(arn, target, principal, targetArn);
        if (!decision.allowed) {
            throw new errors_1.AwsError('AccessDenied', decision.reason, 403);
        }
        return target.deliver(arn, payload, principal);
    }
    authorize(arn, target, principal, targetArn) {
        if (!this.authorizer)
            return { allowed: true, reason: 'no authorizer installed' };
        if (principal.type === 'role') {
            const decision = this.authorizer.roleAllows(principal.arn, target.action, targetArn);
            if (decision.allowed)
                return decision;
            return {
                allowed: false,
                reason: `${principal.arn} is not authorized to perform: ${target.action} on resource: ${targetArn} (${decision.reason})`,
            };
        }
        const decision = this.authorizer.resourcePolicyAllows(target.resourcePolicy(arn), principal, target.action, targetArn);
        if (decision.allowed)
            return decision;
        return {
            allowed: false,
            reason: `${principal.service} is not authorized to perform: ${target.action} on resource: ${targetArn} (${decision.reason})`,
        };
    }
}
exports.Delivery = Delivery;
