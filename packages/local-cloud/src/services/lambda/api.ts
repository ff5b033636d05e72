import { createHash } from 'node:crypto';
import type { Cloud } from '../../core/cloud';
import { AwsError } from '../../core/errors';
import { sha256Base64, sha256Hex, uuid } from '../../core/ids';
import type { CallContext, RestRequest, RestResponse, RestRoute } from '../../core/service';
import { codeBlobKey, type Engine, logGroupOf, MIN_UNRESERVED, policyDocument } from './engine';
import { constraintError, invalid, jsonBody, paginate, Reader, unsupported } from './http';
import {
  type AliasConfig,
  type FunctionState,
  LATEST,
  type LambdaModel,
  lastModifiedNow,
  type PolicyStatement,
  type VersionConfig,
} from './model';
import { type FunctionRef, functionRef } from './refs';
import { inspectZip } from './runtime/code';
import { LOCAL_NODE_RUNTIMES, RESERVED_ENVIRONMENT_KEYS } from './runtime/runtime';
import type { AsyncInvoker } from './types';

/**
 * The Lambda control-plane API (restJson1, signing name `lambda`) as Terraform provider 5.100.0, SDK v3 and the
 * AWS CLI use it: routes and status codes per reference/terraform-provider-calls.md "Lambda paths" and
 * reference/aws-wire-and-event-shapes.md §1.3; the Configuration shape per §8.
 */

const FN = '/2015-03-31/functions/{FunctionName}';

/** Every Runtime enum value of the API model (botocore / SDK v3). */
const RUNTIME_ENUM = [
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'nodejs26.x',
  'nodejs4.3-edge',
  'java8',
  'java8.al2',
  'java8.al2023',
  'java11',
  'java11.al2023',
  'java17',
  'java17.al2023',
  'java21',
  'java25',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'python3.15',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet8',
  'dotnet10',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'ruby4.0',
  'provided',
  'provided.al2',
  'provided.al2023',
];

/** Runtimes AWS no longer accepts for creating or updating functions. */
const BLOCKED_RUNTIMES = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'java8',
  'provided',
]);

const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const ALIAS_PATTERN = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 262_144_000;
const SYNC_PAYLOAD_LIMIT = 6_291_456;
const ASYNC_PAYLOAD_LIMIT = 1_048_576;
const INVOKE_ASYNC_PAYLOAD_LIMIT = 262_144;

const runtimeVersionArn = (region: string, runtime: string): string =>
  `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(`${runtime}:${process.version}`).digest('hex')}`;

export interface ApiContext {
  cloud: Cloud;
  model: LambdaModel;
  engine: Engine;
  asyncInvoker: AsyncInvoker;
}

