"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseFunctionRef = parseFunctionRef;
exports.functionRef = functionRef;
const errors_1 = require("../../core/errors");
/**
 * Function name formats the Lambda API accepts (botocore `NamespacedFunctionName`): `name`, `name:qualifier`,
 * `arn:aws:lambda:<region>:<account>:function:name[:qualifier]` and `<account>:function:name[:qualifier]`.
 */
const NAME_PATTERN = /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const PATTERN_TEXT = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
function parseFunctionRef(value) {
    const match = NAME_PATTERN.exec(value);
    if (!match)
        return undefined;
    return { region: match[1], accountId: match[2], name: match[3], qualifier: match[4] };
}
/**
 * The function a request names, combining the name's own qualifier with the `Qualifier` parameter
 * (a mismatch is InvalidParameterValueException, reference/aws-async-semantics.md §3).
 */
function functionRef(functionName, qualifierParam) {
    const ref = parseFunctionRef(functionName);
    if (!ref || ref.name.length > 64) {
        throw new errors_1.AwsError('ValidationException', `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN_TEXT}`, 400);
    }
    const qualifier = qualifierParam === null || qualifierParam === '' ? undefined : qualifierParam;
    if (qualifier !== undefined && ref.qualifier !== undefined && ref.qualifier !== qualifier) {
        throw new errors_1.AwsError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.', 400);
    }
    return { ...ref, qualifier: ref.qualifier ?? qualifier };
}
