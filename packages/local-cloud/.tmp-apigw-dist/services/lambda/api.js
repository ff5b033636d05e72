"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lambdaApiRoutes = lambdaApiRoutes;
const node_crypto_1 = require("node:crypto");
const errors_1 = require("../../core/errors");
const ids_1 = require("../../core/ids");
const engine_1 = require("./engine");
const http_1 = require("./http");
const model_1 = require("./model");
const refs_1 = require("./refs");
const code_1 = require("./runtime/code");
const runtime_1 = require("./runtime/runtime");
/**
 * The Lambda control-plane API (restJson1, signing name `lambda`) as Terraform provider 5.100.0, SDK v3 and the
 * AWS CLI use it: routes and status codes per reference/terraform-provider-calls.md "Lambda paths" and
 * reference/aws-wire-and-event-shapes.md §1.3; the Configuration shape per §8.
 */
const FN = '/2015-03-31/functions/{FunctionName}';
/** Every Runtime enum value of the API model (botocore / SDK v3). */
const RUNTIME_ENUM = [
    'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
    'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'nodejs26.x', 'nodejs4.3-edge',
    'java8', 'java8.al2', 'java8.al2023', 'java11', 'java11.al2023', 'java17', 'java17.al2023', 'java21', 'java25',
    'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12',
    'python3.13', 'python3.14', 'python3.15',
    'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet6', 'dotnet8', 'dotnet10',
    'go1.x', 'ruby2.5', 'ruby2.7', 'ruby3.2', 'ruby3.3', 'ruby3.4', 'ruby4.0', 'provided', 'provided.al2',
    'provided.al2023',
];
/** Runtimes AWS no longer accepts for creating or updating functions. */
const BLOCKED_RUNTIMES = new Set([
    'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x',
    'nodejs16.x', 'python2.7', 'python3.6', 'python3.7', 'python3.8', 'dotnetcore1.0', 'dotnetcore2.0',
    'dotnetcore2.1', 'dotnetcore3.1', 'dotnet6', 'go1.x', 'ruby2.5', 'ruby2.7', 'java8', 'provided',
]);
const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const ALIAS_PATTERN = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 262_144_000;
const SYNC_PAYLOAD_LIMIT = 6_291_456;
const ASYNC_PAYLOAD_LIMIT = 1_048_576;
const INVOKE_ASYNC_PAYLOAD_LIMIT = 262_144;
const runtimeVersionArn = (region, runtime) => `arn:aws:lambda:${region}::runtime:${(0, node_crypto_1.createHash)('sha256').update(`${runtime}:${process.version}`).digest('hex')}`;
function lambdaApiRoutes(api) {
    const { cloud, model, engine, asyncInvoker } = api;
    const region = cloud.config.region;
    // ----------------------------------------------------------------------------------------------
    // Lookups and shapes
    const unqualifiedArn = (name) => model.functionArn(name);
    const notFound = (name, qualifier) => new errors_1.AwsError('ResourceNotFoundException', `Function not found: ${unqualifiedArn(name)}${qualifier ? `:${qualifier}` : ''}`, 404);
    const refOf = (request, qualifierParam = true) => (0, refs_1.functionRef)(request.params.FunctionName ?? '', qualifierParam ? request.query.get('Qualifier') : undefined);
    const mustGet = (ref) => {
        const fn = ref.accountId === undefined || ref.accountId === cloud.config.accountId ? model.get(ref.name) : undefined;
        if (!fn)
            throw notFound(ref.name);
        return fn;
    };
    const mustVersion = (fn, qualifier) => {
        const config = model.versionConfig(fn, qualifier);
        if (!config)
            throw notFound(fn.name, qualifier);
        return config;
    };
    const configurationOf = (fn, c, qualifiedArn) => {
        const logging = { LogFormat: c.logFormat, LogGroup: (0, engine_1.logGroupOf)(fn, c) };
        if (c.logFormat === 'JSON') {
            logging.ApplicationLogLevel = c.applicationLogLevel ?? 'INFO';
            logging.SystemLogLevel = c.systemLogLevel ?? 'INFO';
        }
        return {
            FunctionName: fn.name,
            FunctionArn: qualifiedArn || c.version !== model_1.LATEST ? `${fn.arn}:${c.version}` : fn.arn,
            Runtime: c.runtime,
            Role: c.role,
            Handler: c.handler,
            CodeSize: c.codeSize,
            Description: c.description,
            Timeout: c.timeout,
            MemorySize: c.memorySize,
            LastModified: c.lastModified,
            CodeSha256: c.codeSha256,
            Version: c.version,
            ...(c.environment && Object.keys(c.environment).length > 0 ? { Environment: { Variables: c.environment } } : {}),
            // Must be returned, or Terraform perpetually diffs (reference/terraform-provider-calls.md).
            ...(c.deadLetterTargetArn ? { DeadLetterConfig: { TargetArn: c.deadLetterTargetArn } } : {}),
            ...(c.kmsKeyArn ? { KMSKeyArn: c.kmsKeyArn } : {}),
            TracingConfig: { Mode: 'PassThrough' },
            RevisionId: c.revisionId,
            State: 'Active',
            LastUpdateStatus: 'Successful',
            PackageType: 'Zip',
            Architectures: c.architectures,
            EphemeralStorage: { Size: c.ephemeralStorageSize },
            SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
            RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(region, c.runtime) },
            LoggingConfig: logging,
        };
    };
    /** CreateFunction answers Pending/Creating; every later read is Active (the code is ready at once). */
    const pending = (out) => {
        const { LastUpdateStatus: _ignored, ...rest } = out;
        return { ...rest, State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
    };
    /** Update* answer InProgress; the provider waits 5 s and then reads Successful. */
    const inProgress = (out) => ({
        ...out,
        LastUpdateStatus: 'InProgress',
        LastUpdateStatusReason: 'The function is being created.',
        LastUpdateStatusReasonCode: 'Creating',
    });
    const checkRevision = (given, current) => {
        if (given !== undefined && given !== current) {
            throw new errors_1.AwsError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', 412);
        }
    };
    // ----------------------------------------------------------------------------------------------
    // Validation of function settings
    const validateRuntime = (runtime) => {
        if (!RUNTIME_ENUM.includes(runtime)) {
            throw (0, http_1.constraintError)(runtime, 'runtime', `Member must satisfy enum value set: [${RUNTIME_ENUM.join(', ')}]`);
        }
        if (BLOCKED_RUNTIMES.has(runtime)) {
            throw (0, http_1.invalid)(`The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`);
        }
    };
    const validateRole = (role) => {
        if (!ROLE_PATTERN.test(role)) {
            throw (0, http_1.constraintError)(role, 'role', 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');
        }
        // The role must exist and trust lambda.amazonaws.com (Terraform retries this message while IAM propagates).
        if (cloud.ports.has('roles')) {
            const roles = cloud.ports.get('roles');
            if (!roles.get(role) || !roles.trusts(role, 'lambda.amazonaws.com')) {
                throw (0, http_1.invalid)('The role defined for the function cannot be assumed by Lambda.');
            }
        }
    };
    const validateEnvironment = (variables) => {
        const reserved = Object.keys(variables).filter((key) => runtime_1.RESERVED_ENVIRONMENT_KEYS.has(key));
        if (reserved.length > 0) {
            throw (0, http_1.invalid)(`Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`);
        }
        // Keys start with a letter and have at least two characters (AWS refuses `A`).
        if (Object.keys(variables).some((key) => !/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key))) {
            throw new errors_1.AwsError('ValidationException', "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]", 400);
        }
        const measured = JSON.stringify(variables);
        if (Buffer.byteLength(measured) > 4096) {
            throw (0, http_1.invalid)(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
        }
    };
    const validateDeadLetter = (targetArn, role) => {
        const parsed = /^arn:aws[a-zA-Z-]*:(sqs|sns):[a-z0-9-]+:\d{12}:.+$/.exec(targetArn);
        if (!parsed) {
            throw (0, http_1.invalid)(`The provided target arn ${targetArn} is invalid. Lambda supports SQS queues and SNS topics as dead letter targets.`);
        }
        // AWS checks the execution role at configuration time (Terraform retries this message while IAM propagates).
        if (cloud.delivery.getAuthorizer()) {
            const decision = cloud.delivery.check(targetArn, { type: 'role', arn: role });
            if (!decision.allowed) {
                throw (0, http_1.invalid)(parsed[1] === 'sqs'
                    ? 'The provided execution role does not have permissions to call SendMessage on SQS'
                    : 'The provided execution role does not have permissions to call Publish on SNS');
            }
        }
    };
    /** Settings that change behaviour local-cloud does not emulate: refused, never stored and ignored. */
    const refuseUnsupported = (r) => {
        const layers = r.stringArray('Layers');
        if (layers && layers.length > 0)
            throw (0, http_1.unsupported)('Lambda layers (Layers)');
        const vpc = r.object('VpcConfig');
        if (vpc && (vpc.SubnetIds?.length || vpc.SecurityGroupIds?.length)) {
            throw (0, http_1.unsupported)('VPC configuration (VpcConfig)');
        }
        const fileSystems = r.input.FileSystemConfigs;
        if (Array.isArray(fileSystems) && fileSystems.length > 0)
            throw (0, http_1.unsupported)('file systems (FileSystemConfigs)');
        const image = r.object('ImageConfig');
        if (image && Object.keys(image).length > 0)
            throw (0, http_1.unsupported)('ImageConfig (container images)');
        const snapStart = r.object('SnapStart');
        if (snapStart && snapStart.ApplyOn !== undefined && snapStart.ApplyOn !== 'None')
            throw (0, http_1.unsupported)('SnapStart');
        const tracing = r.object('TracingConfig');
        if (tracing && tracing.Mode !== undefined && tracing.Mode !== 'PassThrough') {
            throw (0, http_1.unsupported)('active X-Ray tracing (TracingConfig.Mode Active)');
        }
        for (const key of ['CodeSigningConfigArn', 'DurableConfig', 'CapacityProviderConfig', 'TenancyConfig', 'PublishTo']) {
            if (r.has(key))
                throw (0, http_1.unsupported)(key);
        }
    };
    /** Decodes Code/UpdateFunctionCode input into a stored zip. */
    const storeCode = (input) => {
        const r = new http_1.Reader(input);
        if (r.has('ImageUri'))
            throw (0, http_1.unsupported)('container image functions (ImageUri); use a zip package');
        if (r.has('S3Bucket') || r.has('S3Key')) {
            throw (0, http_1.unsupported)('code from S3 (S3Bucket/S3Key): upload the zip itself (Code.ZipFile / filename)');
        }
        const zipFile = r.string('ZipFile', 'code.zipFile');
        if (zipFile === undefined)
            throw (0, http_1.invalid)('Please provide a source for function code.');
        const zip = Buffer.from(zipFile, 'base64');
        if (zip.length > MAX_ZIP_BYTES) {
            throw new errors_1.AwsError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_ZIP_BYTES} bytes for the CreateFunction operation`, 413);
        }
        let unzippedBytes;
        try {
            unzippedBytes = (0, code_1.inspectZip)(zip).unzippedBytes;
        }
        catch {
            throw (0, http_1.invalid)('Could not unzip uploaded file. Please check your file, then try to upload again.');
        }
        if (unzippedBytes > MAX_UNZIPPED_BYTES) {
            throw (0, http_1.invalid)(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
        }
        const codeKey = (0, ids_1.sha256Hex)(zip);
        cloud.store.putBlob((0, engine_1.codeBlobKey)(codeKey), zip);
        return { codeSha256: (0, ids_1.sha256Base64)(zip), codeKey, codeSize: zip.length };
    };
    /** Applies configuration input over a base (create: defaults; update: current). Only given members change. */
    const applyConfig = (functionName, base, input, creating) => {
        const r = new http_1.Reader(input);
        refuseUnsupported(r);
        const next = { ...base };
        const runtime = r.string('Runtime');
        if (runtime !== undefined) {
            validateRuntime(runtime);
            next.runtime = runtime;
        }
        const handler = r.string('Handler');
        if (handler !== undefined) {
            if (handler.length > 128 || !/^[^\s]+$/.test(handler)) {
                throw (0, http_1.constraintError)(handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
            }
            next.handler = handler;
        }
        if (creating && (!next.runtime || !next.handler)) {
            throw (0, http_1.invalid)('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
        }
        const description = r.string('Description');
        if (description !== undefined) {
            if (description.length > 256)
                throw (0, http_1.constraintError)(description, 'description', 'Member must have length less than or equal to 256');
            next.description = description;
        }
        const memory = r.integer('MemorySize', 'memorySize', { min: 128, max: 10240 });
        if (memory !== undefined)
            next.memorySize = memory;
        const timeout = r.integer('Timeout', 'timeout', { min: 1 });
        if (timeout !== undefined) {
            if (timeout > 900)
                throw (0, http_1.invalid)(`Timeout value ${timeout} is invalid: it must be between 1 and 900 seconds.`);
            next.timeout = timeout;
        }
        const role = r.string('Role');
        if (role !== undefined) {
            validateRole(role);
            next.role = role;
        }
        const environment = r.object('Environment');
        if (environment) {
            const variables = new http_1.Reader(environment).stringMap('Variables', 'environment.variables') ?? {};
            validateEnvironment(variables);
            next.environment = Object.keys(variables).length > 0 ? variables : undefined;
        }
        const deadLetter = r.object('DeadLetterConfig');
        if (deadLetter) {
            const target = new http_1.Reader(deadLetter).string('TargetArn', 'deadLetterConfig.targetArn');
            if (target) {
                validateDeadLetter(target, next.role);
                next.deadLetterTargetArn = target;
            }
            else {
                next.deadLetterTargetArn = undefined;
            }
        }
        const kms = r.string('KMSKeyArn');
        if (kms !== undefined)
            next.kmsKeyArn = kms === '' ? undefined : kms;
        const storage = r.object('EphemeralStorage');
        if (storage) {
            next.ephemeralStorageSize =
                new http_1.Reader(storage).integer('Size', 'ephemeralStorage.size', { min: 512, max: 10240 }) ?? 512;
        }
        const logging = r.object('LoggingConfig');
        if (logging) {
            const lr = new http_1.Reader(logging);
            const format = lr.string('LogFormat', 'loggingConfig.logFormat');
            if (format !== undefined) {
                if (format !== 'Text' && format !== 'JSON') {
                    throw (0, http_1.constraintError)(format, 'loggingConfig.logFormat', 'Member must satisfy enum value set: [JSON, Text]');
                }
                next.logFormat = format;
            }
            const group = lr.string('LogGroup', 'loggingConfig.logGroup');
            if (group !== undefined)
                next.logGroup = group === '' || group === `/aws/lambda/${functionName}` ? undefined : group;
            const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
            const app = lr.string('ApplicationLogLevel', 'loggingConfig.applicationLogLevel');
            if (app !== undefined) {
                if (!levels.includes(app))
                    throw (0, http_1.constraintError)(app, 'loggingConfig.applicationLogLevel', `Member must satisfy enum value set: [${levels.join(', ')}]`);
                next.applicationLogLevel = app;
            }
            const system = lr.string('SystemLogLevel', 'loggingConfig.systemLogLevel');
            if (system !== undefined) {
                if (!['DEBUG', 'INFO', 'WARN'].includes(system))
                    throw (0, http_1.constraintError)(system, 'loggingConfig.systemLogLevel', 'Member must satisfy enum value set: [DEBUG, INFO, WARN]');
                next.systemLogLevel = system;
            }
            if (next.logFormat === 'Text' && (app !== undefined || system !== undefined)) {
                throw (0, http_1.invalid)('ApplicationLogLevel and SystemLogLevel can only be set when LogFormat is JSON.');
            }
        }
        const architectures = r.stringArray('Architectures');
        if (architectures !== undefined)
            next.architectures = validateArchitectures(architectures);
        return next;
    };
    const validateArchitectures = (architectures) => {
        if (architectures.length !== 1 || !['x86_64', 'arm64'].includes(architectures[0])) {
            throw (0, http_1.constraintError)(architectures, 'architectures', 'Member must have length 1 and satisfy enum value set: [x86_64, arm64]');
        }
        return architectures;
    };
    /** Fields that define what a version runs (PublishVersion skips publishing when nothing changed). */
    const fingerprint = (c) => {
        const { version: _v, revisionId: _r, lastModified: _l, description: _d, ...rest } = c;
        return JSON.stringify(rest);
    };
    const publish = (fn, description) => {
        const latestPrint = fingerprint(fn.latest);
        const last = fn.versions[String(fn.lastPublished)];
        if (last && fingerprint(last) === latestPrint)
            return last;
        const config = {
            ...fn.latest,
            version: String(fn.lastPublished + 1),
            description: description ?? fn.latest.description,
            revisionId: (0, ids_1.uuid)(),
            lastModified: (0, model_1.lastModifiedNow)(),
        };
        model.commit({ t: 'publish', name: fn.name, config });
        return config;
    };
    // ----------------------------------------------------------------------------------------------
    // Functions
    const createFunction = (request) => {
        const input = (0, http_1.jsonBody)(request);
        const r = new http_1.Reader(input);
        const name = r.string('FunctionName');
        if (name === undefined)
            throw (0, http_1.constraintError)(null, 'functionName', 'Member must not be null');
        const ref = (0, refs_1.functionRef)(name);
        if (ref.qualifier)
            throw (0, http_1.invalid)('Qualifiers are not allowed in the function name of CreateFunction.');
        const packageType = r.string('PackageType') ?? 'Zip';
        if (packageType === 'Image')
            throw (0, http_1.unsupported)('container image functions (PackageType Image); use a zip package');
        if (packageType !== 'Zip')
            throw (0, http_1.constraintError)(packageType, 'packageType', 'Member must satisfy enum value set: [Image, Zip]');
        const role = r.string('Role');
        if (role === undefined)
            throw (0, http_1.constraintError)(null, 'role', 'Member must not be null');
        const code = r.object('Code');
        if (!code)
            throw (0, http_1.constraintError)(null, 'code', 'Member must not be null');
        const base = {
            version: model_1.LATEST,
            description: '',
            runtime: '',
            handler: '',
            role,
            memorySize: 128,
            timeout: 3,
            environment: undefined,
            deadLetterTargetArn: undefined,
            kmsKeyArn: undefined,
            codeSha256: '',
            codeKey: '',
            codeSize: 0,
            architectures: ['x86_64'],
            ephemeralStorageSize: 512,
            logFormat: 'Text',
            logGroup: undefined,
            applicationLogLevel: undefined,
            systemLogLevel: undefined,
            lastModified: '',
            revisionId: '',
        };
        const config = applyConfig(ref.name, base, input, true);
        if (model.get(ref.name)) {
            throw new errors_1.AwsError('ResourceConflictException', `Function already exist: ${ref.name}`, 409);
        }
        const tags = r.stringMap('Tags') ?? {};
        const stored = storeCode(code);
        const latest = {
            ...config,
            ...stored,
            lastModified: (0, model_1.lastModifiedNow)(),
            revisionId: (0, ids_1.uuid)(),
        };
        const fn = {
            name: ref.name,
            arn: unqualifiedArn(ref.name),
            latest,
            versions: {},
            lastPublished: 0,
            aliases: {},
            policies: {},
            policyRevisions: {},
            reservedConcurrency: undefined,
            urls: {},
            recursiveLoop: 'Terminate',
            tags,
        };
        model.commit({ t: 'create', fn });
        // A Node.js function will be invoked soon: have a pre-booted environment ready.
        if (runtime_1.LOCAL_NODE_RUNTIMES.has(latest.runtime))
            engine.runtime.refillSpares();
        const created = model.get(ref.name);
        if (r.boolean('Publish')) {
            const version = publish(created, undefined);
            return { status: 201, body: pending(configurationOf(created, version, true)) };
        }
        return { status: 201, body: pending(configurationOf(created, created.latest, false)) };
    };
    const getFunction = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        const config = mustVersion(fn, ref.qualifier);
        const body = {
            Configuration: configurationOf(fn, config, ref.qualifier !== undefined),
            Code: { RepositoryType: 'S3', Location: `${cloud.endpoint}/lambda-code/${config.codeKey}.zip` },
        };
        if (ref.qualifier === undefined && Object.keys(fn.tags).length > 0)
            body.Tags = fn.tags;
        if (fn.reservedConcurrency !== undefined)
            body.Concurrency = { ReservedConcurrentExecutions: fn.reservedConcurrency };
        return { status: 200, body };
    };
    const getFunctionConfiguration = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        return { status: 200, body: configurationOf(fn, mustVersion(fn, ref.qualifier), ref.qualifier !== undefined) };
    };
    const updateFunctionCode = (request) => {
        const ref = refOf(request, false);
        if (ref.qualifier)
            throw (0, http_1.invalid)('Qualifiers are not allowed when updating function code.');
        const fn = mustGet(ref);
        const input = (0, http_1.jsonBody)(request);
        const r = new http_1.Reader(input);
        checkRevision(r.string('RevisionId'), fn.latest.revisionId);
        const architectures = r.stringArray('Architectures');
        if (r.has('SourceKMSKeyArn'))
            throw (0, http_1.unsupported)('SourceKMSKeyArn');
        const stored = storeCode(input);
        const config = {
            ...fn.latest,
            ...stored,
            ...(architectures ? { architectures: validateArchitectures(architectures) } : {}),
            lastModified: (0, model_1.lastModifiedNow)(),
            revisionId: (0, ids_1.uuid)(),
        };
        if (r.boolean('DryRun'))
            return { status: 200, body: configurationOf(fn, { ...config, revisionId: fn.latest.revisionId }, false) };
        model.commit({ t: 'updateLatest', name: fn.name, config });
        if (r.boolean('Publish')) {
            const version = publish(fn, undefined);
            return { status: 200, body: inProgress(configurationOf(fn, version, true)) };
        }
        return { status: 200, body: inProgress(configurationOf(fn, config, false)) };
    };
    const updateFunctionConfiguration = (request) => {
        const ref = refOf(request, false);
        if (ref.qualifier)
            throw (0, http_1.invalid)('Qualifiers are not allowed when updating function configuration.');
        const fn = mustGet(ref);
        const input = (0, http_1.jsonBody)(request);
        checkRevision(new http_1.Reader(input).string('RevisionId'), fn.latest.revisionId);
        const config = {
            ...applyConfig(fn.name, fn.latest, input, false),
            lastModified: (0, model_1.lastModifiedNow)(),
            revisionId: (0, ids_1.uuid)(),
        };
        model.commit({ t: 'updateLatest', name: fn.name, config });
        return { status: 200, body: inProgress(configurationOf(fn, config, false)) };
    };
    const deleteFunction = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        if (ref.qualifier === undefined) {
            model.commit({ t: 'delete', name: fn.name });
            return { status: 204 };
        }
        if (ref.qualifier === model_1.LATEST) {
            throw (0, http_1.invalid)(`$LATEST version cannot be deleted without deleting the function.`);
        }
        if (!fn.versions[ref.qualifier])
            throw notFound(fn.name, ref.qualifier);
        const aliases = Object.values(fn.aliases).filter((alias) => alias.functionVersion === ref.qualifier || alias.additionalVersionWeights?.[ref.qualifier] !== undefined);
        if (aliases.length > 0) {
            throw new errors_1.AwsError('ResourceConflictException', `Unable to delete version because the following aliases reference it: [${aliases.map((a) => a.name).join(', ')}]`, 409);
        }
        model.commit({ t: 'deleteVersion', name: fn.name, version: ref.qualifier });
        return { status: 204 };
    };
    const listFunctions = (request) => {
        const all = request.query.get('FunctionVersion') === 'ALL';
        const items = [];
        for (const fn of model.list()) {
            items.push(configurationOf(fn, fn.latest, false));
            if (all)
                for (const version of sortedVersions(fn))
                    items.push(configurationOf(fn, version, true));
        }
        const { page, nextMarker } = (0, http_1.paginate)(items, request.query.get('Marker'), request.query.get('MaxItems'));
        return { status: 200, body: { Functions: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
    };
    const sortedVersions = (fn) => Object.values(fn.versions).sort((a, b) => Number(a.version) - Number(b.version));
    // ----------------------------------------------------------------------------------------------
    // Versions and aliases
    const publishVersion = (request) => {
        const ref = refOf(request, false);
        const fn = mustGet(ref);
        const r = new http_1.Reader((0, http_1.jsonBody)(request));
        checkRevision(r.string('RevisionId'), fn.latest.revisionId);
        const sha = r.string('CodeSha256');
        if (sha !== undefined && sha !== fn.latest.codeSha256) {
            throw (0, http_1.invalid)(`CodeSHA256 (${sha}) is different from current CodeSHA256 in $LATEST (${fn.latest.codeSha256}). Please try again with the current CodeSHA256.`);
        }
        if (r.has('PublishTo'))
            throw (0, http_1.unsupported)('PublishTo');
        const version = publish(fn, r.string('Description'));
        return { status: 201, body: configurationOf(fn, version, true) };
    };
    const listVersions = (request) => {
        const fn = mustGet(refOf(request, false));
        // Oldest first, $LATEST first: Terraform takes the last item as the latest version.
        const items = [configurationOf(fn, fn.latest, true), ...sortedVersions(fn).map((v) => configurationOf(fn, v, true))];
        const { page, nextMarker } = (0, http_1.paginate)(items, request.query.get('Marker'), request.query.get('MaxItems'));
        return { status: 200, body: { Versions: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
    };
    const aliasOf = (fn, alias) => ({
        AliasArn: `${fn.arn}:${alias.name}`,
        Name: alias.name,
        FunctionVersion: alias.functionVersion,
        Description: alias.description,
        RevisionId: alias.revisionId,
        ...(alias.additionalVersionWeights
            ? { RoutingConfig: { AdditionalVersionWeights: alias.additionalVersionWeights } }
            : {}),
    });
    const aliasNotFound = (fn, name) => new errors_1.AwsError('ResourceNotFoundException', `Alias not found: ${fn.arn}:${name}`, 404);
    const readRouting = (fn, r, primary) => {
        const routing = r.object('RoutingConfig');
        if (!routing)
            return undefined;
        const weights = routing.AdditionalVersionWeights;
        if (!weights || Object.keys(weights).length === 0)
            return undefined;
        const out = {};
        let total = 0;
        for (const [version, weight] of Object.entries(weights)) {
            if (typeof weight !== 'number' || weight < 0 || weight > 1) {
                throw (0, http_1.constraintError)(weight, 'routingConfig.additionalVersionWeights', 'Member must have value between 0.0 and 1.0');
            }
            if (!fn.versions[version])
                throw notFound(fn.name, version);
            if (version === primary)
                throw (0, http_1.invalid)('Invalid function version: the primary version cannot be an additional version.');
            out[version] = weight;
            total += weight;
        }
        if (total > 1)
            throw (0, http_1.invalid)('The sum of additional version weights must be at most 1.0.');
        return out;
    };
    const checkAliasTarget = (fn, version) => {
        if (version !== model_1.LATEST && !fn.versions[version])
            throw notFound(fn.name, version);
    };
    const createAlias = (request) => {
        const fn = mustGet(refOf(request, false));
        const r = new http_1.Reader((0, http_1.jsonBody)(request));
        const name = r.string('Name');
        if (name === undefined)
            throw (0, http_1.constraintError)(null, 'name', 'Member must not be null');
        if (!ALIAS_PATTERN.test(name) || name.length > 128) {
            throw (0, http_1.constraintError)(name, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
        }
        const version = r.string('FunctionVersion');
        if (version === undefined)
            throw (0, http_1.constraintError)(null, 'functionVersion', 'Member must not be null');
        checkAliasTarget(fn, version);
        if (fn.aliases[name]) {
            throw new errors_1.AwsError('ResourceConflictException', `Alias already exists: ${fn.arn}:${name}`, 409);
        }
        const alias = {
            name,
            functionVersion: version,
            description: r.string('Description') ?? '',
            revisionId: (0, ids_1.uuid)(),
            additionalVersionWeights: readRouting(fn, r, version),
        };
        model.commit({ t: 'putAlias', name: fn.name, alias });
        return { status: 201, body: aliasOf(fn, alias) };
    };
    const mustAlias = (fn, name) => {
        const alias = fn.aliases[name];
        if (!alias)
            throw aliasNotFound(fn, name);
        return alias;
    };
    const getAlias = (request) => {
        const fn = mustGet(refOf(request, false));
        return { status: 200, body: aliasOf(fn, mustAlias(fn, request.params.Name ?? '')) };
    };
    const updateAlias = (request) => {
        const fn = mustGet(refOf(request, false));
        const current = mustAlias(fn, request.params.Name ?? '');
        const r = new http_1.Reader((0, http_1.jsonBody)(request));
        checkRevision(r.string('RevisionId'), current.revisionId);
        const version = r.string('FunctionVersion') ?? current.functionVersion;
        checkAliasTarget(fn, version);
        const alias = {
            ...current,
            functionVersion: version,
            description: r.string('Description') ?? current.description,
            revisionId: (0, ids_1.uuid)(),
            additionalVersionWeights: r.has('RoutingConfig') ? readRouting(fn, r, version) : current.additionalVersionWeights,
        };
        model.commit({ t: 'putAlias', name: fn.name, alias });
        return { status: 200, body: aliasOf(fn, alias) };
    };
    const deleteAlias = (request) => {
        const fn = mustGet(refOf(request, false));
        const name = request.params.Name ?? '';
        if (fn.aliases[name])
            model.commit({ t: 'deleteAlias', name: fn.name, alias: name });
        return { status: 204 };
    };
    const listAliases = (request) => {
        const fn = mustGet(refOf(request, false));
        const version = request.query.get('FunctionVersion');
        const items = Object.values(fn.aliases)
            .filter((alias) => !version || alias.functionVersion === version)
            .sort((a, b) => (a.name < b.name ? -1 : 1))
            .map((alias) => aliasOf(fn, alias));
        const { page, nextMarker } = (0, http_1.paginate)(items, request.query.get('Marker'), request.query.get('MaxItems'));
        return { status: 200, body: { Aliases: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
    };
    // ----------------------------------------------------------------------------------------------
    // Resource policy
    /** The policy key of a qualifier: '' (unqualified), a version or an alias (which must exist). */
    const policyKey = (fn, qualifier) => {
        if (qualifier === undefined)
            return '';
        if (qualifier !== model_1.LATEST && !fn.versions[qualifier] && !fn.aliases[qualifier])
            throw notFound(fn.name, qualifier);
        return qualifier;
    };
    const principalOf = (principal) => {
        if (principal === '*')
            return '*';
        if (/^\d{12}$/.test(principal))
            return { AWS: `arn:aws:iam::${principal}:root` };
        if (principal.startsWith('arn:'))
            return { AWS: principal };
        if (principal.includes('.'))
            return { Service: principal };
        throw (0, http_1.invalid)(`The provided principal was invalid. Please check the principal and try again.`);
    };
    const addPermission = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        const key = policyKey(fn, ref.qualifier);
        const r = new http_1.Reader((0, http_1.jsonBody)(request));
        const sid = r.string('StatementId');
        if (sid === undefined)
            throw (0, http_1.constraintError)(null, 'statementId', 'Member must not be null');
        if (!/^([a-zA-Z0-9-_.]+)$/.test(sid) || sid.length > 100) {
            throw (0, http_1.constraintError)(sid, 'statementId', 'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)');
        }
        const action = r.string('Action');
        if (action === undefined)
            throw (0, http_1.constraintError)(null, 'action', 'Member must not be null');
        if (!/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) {
            throw (0, http_1.constraintError)(action, 'action', 'Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])');
        }
        const principal = r.string('Principal');
        if (principal === undefined)
            throw (0, http_1.constraintError)(null, 'principal', 'Member must not be null');
        const current = fn.policies[key] ?? [];
        checkRevision(r.string('RevisionId'), fn.policyRevisions[key] ?? fn.latest.revisionId);
        if (current.some((statement) => statement.Sid === sid)) {
            throw new errors_1.AwsError('ResourceConflictException', `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`, 409);
        }
        const condition = {};
        const add = (operator, name, value) => {
            if (value === undefined)
                return;
            condition[operator] = { ...condition[operator], [name]: value };
        };
        add('StringEquals', 'AWS:SourceAccount', r.string('SourceAccount'));
        add('StringEquals', 'aws:PrincipalOrgID', r.string('PrincipalOrgID'));
        add('StringEquals', 'lambda:EventSourceToken', r.string('EventSourceToken'));
        const urlAuth = r.string('FunctionUrlAuthType');
        if (urlAuth !== undefined && urlAuth !== 'NONE' && urlAuth !== 'AWS_IAM') {
            throw (0, http_1.constraintError)(urlAuth, 'functionUrlAuthType', 'Member must satisfy enum value set: [NONE, AWS_IAM]');
        }
        add('StringEquals', 'lambda:FunctionUrlAuthType', urlAuth);
        if (r.boolean('InvokedViaFunctionUrl'))
            add('Bool', 'lambda:InvokedViaFunctionUrl', 'true');
        add('ArnLike', 'AWS:SourceArn', r.string('SourceArn'));
        const statement = {
            Sid: sid,
            Effect: 'Allow',
            Principal: principalOf(principal),
            Action: action,
            Resource: key === '' ? fn.arn : `${fn.arn}:${key}`,
            ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        };
        model.commit({ t: 'addPermission', name: fn.name, qualifier: key, statement, revisionId: (0, ids_1.uuid)() });
        return { status: 201, body: { Statement: JSON.stringify(statement) } };
    };
    const removePermission = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        const key = policyKey(fn, ref.qualifier);
        const sid = request.params.StatementId ?? '';
        const revision = request.query.get('RevisionId');
        checkRevision(revision ?? undefined, fn.policyRevisions[key] ?? '');
        if (!(fn.policies[key] ?? []).some((statement) => statement.Sid === sid)) {
            throw new errors_1.AwsError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, 404);
        }
        model.commit({ t: 'removePermission', name: fn.name, qualifier: key, sid, revisionId: (0, ids_1.uuid)() });
        return { status: 204 };
    };
    const getPolicy = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        const key = policyKey(fn, ref.qualifier);
        const statements = fn.policies[key];
        if (!statements || statements.length === 0) {
            throw new errors_1.AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
        }
        return { status: 200, body: { Policy: (0, engine_1.policyDocument)(statements), RevisionId: fn.policyRevisions[key] } };
    };
    // ----------------------------------------------------------------------------------------------
    // Concurrency, code signing, runtime management, recursion, account
    const putConcurrency = (request) => {
        const fn = mustGet(refOf(request, false));
        const r = new http_1.Reader((0, http_1.jsonBody)(request));
        const value = r.integer('ReservedConcurrentExecutions', 'reservedConcurrentExecutions', { min: 0 });
        if (value === undefined)
            throw (0, http_1.constraintError)(null, 'reservedConcurrentExecutions', 'Member must not be null');
        if (engine.accountLimit - (model.totalReservedConcurrency(fn.name) + value) < engine_1.MIN_UNRESERVED) {
            throw (0, http_1.invalid)(`Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${engine_1.MIN_UNRESERVED}].`);
        }
        model.commit({ t: 'concurrency', name: fn.name, value });
        return { status: 200, body: { ReservedConcurrentExecutions: value } };
    };
    const getConcurrency = (request) => {
        const fn = mustGet(refOf(request, false));
        return {
            status: 200,
            body: fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency },
        };
    };
    const deleteConcurrency = (request) => {
        const fn = mustGet(refOf(request, false));
        if (fn.reservedConcurrency !== undefined)
            model.commit({ t: 'concurrency', name: fn.name, value: null });
        return { status: 204 };
    };
    const getCodeSigning = (request) => {
        const fn = mustGet(refOf(request, false));
        return { status: 200, body: { FunctionName: fn.name, CodeSigningConfigArn: '' } };
    };
    const getRuntimeManagement = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        const config = mustVersion(fn, ref.qualifier);
        return {
            status: 200,
            body: { UpdateRuntimeOn: 'Auto', FunctionArn: ref.qualifier ? `${fn.arn}:${config.version}` : fn.arn },
        };
    };
    const putRuntimeManagement = (request) => {
        const ref = refOf(request);
        const fn = mustGet(ref);
        const r = new http_1.Reader((0, http_1.jsonBody)(request));
        const mode = r.string('UpdateRuntimeOn');
        if (mode !== 'Auto') {
            throw (0, http_1.unsupported)(`UpdateRuntimeOn ${mode ?? '(missing)'}: functions always run on the local Node.js (${process.version})`);
        }
        return { status: 200, body: { UpdateRuntimeOn: 'Auto', FunctionArn: fn.arn } };
    };
    const getRecursion = (request) => {
        const fn = mustGet(refOf(request, false));
        return { status: 200, body: { RecursiveLoop: fn.recursiveLoop } };
    };
    const putRecursion = (request) => {
        const fn = mustGet(refOf(request, false));
        const value = new http_1.Reader((0, http_1.jsonBody)(request)).string('RecursiveLoop');
        if (value !== 'Terminate' && value !== 'Allow') {
            throw (0, http_1.constraintError)(value ?? null, 'recursiveLoop', 'Member must satisfy enum value set: [Allow, Terminate]');
        }
        model.commit({ t: 'recursion', name: fn.name, value });
        return { status: 200, body: { RecursiveLoop: value } };
    };
    const getAccountSettings = () => {
        const reserved = model.totalReservedConcurrency();
        return {
            status: 200,
            body: {
                AccountLimit: {
                    TotalCodeSize: 80_530_636_800,
                    CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
                    CodeSizeZipped: MAX_ZIP_BYTES,
                    ConcurrentExecutions: engine.accountLimit,
                    UnreservedConcurrentExecutions: engine.accountLimit - reserved,
                },
                AccountUsage: { TotalCodeSize: model.totalCodeSize(), FunctionCount: model.list().length },
            },
        };
    };
    // ----------------------------------------------------------------------------------------------
    // Tags
    /** The resource a tags call names: a function (unqualified ARN) or an event source mapping. */
    const tagTarget = (arn) => {
        const fnMatch = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:(\d{12}):function:([a-zA-Z0-9-_]+)(:.+)?$/.exec(arn);
        if (fnMatch) {
            if (fnMatch[3])
                throw (0, http_1.invalid)('Tags are not supported on qualified function ARNs.');
            const fn = fnMatch[1] === cloud.config.accountId ? model.get(fnMatch[2]) : undefined;
            if (!fn)
                throw notFound(fnMatch[2]);
            return { fn };
        }
        const esm = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:event-source-mapping:([0-9a-f-]+)$/.exec(arn);
        if (esm) {
            const mappings = asyncInvoker
                .mappings;
            const mapping = mappings?.get?.(esm[1]);
            if (!mapping) {
                throw new errors_1.AwsError('ResourceNotFoundException', `The resource you requested does not exist. (${arn})`, 404);
            }
            return { other: arn, esmTags: mapping.tags ?? {} };
        }
        throw (0, http_1.invalid)(`local-cloud: tags are supported on functions and event source mappings, not on ${arn}`);
    };
    const listTags = (request) => {
        const arn = request.params.ARN ?? '';
        const target = tagTarget(arn);
        const tags = target.fn ? target.fn.tags : { ...target.esmTags, ...model.tagsOf(arn) };
        return { status: 200, body: { Tags: tags } };
    };
    const tagResource = (request) => {
        const arn = request.params.ARN ?? '';
        const target = tagTarget(arn);
        const tags = new http_1.Reader((0, http_1.jsonBody)(request)).stringMap('Tags') ?? {};
        model.commit({ t: 'tag', arn: target.fn?.arn ?? arn, tags });
        return { status: 204 };
    };
    const untagResource = (request) => {
        const arn = request.params.ARN ?? '';
        const target = tagTarget(arn);
        model.commit({ t: 'untag', arn: target.fn?.arn ?? arn, keys: request.query.getAll('tagKeys') });
        return { status: 204 };
    };
    // ----------------------------------------------------------------------------------------------
    // Invoke (reference/aws-async-semantics.md §1)
    /** Hops from the `Lineage=<hash>:<n>` of the caller's X-Amzn-Trace-Id (a handler's SDK call forwards it). */
    const hopsOf = (request) => {
        const header = request.headers['x-amzn-trace-id'];
        const text = Array.isArray(header) ? header[0] : header;
        const lineage = text ? /Lineage=([^;]+)/.exec(text)?.[1] : undefined;
        if (!lineage)
            return 0;
        let max = -1;
        for (const part of lineage.split('|')) {
            const n = Number(part.split(':')[1]);
            if (Number.isInteger(n))
                max = Math.max(max, n);
        }
        return max + 1;
    };
    const header = (request, name) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
    };
    const checkJson = (body) => {
        if (body.length === 0)
            return;
        try {
            JSON.parse(body.toString('utf8'));
        }
        catch (error) {
            throw new errors_1.AwsError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${error.message}`, 400);
        }
    };
    const runnable = (config) => {
        if (!runtime_1.LOCAL_NODE_RUNTIMES.has(config.runtime)) {
            throw new errors_1.AwsError('InvalidRuntimeException', `local-cloud cannot run runtime ${config.runtime} locally: only ${[...runtime_1.LOCAL_NODE_RUNTIMES].join(', ')} run (on the local Node.js ${process.version})`, 502);
        }
    };
    const invoke = async (request, ctx) => {
        const ref = refOf(request);
        const invocationType = header(request, 'x-amz-invocation-type') ?? 'RequestResponse';
        if (invocationType !== 'RequestResponse' && invocationType !== 'Event' && invocationType !== 'DryRun') {
            throw (0, http_1.constraintError)(invocationType, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]');
        }
        const fn = mustGet(ref);
        const config = engine.pickVersion(fn, ref.qualifier);
        if (!config)
            throw notFound(fn.name, ref.qualifier);
        const body = request.body;
        if (invocationType === 'Event' && body.length > ASYNC_PAYLOAD_LIMIT) {
            throw new errors_1.AwsError('RequestEntityTooLargeException', `${body.length} byte payload is too large for the Event invocation type (limit ${ASYNC_PAYLOAD_LIMIT} bytes)`, 413);
        }
        if (body.length > SYNC_PAYLOAD_LIMIT) {
            throw new errors_1.AwsError('RequestEntityTooLargeException', `Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`, 413);
        }
        checkJson(body);
        if (invocationType === 'DryRun')
            return { status: 204 };
        runnable(config);
        const version = engine.toFunctionVersion(fn, config);
        const hops = hopsOf(request);
        if (invocationType === 'Event') {
            // The request id of the 202 is the function's awsRequestId (kept on every retry).
            const options = { requestId: ctx.requestId, hops };
            if (ref.qualifier)
                options.qualifier = ref.qualifier;
            asyncInvoker.enqueue(version, body, options);
            return { status: 202 };
        }
        let clientContext;
        const rawContext = header(request, 'x-amz-client-context');
        if (rawContext) {
            if (rawContext.length > 3583)
                throw (0, http_1.invalid)('Client context must be smaller than 3583 bytes.');
            const decoded = Buffer.from(rawContext, 'base64').toString('utf8');
            try {
                const parsed = JSON.parse(decoded);
                if (!parsed || typeof parsed !== 'object')
                    throw new Error('not an object');
            }
            catch {
                throw (0, http_1.invalid)('Client context must be a valid Base64-encoded JSON object.');
            }
            clientContext = decoded;
        }
        const outcome = await engine.invoke(version, body, {
            requestId: ctx.requestId,
            invocationType: 'RequestResponse',
            ...(clientContext !== undefined ? { clientContext } : {}),
            ...(header(request, 'x-amz-log-type') === 'Tail' ? { logTail: true } : {}),
            ...(ref.qualifier ? { qualifier: ref.qualifier } : {}),
            hops,
        });
        const headers = {
            'content-type': 'application/json',
            'X-Amz-Executed-Version': outcome.executedVersion,
        };
        if (outcome.functionError)
            headers['X-Amz-Function-Error'] = outcome.functionError;
        if (outcome.logResult !== undefined)
            headers['X-Amz-Log-Result'] = outcome.logResult;
        return { status: 200, headers, body: outcome.payload };
    };
    /** Legacy InvokeAsync: 202, the event joins the asynchronous queue. */
    const invokeAsync = (request, ctx) => {
        const ref = refOf(request, false);
        const fn = mustGet(ref);
        const config = engine.pickVersion(fn, ref.qualifier);
        if (!config)
            throw notFound(fn.name, ref.qualifier);
        if (request.body.length > INVOKE_ASYNC_PAYLOAD_LIMIT) {
            throw new errors_1.AwsError('RequestTooLargeException', `${request.body.length} byte payload is too large for the InvokeAsync operation (limit ${INVOKE_ASYNC_PAYLOAD_LIMIT} bytes)`, 413);
        }
        checkJson(request.body);
        runnable(config);
        const options = {
            requestId: ctx.requestId,
            hops: hopsOf(request),
        };
        if (ref.qualifier)
            options.qualifier = ref.qualifier;
        asyncInvoker.enqueue(engine.toFunctionVersion(fn, config), request.body, options);
        return { status: 202, body: { Status: 202 } };
    };
    const route = (method, path, operation, handler) => ({ method, path, operation, handler });
    return [
        route('POST', '/2015-03-31/functions', 'CreateFunction', createFunction),
        route('GET', '/2015-03-31/functions', 'ListFunctions', listFunctions),
        route('GET', FN, 'GetFunction', getFunction),
        route('DELETE', FN, 'DeleteFunction', deleteFunction),
        route('GET', `${FN}/configuration`, 'GetFunctionConfiguration', getFunctionConfiguration),
        route('PUT', `${FN}/configuration`, 'UpdateFunctionConfiguration', updateFunctionConfiguration),
        route('PUT', `${FN}/code`, 'UpdateFunctionCode', updateFunctionCode),
        route('POST', `${FN}/invocations`, 'Invoke', invoke),
        route('POST', '/2014-11-13/functions/{FunctionName}/invoke-async', 'InvokeAsync', invokeAsync),
        route('POST', `${FN}/versions`, 'PublishVersion', publishVersion),
        route('GET', `${FN}/versions`, 'ListVersionsByFunction', listVersions),
        route('POST', `${FN}/aliases`, 'CreateAlias', createAlias),
        route('GET', `${FN}/aliases`, 'ListAliases', listAliases),
        route('GET', `${FN}/aliases/{Name}`, 'GetAlias', getAlias),
        route('PUT', `${FN}/aliases/{Name}`, 'UpdateAlias', updateAlias),
        route('DELETE', `${FN}/aliases/{Name}`, 'DeleteAlias', deleteAlias),
        route('POST', `${FN}/policy`, 'AddPermission', addPermission),
        route('GET', `${FN}/policy`, 'GetPolicy', getPolicy),
        route('DELETE', `${FN}/policy/{StatementId}`, 'RemovePermission', removePermission),
        route('PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency', putConcurrency),
        route('DELETE', '/2017-10-31/functions/{FunctionName}/concurrency', 'DeleteFunctionConcurrency', deleteConcurrency),
        route('GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency', getConcurrency),
        route('GET', '/2020-06-30/functions/{FunctionName}/code-signing-config', 'GetFunctionCodeSigningConfig', getCodeSigning),
        route('PUT', '/2020-06-30/functions/{FunctionName}/code-signing-config', 'PutFunctionCodeSigningConfig', () => {
            throw (0, http_1.unsupported)('code signing (PutFunctionCodeSigningConfig)');
        }),
        route('DELETE', '/2020-06-30/functions/{FunctionName}/code-signing-config', 'DeleteFunctionCodeSigningConfig', (request) => {
            mustGet(refOf(request, false));
            return { status: 204 };
        }),
        route('GET', '/2021-07-20/functions/{FunctionName}/runtime-management-config', 'GetRuntimeManagementConfig', getRuntimeManagement),
        route('PUT', '/2021-07-20/functions/{FunctionName}/runtime-management-config', 'PutRuntimeManagementConfig', putRuntimeManagement),
        route('GET', '/2024-08-31/functions/{FunctionName}/recursion-config', 'GetFunctionRecursionConfig', getRecursion),
        route('PUT', '/2024-08-31/functions/{FunctionName}/recursion-config', 'PutFunctionRecursionConfig', putRecursion),
        route('GET', '/2016-08-19/account-settings', 'GetAccountSettings', getAccountSettings),
        route('GET', '/2017-03-31/tags/{ARN}', 'ListTags', listTags),
        route('POST', '/2017-03-31/tags/{ARN}', 'TagResource', tagResource),
        route('DELETE', '/2017-03-31/tags/{ARN}', 'UntagResource', untagResource),
    ];
}
