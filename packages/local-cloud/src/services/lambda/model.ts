import type { Cloud } from '../../core/cloud';

/**
 * Lambda's control-plane state: functions, their `$LATEST` configuration and published versions, aliases,
 * resource policies, reserved concurrency, function URLs, tags and recursion settings. No HTTP, no JSON
 * encoding. State changes only through `cloud.store.commit('lambda', record)`, so replay after a restart
 * goes through the same `apply` (ids, timestamps and revision ids are generated before the commit).
 */

export const LATEST = '$LATEST';

export interface VersionConfig {
  version: string;
  description: string;
  runtime: string;
  handler: string;
  role: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  /** Undefined when the function has no environment variables. */
  environment: Record<string, string> | undefined;
  deadLetterTargetArn: string | undefined;
  kmsKeyArn: string | undefined;
  /** Base64 SHA-256 of the zip (Terraform's filebase64sha256). */
  codeSha256: string;
  /** Hex SHA-256 of the zip: the blob key and the unpacked code directory. */
  codeKey: string;
  codeSize: number;
  architectures: string[];
  ephemeralStorageSize: number;
  logFormat: 'Text' | 'JSON';
  /** A custom log group (LoggingConfig.LogGroup); undefined means `/aws/lambda/<name>`. */
  logGroup: string | undefined;
  applicationLogLevel: string | undefined;
  systemLogLevel: string | undefined;
  /** `2020-04-10T19:06:32.563+0000`. */
  lastModified: string;
  revisionId: string;
}

export interface AliasConfig {
  name: string;
  functionVersion: string;
  description: string;
  revisionId: string;
  /** RoutingConfig.AdditionalVersionWeights. */
  additionalVersionWeights: Record<string, number> | undefined;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: unknown;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface UrlConfig {
  urlId: string;
  /** '' for the unqualified function, or an alias name / `$LATEST`. */
  qualifier: string;
  authType: 'NONE' | 'AWS_IAM';
  cors: Record<string, unknown> | undefined;
  invokeMode: 'BUFFERED';
  creationTime: string;
  lastModifiedTime: string;
}

export interface FunctionState {
  name: string;
  arn: string;
  latest: VersionConfig;
  versions: Record<string, VersionConfig>;
  /** The last version number published (numbers are never reused). */
  lastPublished: number;
  aliases: Record<string, AliasConfig>;
  /** Resource policy statements per qualifier ('' = unqualified). */
  policies: Record<string, PolicyStatement[]>;
  policyRevisions: Record<string, string>;
  reservedConcurrency: number | undefined;
  urls: Record<string, UrlConfig>;
  recursiveLoop: 'Terminate' | 'Allow';
  tags: Record<string, string>;
}

export type LambdaRecord =
  | { t: 'create'; fn: FunctionState }
  | { t: 'updateLatest'; name: string; config: VersionConfig }
  | { t: 'delete'; name: string }
  | { t: 'publish'; name: string; config: VersionConfig }
  | { t: 'deleteVersion'; name: string; version: string }
  | { t: 'putAlias'; name: string; alias: AliasConfig }
  | { t: 'deleteAlias'; name: string; alias: string }
  | { t: 'addPermission'; name: string; qualifier: string; statement: PolicyStatement; revisionId: string }
  | { t: 'removePermission'; name: string; qualifier: string; sid: string; revisionId: string }
  | { t: 'concurrency'; name: string; value: number | null }
  | { t: 'putUrl'; name: string; url: UrlConfig }
  | { t: 'deleteUrl'; name: string; qualifier: string }
  | { t: 'tag'; arn: string; tags: Record<string, string> }
  | { t: 'untag'; arn: string; keys: string[] }
  | { t: 'recursion'; name: string; value: 'Terminate' | 'Allow' };

interface Snapshot {
  functions: FunctionState[];
  otherTags: Record<string, Record<string, string>>;
}

export type ChangeListener = (
  event: { kind: 'changed'; name: string; version: string } | { kind: 'deleted'; name: string },
) => void;

export const lastModifiedNow = (): string => new Date().toISOString().replace('Z', '+0000');

export class LambdaModel {
  private readonly functions = new Map<string, FunctionState>();
  private readonly urlIndex = new Map<string, { name: string; qualifier: string }>();
  /** Tags of Lambda resources other than functions (event source mappings, ...), by ARN. */
  private readonly otherTags = new Map<string, Record<string, string>>();
  private readonly listeners: ChangeListener[] = [];

