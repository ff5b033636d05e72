"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LambdaModel = exports.lastModifiedNow = exports.LATEST = void 0;
/**
 * Lambda's control-plane state: functions, their `$LATEST` configuration and published versions, aliases,
 * resource policies, reserved concurrency, function URLs, tags and recursion settings. No HTTP, no JSON
 * encoding. State changes only through `cloud.store.commit('lambda', record)`, so replay after a restart
 * goes through the same `apply` (ids, timestamps and revision ids are generated before the commit).
 */
exports.LATEST = '$LATEST';
const lastModifiedNow = () => new Date().toISOString().replace('Z', '+0000');
exports.lastModifiedNow = lastModifiedNow;
class LambdaModel {
    cloud;
    functions = new Map();
    urlIndex = new Map();
    /** Tags of Lambda resources other than functions (event source mappings, ...), by ARN. */
    otherTags = new Map();
    listeners = [];
    constructor(cloud) {
        this.cloud = cloud;
        cloud.store.register('lambda', {
            apply: (record) => this.apply(record),
            snapshot: () => ({
                functions: [...this.functions.values()],
                otherTags: Object.fromEntries(this.otherTags),
            }),
            restore: (state) => {
                const snapshot = state;
                this.functions.clear();
                this.urlIndex.clear();
                this.otherTags.clear();
                for (const fn of snapshot.functions ?? [])
                    this.index(fn);
                for (const [arn, tags] of Object.entries(snapshot.otherTags ?? {}))
                    this.otherTags.set(arn, tags);
            },
        });
    }
    onChange(listener) {
        this.listeners.push(listener);
    }
    functionArn(name) {
        return this.cloud.arn('lambda', `function:${name}`);
    }
    get(name) {
        return this.functions.get(name);
    }
    list() {
        return [...this.functions.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    /** The configuration of a version (`$LATEST`, a number) or an alias's primary version. */
    versionConfig(fn, qualifier) {
        if (qualifier === undefined || qualifier === exports.LATEST)
            return fn.latest;
        const version = fn.versions[qualifier];
        if (version)
            return version;
        const alias = fn.aliases[qualifier];
        if (!alias)
            return undefined;
        return alias.functionVersion === exports.LATEST ? fn.latest : fn.versions[alias.functionVersion];
    }
    findUrl(urlId) {
        const entry = this.urlIndex.get(urlId);
        const fn = entry ? this.functions.get(entry.name) : undefined;
        const url = fn && entry ? fn.urls[entry.qualifier] : undefined;
        return fn && url ? { fn, url } : undefined;
    }
    totalReservedConcurrency(except) {
        let total = 0;
        for (const fn of this.functions.values()) {
            if (fn.name !== except && fn.reservedConcurrency !== undefined)
                total += fn.reservedConcurrency;
        }
        return total;
    }
    totalCodeSize() {
        let total = 0;
        for (const fn of this.functions.values()) {
            total += fn.latest.codeSize;
            for (const version of Object.values(fn.versions))
                total += version.codeSize;
        }
        return total;
    }
    tagsOf(arn) {
        return this.otherTags.get(arn);
    }
    commit(record) {
        this.cloud.store.commit('lambda', record);
    }
    index(fn) {
        this.functions.set(fn.name, fn);
        for (const url of Object.values(fn.urls))
            this.urlIndex.set(url.urlId, { name: fn.name, qualifier: url.qualifier });
    }
    emit(event) {
        for (const listener of this.listeners)
            listener(event);
    }
    apply(record) {
        if (record.t === 'tag' || record.t === 'untag') {
            this.applyTags(record);
            return;
        }
        if (record.t === 'create') {
            this.index(structuredClone(record.fn));
            return;
        }
        const fn = this.functions.get(record.name);
        if (!fn)
            return;
        switch (record.t) {
            case 'updateLatest':
                fn.latest = record.config;
                this.emit({ kind: 'changed', name: fn.name, version: exports.LATEST });
                break;
            case 'delete':
                for (const url of Object.values(fn.urls))
                    this.urlIndex.delete(url.urlId);
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
                }
                else {
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
                if (url)
                    this.urlIndex.delete(url.urlId);
                delete fn.urls[record.qualifier];
                break;
            }
            case 'recursion':
                fn.recursiveLoop = record.value;
                break;
        }
    }
    applyTags(record) {
        const fn = [...this.functions.values()].find((candidate) => candidate.arn === record.arn);
        const current = fn ? fn.tags : (this.otherTags.get(record.arn) ?? {});
        if (record.t === 'tag')
            Object.assign(current, record.tags);
        else
            for (const key of record.keys)
                delete current[key];
        if (!fn) {
            if (Object.keys(current).length === 0)
                this.otherTags.delete(record.arn);
            else
                this.otherTags.set(record.arn, current);
        }
    }
}
exports.LambdaModel = LambdaModel;