export function lambdaApiRoutes(api: ApiContext): RestRoute[] {
  const { cloud, model, engine, asyncInvoker } = api;
  const region = cloud.config.region;

  // ----------------------------------------------------------------------------------------------
  // Lookups and shapes

  const unqualifiedArn = (name: string): string => model.functionArn(name);

  const notFound = (name: string, qualifier?: string): AwsError =>
    new AwsError(
      'ResourceNotFoundException',
      `Function not found: ${unqualifiedArn(name)}${qualifier ? `:${qualifier}` : ''}`,
      404,
    );

  const refOf = (request: RestRequest, qualifierParam = true): FunctionRef =>
    functionRef(
      request.params.FunctionName ?? '',
      qualifierParam ? request.query.get('Qualifier') : undefined,
    );

  const mustGet = (ref: FunctionRef): FunctionState => {
    const fn =
      ref.accountId === undefined || ref.accountId === cloud.config.accountId
        ? model.get(ref.name)
        : undefined;
    if (!fn) throw notFound(ref.name);
    return fn;
  };

  const mustVersion = (fn: FunctionState, qualifier: string | undefined): VersionConfig => {
    const config = model.versionConfig(fn, qualifier);
    if (!config) throw notFound(fn.name, qualifier);
    return config;
  };

  const configurationOf = (
    fn: FunctionState,
    c: VersionConfig,
    qualifiedArn: boolean,
  ): Record<string, unknown> => {
    const logging: Record<string, unknown> = { LogFormat: c.logFormat, LogGroup: logGroupOf(fn, c) };
    if (c.logFormat === 'JSON') {
      logging.ApplicationLogLevel = c.applicationLogLevel ?? 'INFO';
      logging.SystemLogLevel = c.systemLogLevel ?? 'INFO';
    }
    return {
      FunctionName: fn.name,
      FunctionArn: qualifiedArn || c.version !== LATEST ? `${fn.arn}:${c.version}` : fn.arn,
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
      ...(c.environment && Object.keys(c.environment).length > 0
        ? { Environment: { Variables: c.environment } }
        : {}),
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
  const pending = (out: Record<string, unknown>): Record<string, unknown> => {
    const { LastUpdateStatus: _ignored, ...rest } = out;
    return {
      ...rest,
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
    };
  };

  /** Update* answer InProgress; the provider waits 5 s and then reads Successful. */
  const inProgress = (out: Record<string, unknown>): Record<string, unknown> => ({
    ...out,
    LastUpdateStatus: 'InProgress',
    LastUpdateStatusReason: 'The function is being created.',
    LastUpdateStatusReasonCode: 'Creating',
  });

  const checkRevision = (given: string | undefined, current: string): void => {
    if (given !== undefined && given !== current) {
      throw new AwsError(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        412,
      );
    }
  };

  // ----------------------------------------------------------------------------------------------
  // Validation of function settings

  const validateRuntime = (runtime: string): void => {
    if (!RUNTIME_ENUM.includes(runtime)) {
      throw constraintError(
        runtime,
        'runtime',
        `Member must satisfy enum value set: [${RUNTIME_ENUM.join(', ')}]`,
      );
    }
    if (BLOCKED_RUNTIMES.has(runtime)) {
      throw invalid(
        `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
      );
    }
  };

  const validateRole = (role: string): void => {
    if (!ROLE_PATTERN.test(role)) {
      throw constraintError(
        role,
        'role',
        'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
      );
    }
    // The role must exist and trust lambda.amazonaws.com (Terraform retries this message while IAM propagates).
    if (cloud.ports.has('roles')) {
      const roles = cloud.ports.get('roles');
      if (!roles.get(role) || !roles.trusts(role, 'lambda.amazonaws.com')) {
        throw invalid('The role defined for the function cannot be assumed by Lambda.');
      }
    }
  };

  const validateEnvironment = (variables: Record<string, string>): void => {
    const reserved = Object.keys(variables).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key));
    if (reserved.length > 0) {
      throw invalid(
        `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
      );
    }
    // Keys start with a letter and have at least two characters (AWS refuses `A`).
    if (Object.keys(variables).some((key) => !/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key))) {
      throw new AwsError(
        'ValidationException',
        "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
        400,
      );
    }
    const measured = JSON.stringify(variables);
    if (Buffer.byteLength(measured) > 4096) {
      throw invalid(
        `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
      );
    }
  };

  const validateDeadLetter = (targetArn: string, role: string): void => {
    const parsed = /^arn:aws[a-zA-Z-]*:(sqs|sns):[a-z0-9-]+:\d{12}:.+$/.exec(targetArn);
    if (!parsed) {
      throw invalid(
        `The provided target arn ${targetArn} is invalid. Lambda supports SQS queues and SNS topics as dead letter targets.`,
      );
    }
    // AWS checks the execution role at configuration time (Terraform retries this message while IAM propagates).
    if (cloud.delivery.getAuthorizer()) {
      const decision = cloud.delivery.check(targetArn, { type: 'role', arn: role });
      if (!decision.allowed) {
        throw invalid(
          parsed[1] === 'sqs'
            ? 'The provided execution role does not have permissions to call SendMessage on SQS'
            : 'The provided execution role does not have permissions to call Publish on SNS',
        );
      }
    }
  };

  /** Settings that change behaviour local-cloud does not emulate: refused, never stored and ignored. */
  const refuseUnsupported = (r: Reader): void => {
    const layers = r.stringArray('Layers');
    if (layers && layers.length > 0) throw unsupported('Lambda layers (Layers)');
    const vpc = r.object('VpcConfig');
    if (
      vpc &&
      ((vpc.SubnetIds as unknown[] | undefined)?.length ||
        (vpc.SecurityGroupIds as unknown[] | undefined)?.length)
    ) {
      throw unsupported('VPC configuration (VpcConfig)');
    }
    const fileSystems = r.input.FileSystemConfigs;
    if (Array.isArray(fileSystems) && fileSystems.length > 0)
      throw unsupported('file systems (FileSystemConfigs)');
    const image = r.object('ImageConfig');
    if (image && Object.keys(image).length > 0) throw unsupported('ImageConfig (container images)');
    const snapStart = r.object('SnapStart');
    if (snapStart && snapStart.ApplyOn !== undefined && snapStart.ApplyOn !== 'None')
      throw unsupported('SnapStart');
    const tracing = r.object('TracingConfig');
    if (tracing && tracing.Mode !== undefined && tracing.Mode !== 'PassThrough') {
      throw unsupported('active X-Ray tracing (TracingConfig.Mode Active)');
    }
    for (const key of [
      'CodeSigningConfigArn',
      'DurableConfig',
      'CapacityProviderConfig',
      'TenancyConfig',
      'PublishTo',
    ]) {
      if (r.has(key)) throw unsupported(key);
    }
  };

  /** Decodes Code/UpdateFunctionCode input into a stored zip. */
  const storeCode = (
    input: Record<string, unknown>,
  ): { codeSha256: string; codeKey: string; codeSize: number } => {
    const r = new Reader(input);
    if (r.has('ImageUri')) throw unsupported('container image functions (ImageUri); use a zip package');
    const zipFile = r.string('ZipFile', 'code.zipFile');
    const fromS3 = r.has('S3Bucket') || r.has('S3Key') || r.has('S3ObjectVersion');
    if (zipFile !== undefined && fromS3) {
      // UNCONFIRMED wording: AWS refuses a ZipFile together with an S3 location.
      throw invalid('Please do not provide other FunctionCode parameters when providing a ZipFile.');
    }
    if (fromS3) return storeZip(readCodeFromS3(r));
    if (zipFile === undefined) throw invalid('Please provide a source for function code.');
    const zip = Buffer.from(zipFile, 'base64');
    if (zip.length > MAX_ZIP_BYTES) {
      throw new AwsError(
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_ZIP_BYTES} bytes for the CreateFunction operation`,
        413,
      );
    }
    return storeZip(zip);
  };

  /**
   * Code.S3Bucket/S3Key/S3ObjectVersion: the object read through S3's `objects` port; S3's error becomes
   * InvalidParameterValueException "Error occurred while GetObject. S3 Error Code: …. S3 Error Message: …".
   */
  const readCodeFromS3 = (r: Reader): Buffer => {
    const bucket = r.string('S3Bucket', 'code.s3Bucket');
    const key = r.string('S3Key', 'code.s3Key');
    const version = r.string('S3ObjectVersion', 'code.s3ObjectVersion');
    if (
      bucket !== undefined &&
      (!/^[0-9A-Za-z.\-_]*(?<!\.)$/.test(bucket) || bucket.length < 3 || bucket.length > 63)
    ) {
      throw constraintError(
        bucket,
        'code.s3Bucket',
        bucket.length < 3 || bucket.length > 63
          ? 'Member must have length between 3 and 63'
          : 'Member must satisfy regular expression pattern: ^[0-9A-Za-z\\.\\-_]*(?<!\\.)$',
      );
    }
    if (key !== undefined && (key.length < 1 || key.length > 1024)) {
      throw constraintError(key, 'code.s3Key', 'Member must have length between 1 and 1024');
    }
    if (version !== undefined && (version.length < 1 || version.length > 1024)) {
      throw constraintError(version, 'code.s3ObjectVersion', 'Member must have length between 1 and 1024');
    }
    // UNCONFIRMED wording: AWS needs both the bucket and the key.
    if (bucket === undefined || key === undefined)
      throw invalid('Please provide a source for function code.');
    if (!cloud.ports.has('objects')) throw unsupported('code from S3 (the S3 service is not installed)');
    const read = cloud.ports.get('objects').get(bucket, key, version, cloud.config.region);
    if ('errorCode' in read) {
      throw invalid(
        `Error occurred while GetObject. S3 Error Code: ${read.errorCode}. S3 Error Message: ${read.errorMessage}`,
      );
    }
    return Buffer.from(read.body);
  };

  /** Checks a deployment package and stores it by content hash (the same for ZipFile and S3 code). */
  const storeZip = (zip: Buffer): { codeSha256: string; codeKey: string; codeSize: number } => {
    let unzippedBytes: number;
    try {
      unzippedBytes = inspectZip(zip).unzippedBytes;
    } catch {
      throw invalid('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    if (unzippedBytes > MAX_UNZIPPED_BYTES) {
      throw invalid(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
    }
    const codeKey = sha256Hex(zip);
    cloud.store.putBlob(codeBlobKey(codeKey), zip);
    return { codeSha256: sha256Base64(zip), codeKey, codeSize: zip.length };
  };

  /** Applies configuration input over a base (create: defaults; update: current). Only given members change. */
  const applyConfig = (
    functionName: string,
    base: VersionConfig,
    input: Record<string, unknown>,
    creating: boolean,
  ): VersionConfig => {
    const r = new Reader(input);
    refuseUnsupported(r);
    const next: VersionConfig = { ...base };
    const runtime = r.string('Runtime');
    if (runtime !== undefined) {
      validateRuntime(runtime);
      next.runtime = runtime;
    }
    const handler = r.string('Handler');
    if (handler !== undefined) {
      if (handler.length > 128 || !/^[^\s]+$/.test(handler)) {
        throw constraintError(handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
      }
      next.handler = handler;
    }
    if (creating && (!next.runtime || !next.handler)) {
      throw invalid(
        'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
      );
    }
    const description = r.string('Description');
    if (description !== undefined) {
      if (description.length > 256)
        throw constraintError(
          description,
          'description',
          'Member must have length less than or equal to 256',
        );
      next.description = description;
    }
    const memory = r.integer('MemorySize', 'memorySize', { min: 128, max: 10240 });
    if (memory !== undefined) next.memorySize = memory;
    const timeout = r.integer('Timeout', 'timeout', { min: 1 });
    if (timeout !== undefined) {
      if (timeout > 900)
        throw invalid(`Timeout value ${timeout} is invalid: it must be between 1 and 900 seconds.`);
      next.timeout = timeout;
    }
    const role = r.string('Role');
    if (role !== undefined) {
      validateRole(role);
      next.role = role;
    }
    const environment = r.object('Environment');
    if (environment) {
      const variables = new Reader(environment).stringMap('Variables', 'environment.variables') ?? {};
      validateEnvironment(variables);
      next.environment = Object.keys(variables).length > 0 ? variables : undefined;
    }
    const deadLetter = r.object('DeadLetterConfig');
    if (deadLetter) {
      const target = new Reader(deadLetter).string('TargetArn', 'deadLetterConfig.targetArn');
      if (target) {
        validateDeadLetter(target, next.role);
        next.deadLetterTargetArn = target;
      } else {
        next.deadLetterTargetArn = undefined;
      }
    }
    const kms = r.string('KMSKeyArn');
    if (kms !== undefined) next.kmsKeyArn = kms === '' ? undefined : kms;
    const storage = r.object('EphemeralStorage');
    if (storage) {
      next.ephemeralStorageSize =
        new Reader(storage).integer('Size', 'ephemeralStorage.size', { min: 512, max: 10240 }) ?? 512;
    }
    const logging = r.object('LoggingConfig');
    if (logging) {
      const lr = new Reader(logging);
      const format = lr.string('LogFormat', 'loggingConfig.logFormat');
      if (format !== undefined) {
        if (format !== 'Text' && format !== 'JSON') {
          throw constraintError(
            format,
            'loggingConfig.logFormat',
            'Member must satisfy enum value set: [JSON, Text]',
          );
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
          throw constraintError(
            app,
            'loggingConfig.applicationLogLevel',
            `Member must satisfy enum value set: [${levels.join(', ')}]`,
          );
        next.applicationLogLevel = app;
      }
      const system = lr.string('SystemLogLevel', 'loggingConfig.systemLogLevel');
      if (system !== undefined) {
        if (!['DEBUG', 'INFO', 'WARN'].includes(system))
          throw constraintError(
            system,
            'loggingConfig.systemLogLevel',
            'Member must satisfy enum value set: [DEBUG, INFO, WARN]',
          );
        next.systemLogLevel = system;
      }
      if (next.logFormat === 'Text' && (app !== undefined || system !== undefined)) {
        throw invalid('ApplicationLogLevel and SystemLogLevel can only be set when LogFormat is JSON.');
      }
    }
    const architectures = r.stringArray('Architectures');
    if (architectures !== undefined) next.architectures = validateArchitectures(architectures);
    return next;
  };

  const validateArchitectures = (architectures: string[]): string[] => {
    if (architectures.length !== 1 || !['x86_64', 'arm64'].includes(architectures[0] as string)) {
      throw constraintError(
        architectures,
        'architectures',
        'Member must have length 1 and satisfy enum value set: [x86_64, arm64]',
      );
    }
    return architectures;
  };

  /** Fields that define what a version runs (PublishVersion skips publishing when nothing changed). */
  const fingerprint = (c: VersionConfig): string => {
    const { version: _v, revisionId: _r, lastModified: _l, description: _d, ...rest } = c;
    return JSON.stringify(rest);
  };

  const publish = (fn: FunctionState, description: string | undefined): VersionConfig => {
    const latestPrint = fingerprint(fn.latest);
    const last = fn.versions[String(fn.lastPublished)];
    if (last && fingerprint(last) === latestPrint) return last;
    const config: VersionConfig = {
      ...fn.latest,
      version: String(fn.lastPublished + 1),
      description: description ?? fn.latest.description,
      revisionId: uuid(),
      lastModified: lastModifiedNow(),
    };
    model.commit({ t: 'publish', name: fn.name, config });
    return config;
  };

  // ----------------------------------------------------------------------------------------------
  // Functions

  const createFunction = (request: RestRequest): RestResponse => {
    const input = jsonBody(request);
    const r = new Reader(input);
    const name = r.string('FunctionName');
    if (name === undefined) throw constraintError(null, 'functionName', 'Member must not be null');
    const ref = functionRef(name);
    if (ref.qualifier) throw invalid('Qualifiers are not allowed in the function name of CreateFunction.');
    const packageType = r.string('PackageType') ?? 'Zip';
    if (packageType === 'Image')
      throw unsupported('container image functions (PackageType Image); use a zip package');
    if (packageType !== 'Zip')
      throw constraintError(packageType, 'packageType', 'Member must satisfy enum value set: [Image, Zip]');
    const role = r.string('Role');
    if (role === undefined) throw constraintError(null, 'role', 'Member must not be null');
    const code = r.object('Code');
    if (!code) throw constraintError(null, 'code', 'Member must not be null');
    const base: VersionConfig = {
      version: LATEST,
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
      throw new AwsError('ResourceConflictException', `Function already exist: ${ref.name}`, 409);
    }
    const tags = r.stringMap('Tags') ?? {};
    const stored = storeCode(code);
    const latest: VersionConfig = {
      ...config,
      ...stored,
      lastModified: lastModifiedNow(),
      revisionId: uuid(),
    };
    const fn: FunctionState = {
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
    if (LOCAL_NODE_RUNTIMES.has(latest.runtime)) engine.runtime.refillSpares();
    const created = model.get(ref.name) as FunctionState;
    if (r.boolean('Publish')) {
      const version = publish(created, undefined);
      return { status: 201, body: pending(configurationOf(created, version, true)) };
    }
    return { status: 201, body: pending(configurationOf(created, created.latest, false)) };
  };

  const getFunction = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    const config = mustVersion(fn, ref.qualifier);
    const body: Record<string, unknown> = {
      Configuration: configurationOf(fn, config, ref.qualifier !== undefined),
      Code: { RepositoryType: 'S3', Location: `${cloud.endpoint}/lambda-code/${config.codeKey}.zip` },
    };
    if (ref.qualifier === undefined && Object.keys(fn.tags).length > 0) body.Tags = fn.tags;
    if (fn.reservedConcurrency !== undefined)
      body.Concurrency = { ReservedConcurrentExecutions: fn.reservedConcurrency };
    return { status: 200, body };
  };

  const getFunctionConfiguration = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    return {
      status: 200,
      body: configurationOf(fn, mustVersion(fn, ref.qualifier), ref.qualifier !== undefined),
    };
  };

  const updateFunctionCode = (request: RestRequest): RestResponse => {
    const ref = refOf(request, false);
    if (ref.qualifier) throw invalid('Qualifiers are not allowed when updating function code.');
    const fn = mustGet(ref);
    const input = jsonBody(request);
    const r = new Reader(input);
    checkRevision(r.string('RevisionId'), fn.latest.revisionId);
    const architectures = r.stringArray('Architectures');
    if (r.has('SourceKMSKeyArn')) throw unsupported('SourceKMSKeyArn');
    const stored = storeCode(input);
    const config: VersionConfig = {
      ...fn.latest,
      ...stored,
      ...(architectures ? { architectures: validateArchitectures(architectures) } : {}),
      lastModified: lastModifiedNow(),
      revisionId: uuid(),
    };
    if (r.boolean('DryRun'))
      return {
        status: 200,
        body: configurationOf(fn, { ...config, revisionId: fn.latest.revisionId }, false),
      };
    model.commit({ t: 'updateLatest', name: fn.name, config });
    if (r.boolean('Publish')) {
      const version = publish(fn, undefined);
      return { status: 200, body: inProgress(configurationOf(fn, version, true)) };
    }
    return { status: 200, body: inProgress(configurationOf(fn, config, false)) };
  };

  const updateFunctionConfiguration = (request: RestRequest): RestResponse => {
    const ref = refOf(request, false);
    if (ref.qualifier) throw invalid('Qualifiers are not allowed when updating function configuration.');
    const fn = mustGet(ref);
    const input = jsonBody(request);
    checkRevision(new Reader(input).string('RevisionId'), fn.latest.revisionId);
    const config: VersionConfig = {
      ...applyConfig(fn.name, fn.latest, input, false),
      lastModified: lastModifiedNow(),
      revisionId: uuid(),
    };
    model.commit({ t: 'updateLatest', name: fn.name, config });
    return { status: 200, body: inProgress(configurationOf(fn, config, false)) };
  };

  const deleteFunction = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    if (ref.qualifier === undefined) {
      model.commit({ t: 'delete', name: fn.name });
      return { status: 204 };
    }
    if (ref.qualifier === LATEST) {
      throw invalid(`$LATEST version cannot be deleted without deleting the function.`);
    }
    if (!fn.versions[ref.qualifier]) throw notFound(fn.name, ref.qualifier);
    const aliases = Object.values(fn.aliases).filter(
      (alias) =>
        alias.functionVersion === ref.qualifier ||
        alias.additionalVersionWeights?.[ref.qualifier as string] !== undefined,
    );
    if (aliases.length > 0) {
      throw new AwsError(
        'ResourceConflictException',
        `Unable to delete version because the following aliases reference it: [${aliases.map((a) => a.name).join(', ')}]`,
        409,
      );
    }
    model.commit({ t: 'deleteVersion', name: fn.name, version: ref.qualifier });
    return { status: 204 };
  };

  const listFunctions = (request: RestRequest): RestResponse => {
    const all = request.query.get('FunctionVersion') === 'ALL';
    const items: Record<string, unknown>[] = [];
    for (const fn of model.list()) {
      items.push(configurationOf(fn, fn.latest, false));
      if (all) for (const version of sortedVersions(fn)) items.push(configurationOf(fn, version, true));
    }
    const { page, nextMarker } = paginate(items, request.query.get('Marker'), request.query.get('MaxItems'));
    return { status: 200, body: { Functions: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
  };

  const sortedVersions = (fn: FunctionState): VersionConfig[] =>
    Object.values(fn.versions).sort((a, b) => Number(a.version) - Number(b.version));

  // ----------------------------------------------------------------------------------------------
  // Versions and aliases

  const publishVersion = (request: RestRequest): RestResponse => {
    const ref = refOf(request, false);
    const fn = mustGet(ref);
    const r = new Reader(jsonBody(request));
    checkRevision(r.string('RevisionId'), fn.latest.revisionId);
    const sha = r.string('CodeSha256');
    if (sha !== undefined && sha !== fn.latest.codeSha256) {
      throw invalid(
        `CodeSHA256 (${sha}) is different from current CodeSHA256 in $LATEST (${fn.latest.codeSha256}). Please try again with the current CodeSHA256.`,
      );
    }
    if (r.has('PublishTo')) throw unsupported('PublishTo');
    const version = publish(fn, r.string('Description'));
    return { status: 201, body: configurationOf(fn, version, true) };
  };

  const listVersions = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    // Oldest first, $LATEST first: Terraform takes the last item as the latest version.
    const items = [
      configurationOf(fn, fn.latest, true),
      ...sortedVersions(fn).map((v) => configurationOf(fn, v, true)),
    ];
    const { page, nextMarker } = paginate(items, request.query.get('Marker'), request.query.get('MaxItems'));
    return { status: 200, body: { Versions: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
  };

  const aliasOf = (fn: FunctionState, alias: AliasConfig): Record<string, unknown> => ({
    AliasArn: `${fn.arn}:${alias.name}`,
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
    ...(alias.additionalVersionWeights
      ? { RoutingConfig: { AdditionalVersionWeights: alias.additionalVersionWeights } }
      : {}),
  });

  const aliasNotFound = (fn: FunctionState, name: string): AwsError =>
    new AwsError('ResourceNotFoundException', `Alias not found: ${fn.arn}:${name}`, 404);

  const readRouting = (fn: FunctionState, r: Reader, primary: string): Record<string, number> | undefined => {
    const routing = r.object('RoutingConfig');
    if (!routing) return undefined;
    const weights = routing.AdditionalVersionWeights as Record<string, unknown> | undefined;
    if (!weights || Object.keys(weights).length === 0) return undefined;
    const out: Record<string, number> = {};
    let total = 0;
    for (const [version, weight] of Object.entries(weights)) {
      if (typeof weight !== 'number' || weight < 0 || weight > 1) {
        throw constraintError(
          weight,
          'routingConfig.additionalVersionWeights',
          'Member must have value between 0.0 and 1.0',
        );
      }
      if (!fn.versions[version]) throw notFound(fn.name, version);
      if (version === primary)
        throw invalid('Invalid function version: the primary version cannot be an additional version.');
      out[version] = weight;
      total += weight;
    }
    if (total > 1) throw invalid('The sum of additional version weights must be at most 1.0.');
    return out;
  };

  const checkAliasTarget = (fn: FunctionState, version: string): void => {
    if (version !== LATEST && !fn.versions[version]) throw notFound(fn.name, version);
  };

  const createAlias = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    const r = new Reader(jsonBody(request));
    const name = r.string('Name');
    if (name === undefined) throw constraintError(null, 'name', 'Member must not be null');
    if (!ALIAS_PATTERN.test(name) || name.length > 128) {
      throw constraintError(
        name,
        'name',
        'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)',
      );
    }
    const version = r.string('FunctionVersion');
    if (version === undefined) throw constraintError(null, 'functionVersion', 'Member must not be null');
    checkAliasTarget(fn, version);
    if (fn.aliases[name]) {
      throw new AwsError('ResourceConflictException', `Alias already exists: ${fn.arn}:${name}`, 409);
    }
    const alias: AliasConfig = {
      name,
      functionVersion: version,
      description: r.string('Description') ?? '',
      revisionId: uuid(),
      additionalVersionWeights: readRouting(fn, r, version),
    };
    model.commit({ t: 'putAlias', name: fn.name, alias });
    return { status: 201, body: aliasOf(fn, alias) };
  };

  const mustAlias = (fn: FunctionState, name: string): AliasConfig => {
    const alias = fn.aliases[name];
    if (!alias) throw aliasNotFound(fn, name);
    return alias;
  };

  const getAlias = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    return { status: 200, body: aliasOf(fn, mustAlias(fn, request.params.Name ?? '')) };
  };

  const updateAlias = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    const current = mustAlias(fn, request.params.Name ?? '');
    const r = new Reader(jsonBody(request));
    checkRevision(r.string('RevisionId'), current.revisionId);
    const version = r.string('FunctionVersion') ?? current.functionVersion;
    checkAliasTarget(fn, version);
    const alias: AliasConfig = {
      ...current,
      functionVersion: version,
      description: r.string('Description') ?? current.description,
      revisionId: uuid(),
      additionalVersionWeights: r.has('RoutingConfig')
        ? readRouting(fn, r, version)
        : current.additionalVersionWeights,
    };
    model.commit({ t: 'putAlias', name: fn.name, alias });
    return { status: 200, body: aliasOf(fn, alias) };
  };

  const deleteAlias = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    const name = request.params.Name ?? '';
    if (fn.aliases[name]) model.commit({ t: 'deleteAlias', name: fn.name, alias: name });
    return { status: 204 };
  };

  const listAliases = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    const version = request.query.get('FunctionVersion');
    const items = Object.values(fn.aliases)
      .filter((alias) => !version || alias.functionVersion === version)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((alias) => aliasOf(fn, alias));
    const { page, nextMarker } = paginate(items, request.query.get('Marker'), request.query.get('MaxItems'));
    return { status: 200, body: { Aliases: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
  };

  // ----------------------------------------------------------------------------------------------
  // Resource policy

  /** The policy key of a qualifier: '' (unqualified), a version or an alias (which must exist). */
  const policyKey = (fn: FunctionState, qualifier: string | undefined): string => {
    if (qualifier === undefined) return '';
    if (qualifier !== LATEST && !fn.versions[qualifier] && !fn.aliases[qualifier])
      throw notFound(fn.name, qualifier);
    return qualifier;
  };

  const principalOf = (principal: string): unknown => {
    if (principal === '*') return '*';
    if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
    if (principal.startsWith('arn:')) return { AWS: principal };
    if (principal.includes('.')) return { Service: principal };
    throw invalid(`The provided principal was invalid. Please check the principal and try again.`);
  };

  const addPermission = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    const key = policyKey(fn, ref.qualifier);
    const r = new Reader(jsonBody(request));
    const sid = r.string('StatementId');
    if (sid === undefined) throw constraintError(null, 'statementId', 'Member must not be null');
    if (!/^([a-zA-Z0-9-_.]+)$/.test(sid) || sid.length > 100) {
      throw constraintError(
        sid,
        'statementId',
        'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)',
      );
    }
    const action = r.string('Action');
    if (action === undefined) throw constraintError(null, 'action', 'Member must not be null');
    if (!/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) {
      throw constraintError(
        action,
        'action',
        'Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])',
      );
    }
    const principal = r.string('Principal');
    if (principal === undefined) throw constraintError(null, 'principal', 'Member must not be null');
    const current = fn.policies[key] ?? [];
    checkRevision(r.string('RevisionId'), fn.policyRevisions[key] ?? fn.latest.revisionId);
    if (current.some((statement) => statement.Sid === sid)) {
      throw new AwsError(
        'ResourceConflictException',
        `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
        409,
      );
    }
    const condition: Record<string, Record<string, string>> = {};
    const add = (operator: string, name: string, value: string | undefined): void => {
      if (value === undefined) return;
      condition[operator] = { ...condition[operator], [name]: value };
    };
    add('StringEquals', 'AWS:SourceAccount', r.string('SourceAccount'));
    add('StringEquals', 'aws:PrincipalOrgID', r.string('PrincipalOrgID'));
    add('StringEquals', 'lambda:EventSourceToken', r.string('EventSourceToken'));
    const urlAuth = r.string('FunctionUrlAuthType');
    if (urlAuth !== undefined && urlAuth !== 'NONE' && urlAuth !== 'AWS_IAM') {
      throw constraintError(
        urlAuth,
        'functionUrlAuthType',
        'Member must satisfy enum value set: [NONE, AWS_IAM]',
      );
    }
    add('StringEquals', 'lambda:FunctionUrlAuthType', urlAuth);
    if (r.boolean('InvokedViaFunctionUrl')) add('Bool', 'lambda:InvokedViaFunctionUrl', 'true');
    add('ArnLike', 'AWS:SourceArn', r.string('SourceArn'));
    const statement: PolicyStatement = {
      Sid: sid,
      Effect: 'Allow',
      Principal: principalOf(principal),
      Action: action,
      Resource: key === '' ? fn.arn : `${fn.arn}:${key}`,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
    model.commit({ t: 'addPermission', name: fn.name, qualifier: key, statement, revisionId: uuid() });
    return { status: 201, body: { Statement: JSON.stringify(statement) } };
  };

  const removePermission = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    const key = policyKey(fn, ref.qualifier);
    const sid = request.params.StatementId ?? '';
    const revision = request.query.get('RevisionId');
    checkRevision(revision ?? undefined, fn.policyRevisions[key] ?? '');
    if (!(fn.policies[key] ?? []).some((statement) => statement.Sid === sid)) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Statement ${sid} is not found in resource policy.`,
        404,
      );
    }
    model.commit({ t: 'removePermission', name: fn.name, qualifier: key, sid, revisionId: uuid() });
    return { status: 204 };
  };

  const getPolicy = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    const key = policyKey(fn, ref.qualifier);
    const statements = fn.policies[key];
    if (!statements || statements.length === 0) {
      throw new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
    }
    return { status: 200, body: { Policy: policyDocument(statements), RevisionId: fn.policyRevisions[key] } };
  };

  // ----------------------------------------------------------------------------------------------
  // Concurrency, code signing, runtime management, recursion, account

  const putConcurrency = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    const r = new Reader(jsonBody(request));
    const value = r.integer('ReservedConcurrentExecutions', 'reservedConcurrentExecutions', { min: 0 });
    if (value === undefined)
      throw constraintError(null, 'reservedConcurrentExecutions', 'Member must not be null');
    if (engine.accountLimit - (model.totalReservedConcurrency(fn.name) + value) < MIN_UNRESERVED) {
      throw invalid(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
      );
    }
    model.commit({ t: 'concurrency', name: fn.name, value });
    return { status: 200, body: { ReservedConcurrentExecutions: value } };
  };

  const getConcurrency = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    return {
      status: 200,
      body:
        fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency },
    };
  };

  const deleteConcurrency = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    if (fn.reservedConcurrency !== undefined) model.commit({ t: 'concurrency', name: fn.name, value: null });
    return { status: 204 };
  };

  const getCodeSigning = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    return { status: 200, body: { FunctionName: fn.name, CodeSigningConfigArn: '' } };
  };

  const getRuntimeManagement = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    const config = mustVersion(fn, ref.qualifier);
    return {
      status: 200,
      body: { UpdateRuntimeOn: 'Auto', FunctionArn: ref.qualifier ? `${fn.arn}:${config.version}` : fn.arn },
    };
  };

  const putRuntimeManagement = (request: RestRequest): RestResponse => {
    const ref = refOf(request);
    const fn = mustGet(ref);
    const r = new Reader(jsonBody(request));
    const mode = r.string('UpdateRuntimeOn');
    if (mode !== 'Auto') {
      throw unsupported(
        `UpdateRuntimeOn ${mode ?? '(missing)'}: functions always run on the local Node.js (${process.version})`,
      );
    }
    return { status: 200, body: { UpdateRuntimeOn: 'Auto', FunctionArn: fn.arn } };
  };

  const getRecursion = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    return { status: 200, body: { RecursiveLoop: fn.recursiveLoop } };
  };

  const putRecursion = (request: RestRequest): RestResponse => {
    const fn = mustGet(refOf(request, false));
    const value = new Reader(jsonBody(request)).string('RecursiveLoop');
    if (value !== 'Terminate' && value !== 'Allow') {
      throw constraintError(
        value ?? null,
        'recursiveLoop',
        'Member must satisfy enum value set: [Allow, Terminate]',
      );
    }
    model.commit({ t: 'recursion', name: fn.name, value });
    return { status: 200, body: { RecursiveLoop: value } };
  };

  const getAccountSettings = (): RestResponse => {
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
  const tagTarget = (
    arn: string,
  ): { fn?: FunctionState; other?: string; esmTags?: Record<string, string> } => {
    const fnMatch = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:(\d{12}):function:([a-zA-Z0-9-_]+)(:.+)?$/.exec(
      arn,
    );
    if (fnMatch) {
      if (fnMatch[3]) throw invalid('Tags are not supported on qualified function ARNs.');
      const fn = fnMatch[1] === cloud.config.accountId ? model.get(fnMatch[2] as string) : undefined;
      if (!fn) throw notFound(fnMatch[2] as string);
      return { fn };
    }
    const esm = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:event-source-mapping:([0-9a-f-]+)$/.exec(arn);
    if (esm) {
      const mappings = (
        asyncInvoker as { mappings?: { get?(id: string): { tags?: Record<string, string> } | undefined } }
      ).mappings;
      const mapping = mappings?.get?.(esm[1] as string);
      if (!mapping) {
        throw new AwsError(
          'ResourceNotFoundException',
          `The resource you requested does not exist. (${arn})`,
          404,
        );
      }
      return { other: arn, esmTags: mapping.tags ?? {} };
    }
    throw invalid(`local-cloud: tags are supported on functions and event source mappings, not on ${arn}`);
  };

  const listTags = (request: RestRequest): RestResponse => {
    const arn = request.params.ARN ?? '';
    const target = tagTarget(arn);
    const tags = target.fn ? target.fn.tags : { ...target.esmTags, ...model.tagsOf(arn) };
    return { status: 200, body: { Tags: tags } };
  };

  const tagResource = (request: RestRequest): RestResponse => {
    const arn = request.params.ARN ?? '';
    const target = tagTarget(arn);
    const tags = new Reader(jsonBody(request)).stringMap('Tags') ?? {};
    model.commit({ t: 'tag', arn: target.fn?.arn ?? arn, tags });
    return { status: 204 };
  };

  const untagResource = (request: RestRequest): RestResponse => {
    const arn = request.params.ARN ?? '';
    const target = tagTarget(arn);
    model.commit({ t: 'untag', arn: target.fn?.arn ?? arn, keys: request.query.getAll('tagKeys') });
    return { status: 204 };
  };

  // ----------------------------------------------------------------------------------------------
  // Invoke (reference/aws-async-semantics.md §1)

  /** Hops from the `Lineage=<hash>:<n>` of the caller's X-Amzn-Trace-Id (a handler's SDK call forwards it). */
  const hopsOf = (request: RestRequest): number => {
    const header = request.headers['x-amzn-trace-id'];
    const text = Array.isArray(header) ? header[0] : header;
    const lineage = text ? /Lineage=([^;]+)/.exec(text)?.[1] : undefined;
    if (!lineage) return 0;
    let max = -1;
    for (const part of lineage.split('|')) {
      const n = Number(part.split(':')[1]);
      if (Number.isInteger(n)) max = Math.max(max, n);
    }
    return max + 1;
  };

  const header = (request: RestRequest, name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };

  const checkJson = (body: Buffer): void => {
    if (body.length === 0) return;
    try {
      JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new AwsError(
        'InvalidRequestContentException',
        `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
        400,
      );
    }
  };

  const runnable = (config: VersionConfig): void => {
    if (!LOCAL_NODE_RUNTIMES.has(config.runtime)) {
      throw new AwsError(
        'InvalidRuntimeException',
        `local-cloud cannot run runtime ${config.runtime} locally: only ${[...LOCAL_NODE_RUNTIMES].join(', ')} run (on the local Node.js ${process.version})`,
        502,
      );
    }
  };

  const invoke = async (request: RestRequest, ctx: CallContext): Promise<RestResponse> => {
    const ref = refOf(request);
    const invocationType = header(request, 'x-amz-invocation-type') ?? 'RequestResponse';
    if (invocationType !== 'RequestResponse' && invocationType !== 'Event' && invocationType !== 'DryRun') {
      throw constraintError(
        invocationType,
        'invocationType',
        'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
      );
    }
    const fn = mustGet(ref);
    const config = engine.pickVersion(fn, ref.qualifier);
    if (!config) throw notFound(fn.name, ref.qualifier);
    const body = request.body;
    if (invocationType === 'Event' && body.length > ASYNC_PAYLOAD_LIMIT) {
      throw new AwsError(
        'RequestEntityTooLargeException',
        `${body.length} byte payload is too large for the Event invocation type (limit ${ASYNC_PAYLOAD_LIMIT} bytes)`,
        413,
      );
    }
    if (body.length > SYNC_PAYLOAD_LIMIT) {
      throw new AwsError(
        'RequestEntityTooLargeException',
        `Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`,
        413,
      );
    }
    checkJson(body);
    if (invocationType === 'DryRun') return { status: 204 };
    runnable(config);
    const version = engine.toFunctionVersion(fn, config);
    const hops = hopsOf(request);
    if (invocationType === 'Event') {
      // The request id of the 202 is the function's awsRequestId (kept on every retry).
      const options: { requestId: string; hops: number; qualifier?: string } = {
        requestId: ctx.requestId,
        hops,
      };
      if (ref.qualifier) options.qualifier = ref.qualifier;
      asyncInvoker.enqueue(version, body, options);
      return { status: 202 };
    }
    let clientContext: string | undefined;
    const rawContext = header(request, 'x-amz-client-context');
    if (rawContext) {
      if (rawContext.length > 3583) throw invalid('Client context must be smaller than 3583 bytes.');
      const decoded = Buffer.from(rawContext, 'base64').toString('utf8');
      try {
        const parsed: unknown = JSON.parse(decoded);
        if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
      } catch {
        throw invalid('Client context must be a valid Base64-encoded JSON object.');
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
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'X-Amz-Executed-Version': outcome.executedVersion,
    };
    if (outcome.functionError) headers['X-Amz-Function-Error'] = outcome.functionError;
    if (outcome.logResult !== undefined) headers['X-Amz-Log-Result'] = outcome.logResult;
    return { status: 200, headers, body: outcome.payload };
  };

  /** Legacy InvokeAsync: 202, the event joins the asynchronous queue. */
  const invokeAsync = (request: RestRequest, ctx: CallContext): RestResponse => {
    const ref = refOf(request, false);
    const fn = mustGet(ref);
    const config = engine.pickVersion(fn, ref.qualifier);
    if (!config) throw notFound(fn.name, ref.qualifier);
    if (request.body.length > INVOKE_ASYNC_PAYLOAD_LIMIT) {
      throw new AwsError(
        'RequestTooLargeException',
        `${request.body.length} byte payload is too large for the InvokeAsync operation (limit ${INVOKE_ASYNC_PAYLOAD_LIMIT} bytes)`,
        413,
      );
    }
    checkJson(request.body);
    runnable(config);
    const options: { requestId: string; hops: number; qualifier?: string } = {
      requestId: ctx.requestId,
      hops: hopsOf(request),
    };
    if (ref.qualifier) options.qualifier = ref.qualifier;
    asyncInvoker.enqueue(engine.toFunctionVersion(fn, config), request.body, options);
    return { status: 202, body: { Status: 202 } };
  };

  const route = (
    method: string,
    path: string,
    operation: string,
    handler: (request: RestRequest, ctx: CallContext) => RestResponse | Promise<RestResponse>,
  ): RestRoute => ({ method, path, operation, handler });

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
    route(
      'PUT',
      '/2017-10-31/functions/{FunctionName}/concurrency',
      'PutFunctionConcurrency',
      putConcurrency,
    ),
    route(
      'DELETE',
      '/2017-10-31/functions/{FunctionName}/concurrency',
      'DeleteFunctionConcurrency',
      deleteConcurrency,
    ),
    route(
      'GET',
      '/2019-09-30/functions/{FunctionName}/concurrency',
      'GetFunctionConcurrency',
      getConcurrency,
    ),
    route(
      'GET',
      '/2020-06-30/functions/{FunctionName}/code-signing-config',
      'GetFunctionCodeSigningConfig',
      getCodeSigning,
    ),
    route(
      'PUT',
      '/2020-06-30/functions/{FunctionName}/code-signing-config',
      'PutFunctionCodeSigningConfig',
      () => {
        throw unsupported('code signing (PutFunctionCodeSigningConfig)');
      },
    ),
    route(
      'DELETE',
      '/2020-06-30/functions/{FunctionName}/code-signing-config',
      'DeleteFunctionCodeSigningConfig',
      (request) => {
        mustGet(refOf(request, false));
        return { status: 204 };
      },
    ),
    route(
      'GET',
      '/2021-07-20/functions/{FunctionName}/runtime-management-config',
      'GetRuntimeManagementConfig',
      getRuntimeManagement,
    ),
    route(
      'PUT',
      '/2021-07-20/functions/{FunctionName}/runtime-management-config',
      'PutRuntimeManagementConfig',
      putRuntimeManagement,
    ),
    route(
      'GET',
      '/2024-08-31/functions/{FunctionName}/recursion-config',
      'GetFunctionRecursionConfig',
      getRecursion,
    ),
    route(
      'PUT',
      '/2024-08-31/functions/{FunctionName}/recursion-config',
      'PutFunctionRecursionConfig',
      putRecursion,
    ),
    route('GET', '/2016-08-19/account-settings', 'GetAccountSettings', getAccountSettings),
    route('GET', '/2017-03-31/tags/{ARN}', 'ListTags', listTags),
    route('POST', '/2017-03-31/tags/{ARN}', 'TagResource', tagResource),
    route('DELETE', '/2017-03-31/tags/{ARN}', 'UntagResource', untagResource),
  ];
}
