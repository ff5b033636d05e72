"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseFunctionName = parseFunctionName;
exports.functionRef = functionRef;
exports.functionFromArnResource = functionFromArnResource;
const errors_1 = require("../../../core/errors");
/**
 * Function name formats the Lambda API accepts (BC `NamespacedFunctionName`): `name`, `name:qualifier`,
 * `arn:aws:lambda:<region>:<account>:function:name[:qualifier]` and `<account>:function:name[:qualifier]`.
 */
const NAME_PATTERN = /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;
function parseFunctionName(value) {
    const match = NAME_PATTERN.exec(value);
    if (!match)
        return undefined;
    return { name: match[1], qualifier: match[2] };
}
/**
 * Combines the name's own qualifier with the `Qualifier` query parameter. AWS (recorded, §3):
 * a mismatch is InvalidParameterValueException "The derived qualifier from the function name does not match
 * the specified qualifier."
 */
function functionRef(functionName, qualifierParam) {
    const ref = parseFunctionName(functionName);
    if (!ref) {
        throw new errors_1.AwsError('ValidationException', `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`, 400);
    }
    const qualifier = qualifierParam ?? undefined;
    if (qualifier !== undefined &&
        qualifier !== '' &&
        ref.qualifier !== undefined &&
        ref.qualifier !== qualifier) {
        throw new errors_1.AwsError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.', 400);
    }
    return { name: ref.name, qualifier: ref.qualifier ?? (qualifier === '' ? undefined : qualifier) };
}
/** The function name inside a Lambda ARN resource (`function:name[:qualifier]`). */
function functionFromArnResource(resource) {
    const parts = resource.split(':');
    if (parts[0] !== 'function' || !parts[1])
        return undefined;
    return { name: parts[1], qualifier: parts[2] };
}
