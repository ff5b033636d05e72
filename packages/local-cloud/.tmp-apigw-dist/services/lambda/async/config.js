"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventInvokeConfigs = exports.CONFIG_NAMESPACE = void 0;
exports.eventInvokeConfigRoutes = eventInvokeConfigRoutes;
const arn_1 = require("../../../core/arn");
const errors_1 = require("../../../core/errors");
const http_1 = require("./http");
const names_1 = require("./names");
const policy_1 = require("./policy");
exports.CONFIG_NAMESPACE = 'lambda-event-invoke-config';
const LATEST = '$LATEST';
/** BC `DestinationArn` pattern (botocore 1.43.11), matched whole as AWS does. */
const DESTINATION_ARN_PATTERN_TEXT = '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const DESTINATION_ARN_PATTERN = new RegExp(`^(?:${DESTINATION_ARN_PATTERN_TEXT})$`);
/** The API action a role needs per destination service, as AWS names it in the configuration-time error. */
const DESTINATION_ACTIONS = {
    sqs: 'SendMessage',
    sns: 'Publish',
    lambda: 'InvokeFunction',
    events: 'PutEvents',
};
class EventInvokeConfigs {
    cloud;
    configs = new Map();
    constructor(cloud) {
        this.cloud = cloud;
        cloud.store.register(exports.CONFIG_NAMESPACE, {
            apply: (record) => this.apply(record),
            snapshot: () => [...this.configs.values()],
            restore: (state) => {
                this.configs.clear();
                for (const config of state)
                    this.configs.set(key(config.functionName, config.qualifier), config);
            },
        });
    }
    get(functionName, qualifier) {
        return this.configs.get(key(functionName, qualifier ?? LATEST));
    }
    list(functionName) {
        return [...this.configs.values()].filter((config) => config.functionName === functionName);
    }
    /** Retry settings in force for an invocation of this function and qualifier (AWS defaults when unset). */
    settings(functionName, qualifier) {
        const config = this.get(functionName, qualifier);
        return {
            maximumRetryAttempts: config?.maximumRetryAttempts ?? policy_1.DEFAULT_MAX_RETRY_ATTEMPTS,
            maximumEventAgeSeconds: config?.maximumEventAgeInSeconds ?? policy_1.DEFAULT_MAX_EVENT_AGE_SECONDS,
        };
    }
    put(config) {
        this.cloud.store.commit(exports.CONFIG_NAMESPACE, { o: 'put', c: config });
    }
    delete(functionName, qualifier) {
        this.cloud.store.commit(exports.CONFIG_NAMESPACE, { o: 'del', fn: functionName, q: qualifier });
    }
    deleteFunction(functionName) {
        if (this.list(functionName).length === 0)
            return;
        this.cloud.store.commit(exports.CONFIG_NAMESPACE, { o: 'delfn', fn: functionName });
    }
    apply(record) {
        if (record.o === 'put')
            this.configs.set(key(record.c.functionName, record.c.qualifier), record.c);
        else if (record.o === 'del')
            this.configs.delete(key(record.fn, record.q));
        else
            for (const config of this.list(record.fn))
                this.configs.delete(key(config.functionName, config.qualifier));
    }
}
exports.EventInvokeConfigs = EventInvokeConfigs;
const key = (functionName, qualifier) => `${functionName}:${qualifier}`;
/** The API routes of event invoke configs. */
function eventInvokeConfigRoutes(cloud, engine, configs) {
    const base = '/2019-09-25/functions/{FunctionName}/event-invoke-config';
    const qualifiedArn = (name, qualifier) => `${cloud.arn('lambda', `function:${name}`)}:${qualifier ?? LATEST}`;
    const noConfig = (name, qualifier) => new errors_1.AwsError('ResourceNotFoundException', `The function ${qualifiedArn(name, qualifier)} doesn't have an EventInvokeConfig`, 404);
    /** The function (and qualifier) must exist for Put / Update / List: "The function doesn't exist." */
    const requireFunction = (name, qualifier) => {
        const fn = engine.resolve(name, qualifier);
        if (!fn)
            throw new errors_1.AwsError('ResourceNotFoundException', "The function doesn't exist.", 404);
        return fn;
    };
    const output = (config) => {
        const out = {
            LastModified: (0, http_1.epochSeconds)(config.lastModified),
            FunctionArn: qualifiedArn(config.functionName, config.qualifier),
        };
        // Omitted settings are absent, not defaulted (recorded: "MaximumEventAgeInSeconds" not in the Get after a
        // Put without it). Unset destinations are `{}`.
        if (config.maximumRetryAttempts !== undefined)
            out.MaximumRetryAttempts = config.maximumRetryAttempts;
        if (config.maximumEventAgeInSeconds !== undefined)
            out.MaximumEventAgeInSeconds = config.maximumEventAgeInSeconds;
        out.DestinationConfig = {
            OnSuccess: config.onSuccess ? { Destination: config.onSuccess } : {},
            OnFailure: config.onFailure ? { Destination: config.onFailure } : {},
        };
        return out;
    };
    const parseSettings = (input) => {
        const maximumRetryAttempts = (0, http_1.optionalInteger)(input, 'MaximumRetryAttempts', 'maximumRetryAttempts', 0, 2);
        const maximumEventAgeInSeconds = (0, http_1.optionalInteger)(input, 'MaximumEventAgeInSeconds', 'maximumEventAgeInSeconds', 60, 21_600);
        const destination = (0, http_1.optionalObject)(input, 'DestinationConfig');
        let destinationConfig;
        if (destination) {
            const readDestination = (member) => {
                const inner = (0, http_1.optionalObject)(destination, member);
                const arn = inner?.Destination;
                if (arn === undefined || arn === null || arn === '')
                    return undefined;
                if (typeof arn !== 'string') {
                    throw new errors_1.AwsError('InvalidParameterValueException', `${member}.Destination must be a string.`, 400);
                }
                if (!DESTINATION_ARN_PATTERN.test(arn)) {
                    const field = member === 'OnSuccess' ? 'onSuccess' : 'onFailure';
                    throw new errors_1.AwsError('ValidationException', `1 validation error detected: Value '${arn}' at 'destinationConfig.${field}.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_ARN_PATTERN_TEXT}`, 400);
                }
                return arn;
            };
            destinationConfig = {
                onSuccess: readDestination('OnSuccess'),
                onFailure: readDestination('OnFailure'),
            };
        }
        if (maximumRetryAttempts === undefined && maximumEventAgeInSeconds === undefined && !destinationConfig) {
            throw new errors_1.AwsError('InvalidParameterValueException', 'You must specify at least one of error handling or destination setting.', 400);
        }
        return { maximumRetryAttempts, maximumEventAgeInSeconds, destinationConfig };
    };
    /**
     * Destination checks, in AWS's order (recorded `test_lambda_eventinvokeconfig_exceptions`): a Lambda
     * destination must exist ("The destination ARN … is invalid.") and not be the function itself; only
     * sqs / sns / lambda / events are accepted, otherwise "The provided destination config
     * DestinationConfig(onSuccess=…, onFailure=…) is invalid."; then the execution role must be allowed to
     * call the destination (checked at configuration time; Terraform retries on that message while IAM
     * propagates).
     */
    const validateDestinations = (fn, onSuccess, onFailure) => {
        let unsupported = false;
        const destinations = [onSuccess, onFailure].filter((arn) => arn !== undefined);
        for (const arn of destinations) {
            const parsed = (0, arn_1.parseArn)(arn);
            const service = parsed?.service ?? arn.split(':')[2] ?? '';
            if (service === 'lambda') {
                const target = parsed ? (0, names_1.functionFromArnResource)(parsed.resource) : undefined;
                if (!target || !engine.resolve(target.name, target.qualifier)) {
                    throw new errors_1.AwsError('InvalidParameterValueException', `The destination ARN ${arn} is invalid.`, 400);
                }
                if (target.name === fn.functionName) {
                    throw new errors_1.AwsError('InvalidParameterValueException', "You can't specify the function as a destination for itself.", 400);
                }
            }
            else if (service === 's3' && arn === onFailure && arn !== onSuccess) {
                // AWS accepts S3 for on-failure destinations; the local cloud has no S3, so refuse instead of storing
                // a destination that would never receive anything.
                throw new errors_1.AwsError('InvalidParameterValueException', `local-cloud: Amazon S3 on-failure destinations are not emulated (destination ${arn}).`, 400);
            }
            else if (!DESTINATION_ACTIONS[service]) {
                unsupported = true;
            }
        }
        if (unsupported) {
            const success = onSuccess ? `OnSuccess(destination=${onSuccess})` : 'null';
            const failure = onFailure ? `OnFailure(destination=${onFailure})` : 'null';
            throw new errors_1.AwsError('InvalidParameterValueException', `The provided destination config DestinationConfig(onSuccess=${success}, onFailure=${failure}) is invalid.`, 400);
        }
        for (const arn of destinations) {
            const service = (0, arn_1.parseArn)(arn)?.service ?? '';
            if (!cloud.delivery.actionFor(arn)) {
                throw new errors_1.AwsError('InvalidParameterValueException', `local-cloud: the destination ${arn} cannot be reached: the ${service} service is not installed in this local cloud.`, 400);
            }
            const decision = cloud.delivery.check(arn, { type: 'role', arn: fn.role });
            if (!decision.allowed) {
                throw new errors_1.AwsError('InvalidParameterValueException', `The function's execution role does not have permissions to call ${DESTINATION_ACTIONS[service]} on ${arn}`, 400);
            }
        }
    };
    const put = (request) => {
        const input = (0, http_1.jsonBody)(request);
        const settings = parseSettings(input);
        const ref = (0, names_1.functionRef)(request.params.FunctionName, request.query.get('Qualifier'));
        const fn = requireFunction(ref.name, ref.qualifier);
        const onSuccess = settings.destinationConfig?.onSuccess;
        const onFailure = settings.destinationConfig?.onFailure;
        validateDestinations(fn, onSuccess, onFailure);
        // Put replaces: whatever is omitted is removed (§3).
        const config = {
            functionName: fn.functionName,
            qualifier: ref.qualifier ?? LATEST,
            lastModified: Date.now(),
        };
        if (settings.maximumRetryAttempts !== undefined)
            config.maximumRetryAttempts = settings.maximumRetryAttempts;
        if (settings.maximumEventAgeInSeconds !== undefined)
            config.maximumEventAgeInSeconds = settings.maximumEventAgeInSeconds;
        if (onSuccess)
            config.onSuccess = onSuccess;
        if (onFailure)
            config.onFailure = onFailure;
        configs.put(config);
        return { status: 200, body: output(config) };
    };
    const update = (request) => {
        const input = (0, http_1.jsonBody)(request);
        const settings = parseSettings(input);
        const ref = (0, names_1.functionRef)(request.params.FunctionName, request.query.get('Qualifier'));
        const fn = requireFunction(ref.name, ref.qualifier);
        const existing = configs.get(fn.functionName, ref.qualifier);
        if (!existing)
            throw noConfig(fn.functionName, ref.qualifier);
        // Update merges: only the settings given change. A given DestinationConfig replaces the destinations as
        // a unit (LocalStack's validated behaviour; finer merging is [UNCONFIRMED]).
        const config = { ...existing, lastModified: Date.now() };
        if (settings.maximumRetryAttempts !== undefined)
            config.maximumRetryAttempts = settings.maximumRetryAttempts;
        if (settings.maximumEventAgeInSeconds !== undefined)
            config.maximumEventAgeInSeconds = settings.maximumEventAgeInSeconds;
        if (settings.destinationConfig) {
            validateDestinations(fn, settings.destinationConfig.onSuccess, settings.destinationConfig.onFailure);
            delete config.onSuccess;
            delete config.onFailure;
            if (settings.destinationConfig.onSuccess)
                config.onSuccess = settings.destinationConfig.onSuccess;
            if (settings.destinationConfig.onFailure)
                config.onFailure = settings.destinationConfig.onFailure;
        }
        configs.put(config);
        return { status: 200, body: output(config) };
    };
    const get = (request) => {
        const ref = (0, names_1.functionRef)(request.params.FunctionName, request.query.get('Qualifier'));
        const fn = engine.resolve(ref.name);
        const config = fn ? configs.get(fn.functionName, ref.qualifier) : undefined;
        if (!config)
            throw noConfig(ref.name, ref.qualifier);
        return { status: 200, body: output(config) };
    };
    const remove = (request) => {
        const ref = (0, names_1.functionRef)(request.params.FunctionName, request.query.get('Qualifier'));
        const fn = engine.resolve(ref.name);
        const config = fn ? configs.get(fn.functionName, ref.qualifier) : undefined;
        if (!config)
            throw noConfig(ref.name, ref.qualifier);
        configs.delete(config.functionName, config.qualifier);
        return { status: 204 };
    };
    const list = (request) => {
        const ref = (0, names_1.functionRef)(request.params.FunctionName, undefined);
        const fn = requireFunction(ref.name, undefined);
        const maxItemsText = request.query.get('MaxItems');
        let maxItems = 50;
        if (maxItemsText !== null) {
            const value = Number(maxItemsText);
            if (!Number.isInteger(value) || value < 1 || value > 50) {
                throw new errors_1.AwsError('ValidationException', `1 validation error detected: Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value ${value < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`, 400);
            }
            maxItems = value;
        }
        const all = configs
            .list(fn.functionName)
            .sort((a, b) => a.qualifier.localeCompare(b.qualifier))
            .map(output);
        const marker = request.query.get('Marker');
        let start = 0;
        if (marker) {
            start = Number(Buffer.from(marker, 'base64').toString('utf8'));
            if (!Number.isInteger(start) || start < 0) {
                throw new errors_1.AwsError('InvalidParameterValueException', 'Invalid marker.', 400);
            }
        }
        const page = all.slice(start, start + maxItems);
        const body = { FunctionEventInvokeConfigs: page };
        if (start + maxItems < all.length)
            body.NextMarker = Buffer.from(String(start + maxItems)).toString('base64');
        return { status: 200, body };
    };
    return [
        { method: 'PUT', path: base, operation: 'PutFunctionEventInvokeConfig', handler: put },
        { method: 'POST', path: base, operation: 'UpdateFunctionEventInvokeConfig', handler: update },
        { method: 'GET', path: base, operation: 'GetFunctionEventInvokeConfig', handler: get },
        { method: 'DELETE', path: base, operation: 'DeleteFunctionEventInvokeConfig', handler: remove },
        { method: 'GET', path: `${base}/list`, operation: 'ListFunctionEventInvokeConfigs', handler: list },
    ];
}
