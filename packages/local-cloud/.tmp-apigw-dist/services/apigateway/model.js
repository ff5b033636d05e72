"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ApiGatewayModel = exports.HTTP_METHODS = exports.unsupported = exports.conflict = exports.notFound = exports.NAMESPACE = void 0;
exports.parseIntegrationUri = parseIntegrationUri;
exports.lambdaFunctionFromUri = lambdaFunctionFromUri;
const errors_1 = require("../../core/errors");
const ids_1 = require("../../core/ids");
const patch_1 = require("./patch");
/**
 * The REST API control plane: state and rules, no HTTP. Every mutation works on a copy of the API and commits
 * the API's whole new state to the journal before it becomes visible, so a failed rule check changes nothing
 * and replay is a plain `set`.
 */
exports.NAMESPACE = 'apigateway';
const notFound = (message) => new errors_1.AwsError('NotFoundException', message, 404);
exports.notFound = notFound;
const conflict = (message) => new errors_1.AwsError('ConflictException', message, 409);
exports.conflict = conflict;
/** local-cloud refuses what it would store but not emulate (instead of silently ignoring it). */
const unsupported = (what) => new errors_1.AwsError('BadRequestException', `local-cloud: ${what} is not supported by the local API Gateway`, 400);
exports.unsupported = unsupported;
exports.HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const INTEGRATION_TYPES = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'];
const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const STATUS_CODE = /^[1-5]\d\d$/;
const PATH_PART = /^(?:[a-zA-Z0-9._\-:]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const STAGE_NAME = /^[a-zA-Z0-9_]{1,128}$/;
const STAGE_VARIABLE_NAME = /^[a-zA-Z0-9_]{1,64}$/;
const MODEL_NAME = /^[a-zA-Z0-9]{1,255}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** Default models every new REST API gets (as AWS creates them). */
const DEFAULT_MODELS = [
    {
        name: 'Empty',
        description: 'This is a default empty schema model',
        contentType: 'application/json',
        schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
    },
    {
        name: 'Error',
        description: 'This is a default error schema model',
        contentType: 'application/json',
        schema: '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    },
];
function parseIntegrationUri(uri) {
    const match = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):([a-z0-9.-]+):(action|path)\/(.*)$/.exec(uri);
    if (!match)
        return undefined;
    return {
        region: match[1],
        service: match[2],
        kind: match[3],
        rest: match[4],
    };
}
/** The function ARN of a Lambda integration URI (`…:lambda:path/2015-03-31/functions/<arn>/invocations`). */
function lambdaFunctionFromUri(uri) {
    const parsed = parseIntegrationUri(uri);
    if (!parsed || parsed.service !== 'lambda' || parsed.kind !== 'path')
        return undefined;
    const match = /^2015-03-31\/functions\/(.+)\/invocations$/.exec(parsed.rest);
    return match ? match[1] : undefined;
}
class ApiGatewayModel {
    store;
    now;
    apis = new Map();
    listeners = new Set();
    constructor(store, now = () => Date.now()) {
        this.store = store;
        this.now = now;
        store.register(exports.NAMESPACE, {
            apply: (record) => this.apply(record),
            snapshot: () => ({ apis: [...this.apis.values()] }),
            restore: (state) => {
                this.apis.clear();
                for (const api of state.apis ?? [])
                    this.apis.set(api.id, api);
            },
        });
    }
    /** Called after any change of an API (the invoke layer drops its caches). */
    onChange(listener) {
        this.listeners.add(listener);
    }
    apply(record) {
        if (record.kind === 'put')
            this.apis.set(record.api.id, record.api);
        else
            this.apis.delete(record.id);
        const id = record.kind === 'put' ? record.api.id : record.id;
        for (const listener of this.listeners)
            listener(id);
    }
    epochSeconds() {
        return Math.floor(this.now() / 1000);
    }
    /** Runs `change` on a copy of the API and commits the copy; a thrown error leaves the API untouched. */
    mutate(apiId, change) {
        const draft = structuredClone(this.api(apiId));
        const out = change(draft);
        this.store.commit(exports.NAMESPACE, { kind: 'put', api: draft });
        return out;
    }
    // ---- REST APIs ----
    api(apiId) {
        const api = this.apis.get(apiId);
        if (!api)
            throw (0, exports.notFound)('Invalid REST API identifier specified');
        return api;
    }
    findApi(apiId) {
        return this.apis.get(apiId);
    }
    listApis() {
        return [...this.apis.values()].sort((a, b) => a.createdDate - b.createdDate || a.id.localeCompare(b.id));
    }
    createRestApi(input) {
        if (!input.name)
            throw (0, patch_1.badRequest)('Invalid REST API name specified');
        if (input.apiKeySource !== undefined && !['HEADER', 'AUTHORIZER'].includes(input.apiKeySource)) {
            throw (0, patch_1.badRequest)(`Invalid API key source specified: ${input.apiKeySource}`);
        }
        const types = input.endpointConfiguration?.types ?? ['EDGE'];
        checkEndpointTypes(types);
        if (input.endpointConfiguration?.vpcEndpointIds?.length)
            throw (0, exports.unsupported)('endpointConfiguration.vpcEndpointIds');
        if (input.minimumCompressionSize !== undefined)
            checkCompression(input.minimumCompressionSize);
        let id = (0, ids_1.shortId)(10);
        while (this.apis.has(id))
            id = (0, ids_1.shortId)(10);
        const rootResourceId = (0, ids_1.shortId)(10);
        const created = this.epochSeconds();
        const models = {};
        for (const model of DEFAULT_MODELS)
            models[model.name] = { id: (0, ids_1.shortId)(6), ...model };
        const api = {
            id,
            name: input.name,
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.version !== undefined ? { version: input.version } : {}),
            createdDate: created,
            binaryMediaTypes: input.binaryMediaTypes ?? [],
            ...(input.minimumCompressionSize !== undefined ? { minimumCompressionSize: input.minimumCompressionSize } : {}),
            apiKeySource: input.apiKeySource ?? 'HEADER',
            endpointConfiguration: {
                types,
                ipAddressType: input.endpointConfiguration?.ipAddressType ?? 'ipv4',
            },
            disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
            rootResourceId,
            tags: input.tags ?? {},
            resources: { [rootResourceId]: { id: rootResourceId, path: '/', resourceMethods: {} } },
            models,
            requestValidators: {},
            deployments: {},
            stages: {},
        };
        this.store.commit(exports.NAMESPACE, { kind: 'put', api });
        return api;
    }
    updateRestApi(apiId, ops) {
        return this.mutate(apiId, (api) => {
            for (const op of ops) {
                const [field, ...rest] = (0, patch_1.pointerSegments)(op.path);
                switch (field) {
                    case 'name':
                        (0, patch_1.checkOp)(op, ['replace']);
                        api.name = (0, patch_1.requireValue)(op);
                        break;
                    case 'description':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            api.description = op.value;
                        else
                            delete api.description;
                        break;
                    case 'version':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            api.version = op.value;
                        else
                            delete api.version;
                        break;
                    case 'apiKeySource': {
                        (0, patch_1.checkOp)(op, ['replace']);
                        const value = (0, patch_1.requireValue)(op);
                        if (!['HEADER', 'AUTHORIZER'].includes(value))
                            throw (0, patch_1.badRequest)(`Invalid API key source specified: ${value}`);
                        api.apiKeySource = value;
                        break;
                    }
                    case 'binaryMediaTypes':
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        api.binaryMediaTypes = (0, patch_1.patchStringList)(api.binaryMediaTypes, op, rest.join('/'));
                        break;
                    case 'minimumCompressionSize':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value === undefined || op.value === '')
                            delete api.minimumCompressionSize;
                        else
                            api.minimumCompressionSize = (0, patch_1.parseInteger)(op, -1, 10_485_760);
                        if (api.minimumCompressionSize === -1)
                            delete api.minimumCompressionSize;
                        break;
                    case 'disableExecuteApiEndpoint':
                        (0, patch_1.checkOp)(op, ['replace']);
                        api.disableExecuteApiEndpoint = (0, patch_1.parseBoolean)(op);
                        break;
                    case 'endpointConfiguration': {
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (rest[0] === 'types' && rest.length === 2) {
                            const value = (0, patch_1.requireValue)(op);
                            checkEndpointTypes([value]);
                            api.endpointConfiguration.types = [value];
                        }
                        else if (rest[0] === 'ipAddressType' && rest.length === 1) {
                            const value = (0, patch_1.requireValue)(op);
                            if (!['ipv4', 'dualstack'].includes(value))
                                throw (0, patch_1.badRequest)(`Invalid ipAddressType: ${value}`);
                            api.endpointConfiguration.ipAddressType = value;
                        }
                        else {
                            throw (0, patch_1.unsupportedPath)(op);
                        }
                        break;
                    }
                    case 'policy':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            throw (0, exports.unsupported)('a REST API resource policy');
                        break;
                    default:
                        throw (0, patch_1.unsupportedPath)(op);
                }
            }
            return api;
        });
    }
    deleteRestApi(apiId) {
        this.api(apiId);
        this.store.commit(exports.NAMESPACE, { kind: 'delete', id: apiId });
    }
    // ---- resources ----
    resource(api, resourceId) {
        const resource = api.resources[resourceId];
        if (!resource)
            throw (0, exports.notFound)('Invalid Resource identifier specified');
        return resource;
    }
    listResources(apiId) {
        return Object.values(this.api(apiId).resources).sort((a, b) => a.path.localeCompare(b.path));
    }
    getResource(apiId, resourceId) {
        return this.resource(this.api(apiId), resourceId);
    }
    createResource(apiId, parentId, pathPart) {
        return this.mutate(apiId, (api) => {
            const parent = this.resource(api, parentId);
            checkPathPart(api, parent, pathPart, undefined);
            const id = uniqueKey(api.resources, 10);
            const resource = {
                id,
                parentId,
                pathPart,
                path: joinPath(parent.path, pathPart),
                resourceMethods: {},
            };
            api.resources[id] = resource;
            return resource;
        });
    }
    updateResource(apiId, resourceId, ops) {
        return this.mutate(apiId, (api) => {
            const resource = this.resource(api, resourceId);
            if (resource.id === api.rootResourceId)
                throw (0, patch_1.badRequest)('Root resource cannot be updated');
            for (const op of ops) {
                const [field] = (0, patch_1.pointerSegments)(op.path);
                (0, patch_1.checkOp)(op, ['replace']);
                if (field === 'pathPart') {
                    const parent = this.resource(api, resource.parentId);
                    const value = (0, patch_1.requireValue)(op);
                    checkPathPart(api, parent, value, resource.id);
                    resource.pathPart = value;
                }
                else if (field === 'parentId') {
                    const value = (0, patch_1.requireValue)(op);
                    const parent = this.resource(api, value);
                    for (let cursor = parent; cursor;) {
                        if (cursor.id === resource.id)
                            throw (0, patch_1.badRequest)('A resource cannot be moved under itself');
                        cursor = cursor.parentId ? api.resources[cursor.parentId] : undefined;
                    }
                    checkPathPart(api, parent, resource.pathPart, resource.id);
                    resource.parentId = value;
                }
                else {
                    throw (0, patch_1.unsupportedPath)(op);
                }
            }
            recomputePaths(api);
            return resource;
        });
    }
    deleteResource(apiId, resourceId) {
        this.mutate(apiId, (api) => {
            const resource = this.resource(api, resourceId);
            if (resource.id === api.rootResourceId)
                throw (0, patch_1.badRequest)('Cannot delete the root resource of a REST API');
            const doomed = new Set([resource.id]);
            let grew = true;
            while (grew) {
                grew = false;
                for (const candidate of Object.values(api.resources)) {
                    if (candidate.parentId && doomed.has(candidate.parentId) && !doomed.has(candidate.id)) {
                        doomed.add(candidate.id);
                        grew = true;
                    }
                }
            }
            for (const id of doomed)
                delete api.resources[id];
        });
    }
    // ---- methods ----
    method(resource, httpMethod) {
        const method = resource.resourceMethods[httpMethod];
        if (!method)
            throw (0, exports.notFound)('Invalid Method identifier specified');
        return method;
    }
    getMethod(apiId, resourceId, httpMethod) {
        return this.method(this.getResource(apiId, resourceId), httpMethod);
    }
    putMethod(apiId, resourceId, httpMethod, input) {
        checkHttpMethod(httpMethod);
        return this.mutate(apiId, (api) => {
            const resource = this.resource(api, resourceId);
            if (resource.resourceMethods[httpMethod])
                throw (0, exports.conflict)('Method already exists for this resource');
            if (!input.authorizationType)
                throw (0, patch_1.badRequest)('Authorization type must be specified');
            checkAuthorization(input.authorizationType, input.authorizerId, input.authorizationScopes);
            if (input.apiKeyRequired)
                throw (0, exports.unsupported)('apiKeyRequired (API keys and usage plans)');
            if (input.requestValidatorId !== undefined)
                this.validator(api, input.requestValidatorId);
            if (input.requestParameters)
                checkMethodRequestParameters(input.requestParameters);
            if (input.requestModels)
                checkModelRefs(api, input.requestModels);
            const method = {
                httpMethod,
                authorizationType: input.authorizationType,
                apiKeyRequired: false,
                ...(input.requestValidatorId !== undefined ? { requestValidatorId: input.requestValidatorId } : {}),
                ...(input.operationName !== undefined ? { operationName: input.operationName } : {}),
                ...(input.requestParameters && Object.keys(input.requestParameters).length > 0
                    ? { requestParameters: input.requestParameters }
                    : {}),
                ...(input.requestModels && Object.keys(input.requestModels).length > 0
                    ? { requestModels: input.requestModels }
                    : {}),
            };
            resource.resourceMethods[httpMethod] = method;
            return method;
        });
    }
    updateMethod(apiId, resourceId, httpMethod, ops) {
        return this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            for (const op of ops) {
                const [field, ...rest] = (0, patch_1.pointerSegments)(op.path);
                const key = rest.join('/');
                switch (field) {
                    case 'authorizationType':
                        (0, patch_1.checkOp)(op, ['replace']);
                        checkAuthorization((0, patch_1.requireValue)(op), undefined, undefined);
                        method.authorizationType = (0, patch_1.requireValue)(op);
                        break;
                    case 'authorizerId':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            throw (0, exports.unsupported)('authorizers');
                        break;
                    case 'apiKeyRequired':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if ((0, patch_1.parseBoolean)(op))
                            throw (0, exports.unsupported)('apiKeyRequired (API keys and usage plans)');
                        break;
                    case 'operationName':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            method.operationName = op.value;
                        else
                            delete method.operationName;
                        break;
                    case 'requestValidatorId':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value) {
                            this.validator(api, op.value);
                            method.requestValidatorId = op.value;
                        }
                        else {
                            delete method.requestValidatorId;
                        }
                        break;
                    case 'requestParameters': {
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        if (op.op !== 'remove')
                            checkMethodRequestParameters({ [key]: true });
                        const next = (0, patch_1.patchBooleanMap)(method.requestParameters, op, key);
                        if (next)
                            method.requestParameters = next;
                        else
                            delete method.requestParameters;
                        break;
                    }
                    case 'requestModels': {
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        if (op.op !== 'remove')
                            checkModelRefs(api, { [key]: (0, patch_1.requireValue)(op) });
                        const next = (0, patch_1.patchStringMap)(method.requestModels, op, key);
                        if (next)
                            method.requestModels = next;
                        else
                            delete method.requestModels;
                        break;
                    }
                    case 'authorizationScopes':
                        throw (0, exports.unsupported)('authorizationScopes');
                    default:
                        throw (0, patch_1.unsupportedPath)(op);
                }
            }
            return method;
        });
    }
    deleteMethod(apiId, resourceId, httpMethod) {
        this.mutate(apiId, (api) => {
            const resource = this.resource(api, resourceId);
            this.method(resource, httpMethod);
            delete resource.resourceMethods[httpMethod];
        });
    }
    // ---- method responses ----
    getMethodResponse(apiId, resourceId, httpMethod, statusCode) {
        const response = this.getMethod(apiId, resourceId, httpMethod).methodResponses?.[statusCode];
        if (!response)
            throw (0, exports.notFound)('Invalid Response status code specified');
        return response;
    }
    putMethodResponse(apiId, resourceId, httpMethod, statusCode, input) {
        checkStatusCode(statusCode);
        return this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            if (input.responseParameters) {
                for (const key of Object.keys(input.responseParameters)) {
                    if (!/^method\.response\.header\.[^.\s]+$/.test(key)) {
                        throw (0, patch_1.badRequest)(`Invalid mapping expression specified: ${key}`);
                    }
                }
            }
            if (input.responseModels)
                checkModelRefs(api, input.responseModels);
            const response = {
                statusCode,
                ...(input.responseParameters && Object.keys(input.responseParameters).length > 0
                    ? { responseParameters: input.responseParameters }
                    : {}),
                ...(input.responseModels && Object.keys(input.responseModels).length > 0
                    ? { responseModels: input.responseModels }
                    : {}),
            };
            method.methodResponses = { ...(method.methodResponses ?? {}), [statusCode]: response };
            return response;
        });
    }
    updateMethodResponse(apiId, resourceId, httpMethod, statusCode, ops) {
        return this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            const response = method.methodResponses?.[statusCode];
            if (!response)
                throw (0, exports.notFound)('Invalid Response status code specified');
            for (const op of ops) {
                const [field, ...rest] = (0, patch_1.pointerSegments)(op.path);
                const key = rest.join('/');
                (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                if (field === 'responseParameters') {
                    const next = (0, patch_1.patchBooleanMap)(response.responseParameters, op, key);
                    if (next)
                        response.responseParameters = next;
                    else
                        delete response.responseParameters;
                }
                else if (field === 'responseModels') {
                    if (op.op !== 'remove')
                        checkModelRefs(api, { [key]: (0, patch_1.requireValue)(op) });
                    const next = (0, patch_1.patchStringMap)(response.responseModels, op, key);
                    if (next)
                        response.responseModels = next;
                    else
                        delete response.responseModels;
                }
                else {
                    throw (0, patch_1.unsupportedPath)(op);
                }
            }
            return response;
        });
    }
    deleteMethodResponse(apiId, resourceId, httpMethod, statusCode) {
        this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            if (!method.methodResponses?.[statusCode])
                throw (0, exports.notFound)('Invalid Response status code specified');
            delete method.methodResponses[statusCode];
            if (Object.keys(method.methodResponses).length === 0)
                delete method.methodResponses;
        });
    }
    // ---- integrations ----
    integration(method) {
        if (!method.methodIntegration)
            throw (0, exports.notFound)('Invalid Integration identifier specified');
        return method.methodIntegration;
    }
    getIntegration(apiId, resourceId, httpMethod) {
        return this.integration(this.getMethod(apiId, resourceId, httpMethod));
    }
    putIntegration(apiId, resourceId, httpMethod, input) {
        return this.mutate(apiId, (api) => {
            const resource = this.resource(api, resourceId);
            const method = this.method(resource, httpMethod);
            const integration = buildIntegration(resource, method, input);
            // PutIntegration replaces the integration, and with it its integration responses (as AWS does).
            method.methodIntegration = integration;
            return integration;
        });
    }
    updateIntegration(apiId, resourceId, httpMethod, ops) {
        return this.mutate(apiId, (api) => {
            const resource = this.resource(api, resourceId);
            const method = this.method(resource, httpMethod);
            const current = this.integration(method);
            const next = {
                type: current.type,
                ...(current.httpMethod !== undefined ? { integrationHttpMethod: current.httpMethod } : {}),
                ...(current.uri !== undefined ? { uri: current.uri } : {}),
                ...(current.connectionType !== undefined ? { connectionType: current.connectionType } : {}),
                ...(current.credentials !== undefined ? { credentials: current.credentials } : {}),
                ...(current.requestParameters ? { requestParameters: current.requestParameters } : {}),
                ...(current.requestTemplates ? { requestTemplates: current.requestTemplates } : {}),
                passthroughBehavior: current.passthroughBehavior,
                cacheNamespace: current.cacheNamespace,
                cacheKeyParameters: current.cacheKeyParameters,
                ...(current.contentHandling !== undefined ? { contentHandling: current.contentHandling } : {}),
                timeoutInMillis: current.timeoutInMillis,
            };
            for (const op of ops) {
                const [field, ...rest] = (0, patch_1.pointerSegments)(op.path);
                const key = rest.join('/');
                switch (field) {
                    case 'uri':
                    case 'credentials':
                    case 'connectionType':
                    case 'passthroughBehavior':
                    case 'cacheNamespace':
                    case 'contentHandling':
                    case 'connectionId':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value === undefined || op.value === '')
                            delete next[field];
                        else
                            next[field] = op.value;
                        break;
                    case 'httpMethod':
                        (0, patch_1.checkOp)(op, ['replace']);
                        next.integrationHttpMethod = (0, patch_1.requireValue)(op);
                        break;
                    case 'timeoutInMillis':
                        (0, patch_1.checkOp)(op, ['replace']);
                        next.timeoutInMillis = (0, patch_1.parseInteger)(op, 50, 29_000);
                        break;
                    case 'requestTemplates':
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        next.requestTemplates = (0, patch_1.patchStringMap)(next.requestTemplates, op, key);
                        break;
                    case 'requestParameters':
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        next.requestParameters = (0, patch_1.patchStringMap)(next.requestParameters, op, key);
                        break;
                    case 'cacheKeyParameters':
                        (0, patch_1.checkOp)(op, ['add', 'remove']);
                        next.cacheKeyParameters = (0, patch_1.patchStringList)(next.cacheKeyParameters ?? [], op, key);
                        break;
                    case 'tlsConfig':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value === 'true')
                            throw (0, exports.unsupported)('tlsConfig.insecureSkipVerification');
                        break;
                    default:
                        throw (0, patch_1.unsupportedPath)(op);
                }
            }
            const integration = buildIntegration(resource, method, next);
            if (current.integrationResponses)
                integration.integrationResponses = current.integrationResponses;
            method.methodIntegration = integration;
            return integration;
        });
    }
    deleteIntegration(apiId, resourceId, httpMethod) {
        this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            this.integration(method);
            delete method.methodIntegration;
        });
    }
    // ---- integration responses ----
    getIntegrationResponse(apiId, resourceId, httpMethod, statusCode) {
        const response = this.getIntegration(apiId, resourceId, httpMethod).integrationResponses?.[statusCode];
        if (!response)
            throw (0, exports.notFound)('Invalid Response status code specified');
        return response;
    }
    putIntegrationResponse(apiId, resourceId, httpMethod, statusCode, input) {
        checkStatusCode(statusCode);
        return this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            const integration = this.integration(method);
            const methodResponse = method.methodResponses?.[statusCode];
            if (!methodResponse)
                throw (0, exports.notFound)('Invalid Response status code specified');
            const response = buildIntegrationResponse(statusCode, methodResponse, input);
            integration.integrationResponses = { ...(integration.integrationResponses ?? {}), [statusCode]: response };
            return response;
        });
    }
    updateIntegrationResponse(apiId, resourceId, httpMethod, statusCode, ops) {
        return this.mutate(apiId, (api) => {
            const method = this.method(this.resource(api, resourceId), httpMethod);
            const integration = this.integration(method);
            const current = integration.integrationResponses?.[statusCode];
            const methodResponse = method.methodResponses?.[statusCode];
            if (!current || !methodResponse)
                throw (0, exports.notFound)('Invalid Response status code specified');
            const next = { ...current };
            for (const op of ops) {
                const [field, ...rest] = (0, patch_1.pointerSegments)(op.path);
                const key = rest.join('/');
                switch (field) {
                    case 'selectionPattern':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            next.selectionPattern = op.value;
                        else
                            delete next.selectionPattern;
                        break;
                    case 'contentHandling':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            next.contentHandling = op.value;
                        else
                            delete next.contentHandling;
                        break;
                    case 'responseTemplates':
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        next.responseTemplates = (0, patch_1.patchStringMap)(next.responseTemplates, op, key);
                        break;
                    case 'responseParameters':
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        next.responseParameters = (0, patch_1.patchStringMap)(next.responseParameters, op, key);
                        break;
                    default:
                        throw (0, patch_1.unsupportedPath)(op);
                }
            }
            const response = buildIntegrationResponse(statusCode, methodResponse, next);
            integration.integrationResponses = { ...(integration.integrationResponses ?? {}), [statusCode]: response };
            return response;
        });
    }
    deleteIntegrationResponse(apiId, resourceId, httpMethod, statusCode) {
        this.mutate(apiId, (api) => {
            const integration = this.integration(this.method(this.resource(api, resourceId), httpMethod));
            if (!integration.integrationResponses?.[statusCode])
                throw (0, exports.notFound)('Invalid Response status code specified');
            delete integration.integrationResponses[statusCode];
            if (Object.keys(integration.integrationResponses).length === 0)
                delete integration.integrationResponses;
        });
    }
    // ---- models ----
    model(api, name) {
        const model = api.models[name];
        if (!model)
            throw (0, exports.notFound)(`Invalid model name specified: ${name}`);
        return model;
    }
    getModel(apiId, name) {
        return this.model(this.api(apiId), name);
    }
    listModels(apiId) {
        return Object.values(this.api(apiId).models).sort((a, b) => a.name.localeCompare(b.name));
    }
    createModel(apiId, input) {
        return this.mutate(apiId, (api) => {
            if (!MODEL_NAME.test(input.name))
                throw (0, patch_1.badRequest)('Model name must be non-empty and alphanumeric');
            if (api.models[input.name])
                throw (0, exports.conflict)('Model name already exists for this REST API');
            if (!input.contentType)
                throw (0, patch_1.badRequest)('Content type must be specified');
            if (input.schema !== undefined)
                checkSchema(input.schema);
            const model = {
                id: uniqueModelId(api),
                name: input.name,
                contentType: input.contentType,
                ...(input.schema !== undefined ? { schema: input.schema } : {}),
                ...(input.description !== undefined ? { description: input.description } : {}),
            };
            api.models[input.name] = model;
            return model;
        });
    }
    updateModel(apiId, name, ops) {
        return this.mutate(apiId, (api) => {
            const model = this.model(api, name);
            for (const op of ops) {
                const [field] = (0, patch_1.pointerSegments)(op.path);
                (0, patch_1.checkOp)(op, ['replace']);
                if (field === 'schema') {
                    const value = (0, patch_1.requireValue)(op);
                    checkSchema(value);
                    model.schema = value;
                }
                else if (field === 'description') {
                    if (op.value)
                        model.description = op.value;
                    else
                        delete model.description;
                }
                else {
                    throw (0, patch_1.unsupportedPath)(op);
                }
            }
            return model;
        });
    }
    deleteModel(apiId, name) {
        this.mutate(apiId, (api) => {
            this.model(api, name);
            for (const resource of Object.values(api.resources)) {
                for (const method of Object.values(resource.resourceMethods)) {
                    const used = Object.values(method.requestModels ?? {}).includes(name) ||
                        Object.values(method.methodResponses ?? {}).some((r) => Object.values(r.responseModels ?? {}).includes(name));
                    if (used) {
                        throw (0, exports.conflict)(`Cannot delete model '${name}', is referenced in method request: ${resource.path}/${method.httpMethod}`);
                    }
                }
            }
            delete api.models[name];
        });
    }
    // ---- request validators ----
    validator(api, id) {
        const validator = api.requestValidators[id];
        if (!validator)
            throw (0, exports.notFound)('Invalid Request Validator identifier specified');
        return validator;
    }
    getRequestValidator(apiId, id) {
        return this.validator(this.api(apiId), id);
    }
    listRequestValidators(apiId) {
        return Object.values(this.api(apiId).requestValidators);
    }
    createRequestValidator(apiId, input) {
        return this.mutate(apiId, (api) => {
            if (input.name && Object.values(api.requestValidators).some((v) => v.name === input.name)) {
                throw (0, exports.conflict)(`Validator with name '${input.name}' already exists`);
            }
            const validator = {
                id: uniqueKey(api.requestValidators, 6),
                ...(input.name !== undefined ? { name: input.name } : {}),
                validateRequestBody: input.validateRequestBody ?? false,
                validateRequestParameters: input.validateRequestParameters ?? false,
            };
            api.requestValidators[validator.id] = validator;
            return validator;
        });
    }
    updateRequestValidator(apiId, id, ops) {
        return this.mutate(apiId, (api) => {
            const validator = this.validator(api, id);
            for (const op of ops) {
                const [field] = (0, patch_1.pointerSegments)(op.path);
                (0, patch_1.checkOp)(op, ['replace']);
                if (field === 'name')
                    validator.name = (0, patch_1.requireValue)(op);
                else if (field === 'validateRequestBody')
                    validator.validateRequestBody = (0, patch_1.parseBoolean)(op);
                else if (field === 'validateRequestParameters')
                    validator.validateRequestParameters = (0, patch_1.parseBoolean)(op);
                else
                    throw (0, patch_1.unsupportedPath)(op);
            }
            return validator;
        });
    }
    deleteRequestValidator(apiId, id) {
        this.mutate(apiId, (api) => {
            this.validator(api, id);
            for (const resource of Object.values(api.resources)) {
                for (const method of Object.values(resource.resourceMethods)) {
                    if (method.requestValidatorId === id) {
                        throw (0, exports.conflict)(`Cannot delete request validator ${id}: it is used by ${resource.path}/${method.httpMethod}`);
                    }
                }
            }
            delete api.requestValidators[id];
        });
    }
    // ---- deployments ----
    deployment(api, id) {
        const deployment = api.deployments[id];
        if (!deployment)
            throw (0, exports.notFound)('Invalid Deployment identifier specified');
        return deployment;
    }
    getDeployment(apiId, id) {
        return this.deployment(this.api(apiId), id);
    }
    listDeployments(apiId) {
        return Object.values(this.api(apiId).deployments).sort((a, b) => a.createdDate - b.createdDate);
    }
    createDeployment(apiId, input) {
        if (input.cacheClusterEnabled)
            throw (0, exports.unsupported)('the stage cache cluster');
        if (input.canarySettings)
            throw (0, exports.unsupported)('canary settings');
        if (input.tracingEnabled)
            throw (0, exports.unsupported)('X-Ray tracing');
        if (input.stageName !== undefined)
            checkStageName(input.stageName);
        if (input.variables)
            checkStageVariables(input.variables);
        return this.mutate(apiId, (api) => {
            const methods = Object.values(api.resources).flatMap((r) => Object.values(r.resourceMethods));
            if (methods.length === 0)
                throw (0, patch_1.badRequest)("The REST API doesn't contain any methods");
            for (const resource of Object.values(api.resources)) {
                for (const method of Object.values(resource.resourceMethods)) {
                    if (!method.methodIntegration)
                        throw (0, patch_1.badRequest)('No integration defined for method');
                }
            }
            const now = this.epochSeconds();
            const deployment = {
                id: uniqueKey(api.deployments, 6),
                ...(input.description !== undefined ? { description: input.description } : {}),
                createdDate: now,
                snapshot: structuredClone({
                    resources: api.resources,
                    models: api.models,
                    requestValidators: api.requestValidators,
                    binaryMediaTypes: api.binaryMediaTypes,
                }),
            };
            api.deployments[deployment.id] = deployment;
            if (input.stageName) {
                const existing = api.stages[input.stageName];
                if (existing) {
                    existing.deploymentId = deployment.id;
                    existing.lastUpdatedDate = now;
                    if (input.variables)
                        existing.variables = { ...existing.variables, ...input.variables };
                }
                else {
                    api.stages[input.stageName] = {
                        stageName: input.stageName,
                        deploymentId: deployment.id,
                        ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
                        variables: input.variables ?? {},
                        tracingEnabled: false,
                        cacheClusterEnabled: false,
                        createdDate: now,
                        lastUpdatedDate: now,
                        tags: {},
                    };
                }
            }
            return deployment;
        });
    }
    updateDeployment(apiId, id, ops) {
        return this.mutate(apiId, (api) => {
            const deployment = this.deployment(api, id);
            for (const op of ops) {
                const [field] = (0, patch_1.pointerSegments)(op.path);
                (0, patch_1.checkOp)(op, ['replace']);
                if (field === 'description') {
                    if (op.value)
                        deployment.description = op.value;
                    else
                        delete deployment.description;
                }
                else {
                    throw (0, patch_1.unsupportedPath)(op);
                }
            }
            return deployment;
        });
    }
    deleteDeployment(apiId, id) {
        this.mutate(apiId, (api) => {
            this.deployment(api, id);
            if (Object.values(api.stages).some((stage) => stage.deploymentId === id)) {
                throw (0, patch_1.badRequest)('Active stages pointing to this deployment must be moved or deleted');
            }
            delete api.deployments[id];
        });
    }
    // ---- stages ----
    stage(api, name) {
        const stage = api.stages[name];
        if (!stage)
            throw (0, exports.notFound)('Invalid Stage identifier specified');
        return stage;
    }
    getStage(apiId, name) {
        return this.stage(this.api(apiId), name);
    }
    listStages(apiId, deploymentId) {
        return Object.values(this.api(apiId).stages).filter((s) => !deploymentId || s.deploymentId === deploymentId);
    }
    createStage(apiId, input) {
        checkStageName(input.stageName);
        if (input.cacheClusterEnabled)
            throw (0, exports.unsupported)('the stage cache cluster');
        if (input.canarySettings)
            throw (0, exports.unsupported)('canary settings');
        if (input.tracingEnabled)
            throw (0, exports.unsupported)('X-Ray tracing');
        if (input.variables)
            checkStageVariables(input.variables);
        return this.mutate(apiId, (api) => {
            if (!api.deployments[input.deploymentId])
                throw (0, patch_1.badRequest)('Invalid deployment identifier specified');
            if (api.stages[input.stageName])
                throw (0, exports.conflict)('Stage already exists');
            const now = this.epochSeconds();
            const stage = {
                stageName: input.stageName,
                deploymentId: input.deploymentId,
                ...(input.description !== undefined ? { description: input.description } : {}),
                ...(input.documentationVersion !== undefined ? { documentationVersion: input.documentationVersion } : {}),
                variables: input.variables ?? {},
                tracingEnabled: false,
                cacheClusterEnabled: false,
                createdDate: now,
                lastUpdatedDate: now,
                tags: input.tags ?? {},
            };
            api.stages[input.stageName] = stage;
            return stage;
        });
    }
    updateStage(apiId, name, ops) {
        return this.mutate(apiId, (api) => {
            const stage = this.stage(api, name);
            for (const op of ops) {
                const segments = (0, patch_1.pointerSegments)(op.path);
                const [field, ...rest] = segments;
                switch (field) {
                    case 'deploymentId': {
                        (0, patch_1.checkOp)(op, ['replace']);
                        const value = (0, patch_1.requireValue)(op);
                        if (!api.deployments[value])
                            throw (0, patch_1.badRequest)('Invalid deployment identifier specified');
                        stage.deploymentId = value;
                        break;
                    }
                    case 'description':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            stage.description = op.value;
                        else
                            delete stage.description;
                        break;
                    case 'documentationVersion':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if (op.value)
                            stage.documentationVersion = op.value;
                        else
                            delete stage.documentationVersion;
                        break;
                    case 'variables': {
                        (0, patch_1.checkOp)(op, ['add', 'remove', 'replace']);
                        const key = rest.join('/');
                        if (op.op !== 'remove')
                            checkStageVariables({ [key]: (0, patch_1.requireValue)(op) });
                        stage.variables = (0, patch_1.patchStringMap)(stage.variables, op, key) ?? {};
                        break;
                    }
                    case 'tracingEnabled':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if ((0, patch_1.parseBoolean)(op))
                            throw (0, exports.unsupported)('X-Ray tracing');
                        break;
                    case 'cacheClusterEnabled':
                        (0, patch_1.checkOp)(op, ['replace']);
                        if ((0, patch_1.parseBoolean)(op))
                            throw (0, exports.unsupported)('the stage cache cluster');
                        break;
                    case 'accessLogSettings':
                        if (op.op === 'remove')
                            break;
                        throw (0, exports.unsupported)('stage access logging (accessLogSettings)');
                    case 'canarySettings':
                        if (op.op === 'remove')
                            break;
                        throw (0, exports.unsupported)('canary settings');
                    default:
                        if (segments.length >= 3)
                            throw (0, exports.unsupported)(`method settings (${op.path})`);
                        throw (0, patch_1.unsupportedPath)(op);
                }
            }
            stage.lastUpdatedDate = this.epochSeconds();
            return stage;
        });
    }
    deleteStage(apiId, name) {
        this.mutate(apiId, (api) => {
            this.stage(api, name);
            delete api.stages[name];
        });
    }
    // ---- tags (`arn:aws:apigateway:<region>::/restapis/<id>[/stages/<name>]`) ----
    taggable(arn) {
        const match = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/.exec(arn);
        if (!match)
            throw (0, patch_1.badRequest)(`Invalid resource ARN specified: ${arn}`);
        return { apiId: match[1], ...(match[2] ? { stageName: match[2] } : {}) };
    }
    getTags(arn) {
        const { apiId, stageName } = this.taggable(arn);
        const api = this.api(apiId);
        return stageName ? this.stage(api, stageName).tags : api.tags;
    }
    tagResource(arn, tags) {
        const { apiId, stageName } = this.taggable(arn);
        this.mutate(apiId, (api) => {
            const holder = stageName ? this.stage(api, stageName) : api;
            holder.tags = { ...holder.tags, ...tags };
        });
    }
    untagResource(arn, keys) {
        const { apiId, stageName } = this.taggable(arn);
        this.mutate(apiId, (api) => {
            const holder = stageName ? this.stage(api, stageName) : api;
            const next = { ...holder.tags };
            for (const key of keys)
                delete next[key];
            holder.tags = next;
        });
    }
}
exports.ApiGatewayModel = ApiGatewayModel;
// ---- rules ----
function uniqueKey(existing, length) {
    let id = (0, ids_1.shortId)(length);
    while (id in existing)
        id = (0, ids_1.shortId)(length);
    return id;
}
function uniqueModelId(api) {
    const ids = new Set(Object.values(api.models).map((m) => m.id));
    let id = (0, ids_1.shortId)(6);
    while (ids.has(id))
        id = (0, ids_1.shortId)(6);
    return id;
}
function joinPath(parentPath, pathPart) {
    return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}
