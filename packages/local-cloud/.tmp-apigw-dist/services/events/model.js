"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventsModel = exports.DEFAULT_BUS = void 0;
const pattern_1 = require("./pattern");
exports.DEFAULT_BUS = 'default';
class EventsModel {
    accountId;
    state = { regions: {}, tags: {}, jobs: {} };
    patterns = new Map();
    /** Called after a rule changes (schedules follow it). */
    onRuleChanged = () => { };
    constructor(accountId) {
        this.accountId = accountId;
    }
    busArn(region, name) {
        return `arn:aws:events:${region}:${this.accountId}:event-bus/${name}`;
    }
    ruleArn(region, bus, name) {
        return bus === exports.DEFAULT_BUS
            ? `arn:aws:events:${region}:${this.accountId}:rule/${name}`
            : `arn:aws:events:${region}:${this.accountId}:rule/${bus}/${name}`;
    }
    region(region) {
        let state = this.state.regions[region];
        if (!state) {
            const now = Date.now();
            state = {
                buses: {
                    [exports.DEFAULT_BUS]: {
                        name: exports.DEFAULT_BUS,
                        arn: this.busArn(region, exports.DEFAULT_BUS),
                        createdAt: now,
                        modifiedAt: now,
                    },
                },
                rules: {},
            };
            this.state.regions[region] = state;
        }
        return state;
    }
    // --- queries ---------------------------------------------------------------------------------
    getBus(region, name) {
        return this.region(region).buses[name];
    }
    listBuses(region) {
        return Object.values(this.region(region).buses).sort((a, b) => a.name.localeCompare(b.name));
    }
    getRule(region, bus, name) {
        return this.region(region).rules[bus]?.[name];
    }
    listRules(region, bus) {
        return Object.values(this.region(region).rules[bus] ?? {}).sort((a, b) => a.name.localeCompare(b.name));
    }
    /** Every rule of every region (schedules are rebuilt from this after a restart). */
    allRules() {
        const out = [];
        for (const [region, state] of Object.entries(this.state.regions)) {
            for (const rules of Object.values(state.rules))
                for (const rule of Object.values(rules))
                    out.push({ region, rule });
        }
        return out;
    }
    pattern(region, rule) {
        if (rule.eventPattern === undefined)
            return undefined;
        const key = `${region}\u0000${rule.bus}\u0000${rule.name}`;
        let compiled = this.patterns.get(key);
        if (!compiled) {
            compiled = (0, pattern_1.compilePattern)(rule.eventPattern);
            this.patterns.set(key, compiled);
        }
        return compiled;
    }
    tags(arn) {
        return this.state.tags[arn];
    }
    pendingJobs() {
        return Object.values(this.state.jobs);
    }
    job(id) {
        return this.state.jobs[id];
    }
    // --- the journal -----------------------------------------------------------------------------
    apply(record) {
        switch (record.t) {
            case 'bus.create': {
                const region = this.region(record.region);
                region.buses[record.bus.name] = { ...record.bus };
                if (record.tags && Object.keys(record.tags).length > 0)
                    this.state.tags[record.bus.arn] = { ...record.tags };
                return;
            }
            case 'bus.delete': {
                const region = this.region(record.region);
                const bus = region.buses[record.name];
                if (!bus)
                    return;
                delete this.state.tags[bus.arn];
                for (const rule of Object.values(region.rules[record.name] ?? {})) {
                    delete this.state.tags[rule.arn];
                    this.patterns.delete(`${record.region}\u0000${rule.bus}\u0000${rule.name}`);
                }
                const removedRules = Object.keys(region.rules[record.name] ?? {});
                delete region.rules[record.name];
                delete region.buses[record.name];
                for (const name of removedRules)
                    this.onRuleChanged(record.region, record.name, name);
                return;
            }
            case 'bus.policy': {
                const bus = this.region(record.region).buses[record.name];
                if (!bus)
                    return;
                if (record.policy === undefined)
                    delete bus.policy;
                else
                    bus.policy = record.policy;
                bus.modifiedAt = record.at;
                return;
            }
            case 'rule.put': {
                const region = this.region(record.region);
                const rules = region.rules[record.rule.bus] ?? {};
                region.rules[record.rule.bus] = rules;
                const existing = rules[record.rule.name];
                rules[record.rule.name] = {
                    ...record.rule,
                    createdAt: existing?.createdAt ?? record.rule.createdAt,
                    targets: existing?.targets ?? [],
                };
                this.patterns.delete(`${record.region}\u0000${record.rule.bus}\u0000${record.rule.name}`);
                // Tags apply on creation only; PutRule on an existing rule ignores them (AWS API reference, PutRule).
                if (!existing && record.tags && Object.keys(record.tags).length > 0) {
                    this.state.tags[record.rule.arn] = { ...record.tags };
                }
                this.onRuleChanged(record.region, record.rule.bus, record.rule.name);
                return;
            }
            case 'rule.delete': {
                const rules = this.region(record.region).rules[record.bus];
                const rule = rules?.[record.name];
                if (!rules || !rule)
                    return;
                delete this.state.tags[rule.arn];
                delete rules[record.name];
                this.patterns.delete(`${record.region}\u0000${record.bus}\u0000${record.name}`);
                this.onRuleChanged(record.region, record.bus, record.name);
                return;
            }
            case 'rule.state': {
                const rule = this.getRule(record.region, record.bus, record.name);
                if (!rule)
                    return;
                rule.state = record.state;
                this.onRuleChanged(record.region, record.bus, record.name);
                return;
            }
            case 'targets.put': {
                const rule = this.getRule(record.region, record.bus, record.rule);
                if (!rule)
                    return;
                for (const target of record.targets) {
                    const index = rule.targets.findIndex((t) => t.Id === target.Id);
                    if (index >= 0)
                        rule.targets[index] = { ...target };
                    else
                        rule.targets.push({ ...target });
                }
                return;
            }
            case 'targets.remove': {
                const rule = this.getRule(record.region, record.bus, record.rule);
                if (!rule)
                    return;
                rule.targets = rule.targets.filter((t) => !record.ids.includes(t.Id));
                return;
            }
            case 'tags.add':
                this.state.tags[record.arn] = { ...(this.state.tags[record.arn] ?? {}), ...record.tags };
                return;
            case 'tags.remove': {
                const tags = this.state.tags[record.arn];
                if (!tags)
                    return;
                for (const key of record.keys)
                    delete tags[key];
                return;
            }
            case 'jobs.add':
                for (const job of record.jobs)
                    this.state.jobs[job.id] = { ...job };
                return;
            case 'job.attempt': {
                const job = this.state.jobs[record.id];
                if (job)
                    job.attempts = record.attempts;
                return;
            }
            case 'job.done':
                delete this.state.jobs[record.id];
                return;
        }
    }
    snapshot() {
        return this.state;
    }
    restore(snapshot) {
        this.state = snapshot;
        this.patterns.clear();
    }
}
exports.EventsModel = EventsModel;
