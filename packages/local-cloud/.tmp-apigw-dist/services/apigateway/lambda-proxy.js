"use strict";
/**
 * Lambda proxy integration (AWS_PROXY) of REST APIs: the payload format 1.0 event and the mapping of the
 * function's answer `{statusCode, headers, multiValueHeaders, body, isBase64Encoded}`. A malformed answer is a
 * 502 `{"message": "Internal server error"}` (API Gateway logs "Malformed Lambda proxy response").
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.MalformedProxyResponse = void 0;
exports.buildProxyEvent = buildProxyEvent;
exports.mapProxyResponse = mapProxyResponse;
const orNull = (value) => (Object.keys(value).length > 0 ? value : null);
function buildProxyEvent(request) {
    return {
        resource: request.resourcePath,
        path: request.path,
        httpMethod: request.httpMethod,
        headers: orNull(request.headers),
        multiValueHeaders: orNull(request.multiValueHeaders),
        queryStringParameters: orNull(request.query),
        multiValueQueryStringParameters: orNull(request.multiValueQuery),
        pathParameters: orNull(request.pathParameters),
        stageVariables: orNull(request.stageVariables),
        requestContext: request.requestContext,
        body: request.body.length === 0
            ? null
            : request.isBase64Encoded
                ? request.body.toString('base64')
                : request.body.toString('utf8'),
        isBase64Encoded: request.isBase64Encoded,
    };
}
class MalformedProxyResponse extends Error {
}
exports.MalformedProxyResponse = MalformedProxyResponse;
/** Maps the function's payload to the HTTP answer; throws MalformedProxyResponse when it is not one. */
function mapProxyResponse(payload) {
    let parsed;
    try {
        parsed = JSON.parse(payload.toString('utf8'));
    }
    catch {
        throw new MalformedProxyResponse('the function response is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new MalformedProxyResponse('the function response is not a JSON object');
    }
    const response = parsed;
    const rawStatus = response.statusCode;
    const statusCode = typeof rawStatus === 'string' && /^\d+$/.test(rawStatus) ? Number(rawStatus) : rawStatus;
    if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
        throw new MalformedProxyResponse(`statusCode must be an integer HTTP status, got ${JSON.stringify(rawStatus)}`);
    }
    const headers = {};
    if (response.headers !== undefined && response.headers !== null) {
        if (typeof response.headers !== 'object' || Array.isArray(response.headers)) {
            throw new MalformedProxyResponse('headers must be an object');
        }
        for (const [name, value] of Object.entries(response.headers)) {
            if (value === null || typeof value === 'object')
                throw new MalformedProxyResponse(`header ${name} must be a scalar`);
            headers[name] = String(value);
        }
    }
    if (response.multiValueHeaders !== undefined && response.multiValueHeaders !== null) {
        if (typeof response.multiValueHeaders !== 'object' || Array.isArray(response.multiValueHeaders)) {
            throw new MalformedProxyResponse('multiValueHeaders must be an object');
        }
        for (const [name, values] of Object.entries(response.multiValueHeaders)) {
            if (!Array.isArray(values))
                throw new MalformedProxyResponse(`multiValueHeaders.${name} must be a list`);
            headers[name] = values.map(String).join(', ');
        }
    }
    const rawBody = response.body;
    if (rawBody !== undefined && rawBody !== null && typeof rawBody !== 'string') {
        throw new MalformedProxyResponse('body must be a string');
    }
    const isBase64Encoded = response.isBase64Encoded === true;
    const body = rawBody ? Buffer.from(rawBody, isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    return { statusCode, headers, body };
}