function recomputePaths(api) {
    const resolve = (resource, depth) => {
        if (!resource.parentId || depth > 100)
            return '/';
        const parent = api.resources[resource.parentId];
        return parent ? joinPath(resolve(parent, depth + 1), resource.pathPart) : '/';
    };
    for (const resource of Object.values(api.resources))
        resource.path = resolve(resource, 0);
}
function checkPathPart(api, parent, pathPart, selfId) {
    if (!pathPart || !PATH_PART.test(pathPart)) {
        throw (0, patch_1.badRequest)("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
    }
    if (parent.pathPart?.endsWith('+}')) {
        throw (0, patch_1.badRequest)(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
    }
    const siblings = Object.values(api.resources).filter((r) => r.parentId === parent.id && r.id !== selfId);
    if (siblings.some((s) => s.pathPart === pathPart)) {
        throw (0, exports.conflict)(`Another resource with the same parent already has this name: ${pathPart}`);
    }
    if (pathPart.startsWith('{')) {
        const variable = siblings.find((s) => s.pathPart?.startsWith('{'));
        if (variable) {
            throw (0, patch_1.badRequest)(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
        }
    }
}
function checkHttpMethod(httpMethod) {
    if (!exports.HTTP_METHODS.includes(httpMethod)) {
        throw (0, patch_1.badRequest)('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
    }
}
function checkAuthorization(type, authorizerId, scopes) {
    if (!['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'].includes(type)) {
        throw (0, patch_1.badRequest)(`Invalid authorization type specified: ${type}`);
    }
    if (type !== 'NONE')
        throw (0, exports.unsupported)(`authorizationType ${type} (only NONE is emulated)`);
    if (authorizerId)
        throw (0, exports.unsupported)('authorizers');
    if (scopes && scopes.length > 0)
        throw (0, exports.unsupported)('authorizationScopes');
}
function checkMethodRequestParameters(parameters) {
    for (const key of Object.keys(parameters)) {
        if (!/^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^\s]+$/.test(key)) {
            throw (0, patch_1.badRequest)(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid method request parameter name: ${key}]`);
        }
    }
}
function checkModelRefs(api, models) {
    for (const name of Object.values(models)) {
        if (!api.models[name])
            throw (0, patch_1.badRequest)(`Invalid model identifier specified: ${name}`);
    }
}
function checkStatusCode(statusCode) {
    if (!STATUS_CODE.test(statusCode))
        throw (0, patch_1.badRequest)('Invalid status code specified');
}
function checkEndpointTypes(types) {
    if (types.length !== 1 || !['EDGE', 'REGIONAL', 'PRIVATE'].includes(types[0])) {
        throw (0, patch_1.badRequest)(`Invalid endpoint configuration types: ${JSON.stringify(types)}`);
    }
    if (types[0] === 'PRIVATE')
        throw (0, exports.unsupported)('PRIVATE endpoints');
}
function checkCompression(value) {
    if (!Number.isInteger(value) || value < 0 || value > 10_485_760) {
        throw (0, patch_1.badRequest)('Invalid minimum compression size, must be between 0 and 10485760');
    }
}
function checkSchema(schema) {
    try {
        const parsed = JSON.parse(schema);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
            throw new Error('not an object');
    }
    catch (error) {
        throw (0, patch_1.badRequest)(`Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified: ${error.message}]`);
    }
}
function checkStageName(name) {
    if (!STAGE_NAME.test(name))
        throw (0, patch_1.badRequest)('Stage name only allows a-zA-Z0-9_');
}
function checkStageVariables(variables) {
    for (const [name, value] of Object.entries(variables)) {
        if (!STAGE_VARIABLE_NAME.test(name)) {
            throw (0, patch_1.badRequest)(`Stage variable name ${name} must be alphanumeric or underscore (1-64 characters)`);
        }
        if (!/^[A-Za-z0-9\-._~:/?#&=,]*$/.test(value)) {
            throw (0, patch_1.badRequest)(`Stage variable value ${value} contains invalid characters`);
        }
    }
}
const INTEGRATION_PARAM_TARGET = /^integration\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\.[^\s]+$/;
const INTEGRATION_PARAM_SOURCE = /^(?:'[^']*'|method\.request\.(?:header|querystring|path|multivaluequerystring|multivalueheader)\.[^\s]+|method\.request\.body(?:\.[^\s]+)?|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;
function buildIntegration(resource, method, input) {
    const type = input.type;
    if (!INTEGRATION_TYPES.includes(type))
        throw (0, patch_1.badRequest)(`Invalid integration type specified: ${input.type}`);
    if (type === 'HTTP' || type === 'HTTP_PROXY') {
        throw (0, exports.unsupported)(`integration type ${type} (AWS, AWS_PROXY and MOCK are emulated)`);
    }
    if (input.connectionType !== undefined && input.connectionType !== 'INTERNET') {
        throw (0, exports.unsupported)(`connectionType ${input.connectionType}`);
    }
    if (input.connectionId)
        throw (0, exports.unsupported)('VPC links (connectionId)');
    if (input.contentHandling)
        throw (0, exports.unsupported)('contentHandling (binary conversions)');
    if (input.tlsConfig && input.tlsConfig.insecureSkipVerification) {
        throw (0, exports.unsupported)('tlsConfig.insecureSkipVerification');
    }
    const passthroughBehavior = input.passthroughBehavior ?? 'WHEN_NO_MATCH';
    if (!PASSTHROUGH.includes(passthroughBehavior)) {
        throw (0, patch_1.badRequest)(`Invalid passthrough behavior specified: ${passthroughBehavior}`);
    }
    const timeoutInMillis = input.timeoutInMillis ?? 29_000;
    if (!Number.isInteger(timeoutInMillis) || timeoutInMillis < 50 || timeoutInMillis > 29_000) {
        throw (0, patch_1.badRequest)('Timeout should be between 50 ms and 29000 ms');
    }
    if (type === 'AWS' || type === 'AWS_PROXY') {
        if (!input.integrationHttpMethod)
            throw (0, patch_1.badRequest)('Enumeration value for HttpMethod must be non-empty');
        checkHttpMethod(input.integrationHttpMethod);
        if (!input.uri)
            throw (0, patch_1.badRequest)(`Integrations of type '${type}' must have a URI`);
        const uri = parseIntegrationUri(input.uri);
        if (!uri)
            throw (0, patch_1.badRequest)('AWS ARN for integration must contain path or action');
        if (type === 'AWS_PROXY' && uri.service !== 'lambda') {
            throw (0, patch_1.badRequest)("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
        }
        if (uri.service === 'lambda') {
            if (!lambdaFunctionFromUri(input.uri))
                throw (0, patch_1.badRequest)(`Invalid Lambda function URI specified: ${input.uri}`);
        }
        else if (uri.service !== 'sns' && uri.service !== 'sqs') {
            throw (0, exports.unsupported)(`AWS service integrations with ${uri.service} (sns, sqs and lambda are emulated)`);
        }
    }
    if (input.credentials !== undefined && !ROLE_ARN.test(input.credentials)) {
        if (/^arn:aws[a-z-]*:iam::\*:user\/\*$/.test(input.credentials))
            throw (0, exports.unsupported)('caller credentials passthrough');
        throw (0, patch_1.badRequest)(`Invalid ARN specified in the request: ${input.credentials}`);
    }
    for (const [target, source] of Object.entries(input.requestParameters ?? {})) {
        if (!INTEGRATION_PARAM_TARGET.test(target) || !INTEGRATION_PARAM_SOURCE.test(source)) {
            throw (0, patch_1.badRequest)(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${target} = ${source}]`);
        }
        const declared = /^method\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\./.test(source);
        const pathParameter = /^method\.request\.path\.(.+)$/.exec(source);
        const inPath = pathParameter && resource.path.includes(`{${pathParameter[1]}}`);
        if (declared && !inPath && !(method.requestParameters && source in method.requestParameters)) {
            throw (0, patch_1.badRequest)(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: ${source}]`);
        }
    }
    return {
        type,
        ...(type !== 'MOCK' && input.integrationHttpMethod ? { httpMethod: input.integrationHttpMethod } : {}),
        ...(input.uri !== undefined ? { uri: input.uri } : {}),
        ...(type !== 'MOCK' ? { connectionType: input.connectionType ?? 'INTERNET' } : {}),
        ...(input.credentials !== undefined ? { credentials: input.credentials } : {}),
        ...(input.requestParameters && Object.keys(input.requestParameters).length > 0
            ? { requestParameters: input.requestParameters }
            : {}),
        ...(input.requestTemplates && Object.keys(input.requestTemplates).length > 0
            ? { requestTemplates: input.requestTemplates }
            : {}),
        passthroughBehavior,
        timeoutInMillis,
        cacheNamespace: input.cacheNamespace ?? resource.id,
        cacheKeyParameters: input.cacheKeyParameters ?? [],
    };
}
const RESPONSE_PARAM_SOURCE = /^(?:'[^']*'|integration\.response\.header\.[^\s]+|integration\.response\.multivalueheader\.[^\s]+|integration\.response\.body(?:\.[^\s]+)?|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;
function buildIntegrationResponse(statusCode, methodResponse, input) {
    if (input.contentHandling)
        throw (0, exports.unsupported)('contentHandling (binary conversions)');
    if (input.selectionPattern !== undefined && input.selectionPattern !== '') {
        try {
            new RegExp(input.selectionPattern);
        }
        catch {
            throw (0, patch_1.badRequest)(`Invalid selection pattern specified: ${input.selectionPattern}`);
        }
    }
    for (const [target, source] of Object.entries(input.responseParameters ?? {})) {
        const declared = methodResponse.responseParameters && target in methodResponse.responseParameters;
        if (!/^method\.response\.header\.[^\s]+$/.test(target) || !RESPONSE_PARAM_SOURCE.test(source) || !declared) {
            throw (0, patch_1.badRequest)(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${target} = ${source}]`);
        }
    }
    return {
        statusCode,
        ...(input.selectionPattern !== undefined && input.selectionPattern !== ''
            ? { selectionPattern: input.selectionPattern }
            : {}),
        ...(input.responseParameters && Object.keys(input.responseParameters).length > 0
            ? { responseParameters: input.responseParameters }
            : {}),
        ...(input.responseTemplates && Object.keys(input.responseTemplates).length > 0
            ? { responseTemplates: input.responseTemplates }
            : {}),
    };
}