  constructor(private readonly cloud: Cloud) {
    cloud.store.register<LambdaRecord>('lambda', {
      apply: (record) => this.apply(record),
      snapshot: (): Snapshot => ({
        functions: [...this.functions.values()],
        otherTags: Object.fromEntries(this.otherTags),
      }),
      restore: (state) => {
        const snapshot = state as Snapshot;
        this.functions.clear();
        this.urlIndex.clear();
        this.otherTags.clear();
        for (const fn of snapshot.functions ?? []) this.index(fn);
        for (const [arn, tags] of Object.entries(snapshot.otherTags ?? {})) this.otherTags.set(arn, tags);
      },
    });
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  functionArn(name: string): string {
    return this.cloud.arn('lambda', `function:${name}`);
  }

  get(name: string): FunctionState | undefined {
    return this.functions.get(name);
  }

  list(): FunctionState[] {
    return [...this.functions.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The configuration of a version (`$LATEST`, a number) or an alias's primary version. */
  versionConfig(fn: FunctionState, qualifier: string | undefined): VersionConfig | undefined {
    if (qualifier === undefined || qualifier === LATEST) return fn.latest;
    const version = fn.versions[qualifier];
    if (version) return version;
    const alias = fn.aliases[qualifier];
    if (!alias) return undefined;
    return alias.functionVersion === LATEST ? fn.latest : fn.versions[alias.functionVersion];
  }

  findUrl(urlId: string): { fn: FunctionState; url: UrlConfig } | undefined {
    const entry = this.urlIndex.get(urlId);
    const fn = entry ? this.functions.get(entry.name) : undefined;
    const url = fn && entry ? fn.urls[entry.qualifier] : undefined;
    return fn && url ? { fn, url } : undefined;
  }

  totalReservedConcurrency(except?: string): number {
    let total = 0;
    for (const fn of this.functions.values()) {
      if (fn.name !== except && fn.reservedConcurrency !== undefined) total += fn.reservedConcurrency;
    }
    return total;
  }

  totalCodeSize(): number {
    let total = 0;
    for (const fn of this.functions.values()) {
      total += fn.latest.codeSize;
      for (const version of Object.values(fn.versions)) total += version.codeSize;
    }
    return total;
  }

  tagsOf(arn: string): Record<string, string> | undefined {
    return this.otherTags.get(arn);
  }

  commit(record: LambdaRecord): void {
    this.cloud.store.commit('lambda', record);
  }

  private index(fn: FunctionState): void {
    this.functions.set(fn.name, fn);
    for (const url of Object.values(fn.urls))
      this.urlIndex.set(url.urlId, { name: fn.name, qualifier: url.qualifier });
  }

  private emit(event: Parameters<ChangeListener>[0]): void {
    for (const listener of this.listeners) listener(event);
  }

  private apply(record: LambdaRecord): void {
    if (record.t === 'tag' || record.t === 'untag') {
      this.applyTags(record);
      return;
    }
    if (record.t === 'create') {
      this.index(structuredClone(record.fn));
      return;
    }
    const fn = this.functions.get(record.name);
    if (!fn) return;
    switch (record.t) {
      case 'updateLatest':
        fn.latest = record.config;
        this.emit({ kind: 'changed', name: fn.name, version: LATEST });
        break;
      case 'delete':
        for (const url of Object.values(fn.urls)) this.urlIndex.delete(url.urlId);
        this.functions.delete(fn.name);
        this.emit({ kind: 'deleted', name: fn.name });
        break;
      case 'publish': {
        fn.versions[record.config.version] = record.config;
        fn.lastPublished = Math.max(fn.lastPublished, Number(record.config.version));
        break;
      }
      case 'deleteVersion':
        delete fn.versions[record.version];
        delete fn.policies[record.version];
        delete fn.policyRevisions[record.version];
        this.emit({ kind: 'changed', name: fn.name, version: record.version });
        break;
      case 'putAlias':
        fn.aliases[record.alias.name] = record.alias;
        break;
      case 'deleteAlias':
        delete fn.aliases[record.alias];
        delete fn.policies[record.alias];
        delete fn.policyRevisions[record.alias];
        if (fn.urls[record.alias]) {
          this.urlIndex.delete(fn.urls[record.alias]?.urlId ?? '');
          delete fn.urls[record.alias];
        }
        break;
      case 'addPermission': {
        const statements = fn.policies[record.qualifier] ?? [];
        statements.push(record.statement);
        fn.policies[record.qualifier] = statements;
        fn.policyRevisions[record.qualifier] = record.revisionId;
        break;
      }
      case 'removePermission': {
        const statements = (fn.policies[record.qualifier] ?? []).filter((s) => s.Sid !== record.sid);
        if (statements.length === 0) {
          delete fn.policies[record.qualifier];
          delete fn.policyRevisions[record.qualifier];
        } else {
          fn.policies[record.qualifier] = statements;
          fn.policyRevisions[record.qualifier] = record.revisionId;
        }
        break;
      }
      case 'concurrency':
        fn.reservedConcurrency = record.value === null ? undefined : record.value;
        break;
      case 'putUrl':
        fn.urls[record.url.qualifier] = record.url;
        this.urlIndex.set(record.url.urlId, { name: fn.name, qualifier: record.url.qualifier });
        break;
      case 'deleteUrl': {
        const url = fn.urls[record.qualifier];
        if (url) this.urlIndex.delete(url.urlId);
        delete fn.urls[record.qualifier];
        break;
      }
      case 'recursion':
        fn.recursiveLoop = record.value;
        break;
    }
  }

  private applyTags(record: Extract<LambdaRecord, { t: 'tag' | 'untag' }>): void {
    const fn = [...this.functions.values()].find((candidate) => candidate.arn === record.arn);
    const current = fn ? fn.tags : (this.otherTags.get(record.arn) ?? {});
    if (record.t === 'tag') Object.assign(current, record.tags);
    else for (const key of record.keys) delete current[key];
    if (!fn) {
      if (Object.keys(current).length === 0) this.otherTags.delete(record.arn);
      else this.otherTags.set(record.arn, current);
    }
  }
}
