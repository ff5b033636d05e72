import type { Principal } from '../../core/delivery';
import { type CompiledPattern, compilePattern } from './pattern';
import type { InputTransformer } from './transform';

/**
 * EventBridge state: buses, rules, targets, tags, and pending deliveries, per region (the `default` bus
 * exists in every region). State changes only through `apply(record)`, called by the store on commit and
 * on replay, so it is deterministic: ids and timestamps are chosen before the commit.
 */

export interface BusRecord {
  name: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
  description?: string;
  policy?: string;
}

export interface TargetRecord {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  SqsParameters?: { MessageGroupId: string };
}

export interface RuleRecord {
  name: string;
  bus: string;
  arn: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: string;
  description?: string;
  roleArn?: string;
  createdBy: string;
  createdAt: number;
  targets: TargetRecord[];
}

/** One delivery of one event to one target, journaled until it succeeds or finally fails. */
export interface DeliveryJob {
  id: string;
  traceId: string;
  region: string;
  ruleArn: string;
  ruleName: string;
  targetId: string;
  targetArn: string;
  /** The rendered input; undefined when rendering failed (`renderError`). */
  body?: string;
  renderError?: string;
  /** The original event (the DLQ message body). */
  eventJson: string;
  /** Set when the target is another event bus. */
  event?: { source: string; detailType: string; resources: string[] };
  principal: Principal;
  hops?: number;
  /** FIFO queue targets: SqsParameters.MessageGroupId; the event id is the deduplication id. */
  messageGroupId?: string;
  messageDeduplicationId?: string;
  dlqArn?: string;
  maxRetries: number;
  maxAgeSeconds: number;
  /** Wall-clock epoch ms the event was ingested (event age is measured from here). */
  ingestedAt: number;
  /** Failed attempts so far. */
  attempts: number;
}

interface RegionState {
  buses: Record<string, BusRecord>;
  /** bus name → rule name → rule. */
  rules: Record<string, Record<string, RuleRecord>>;
}

interface State {
  regions: Record<string, RegionState>;
  tags: Record<string, Record<string, string>>;
  jobs: Record<string, DeliveryJob>;
}

export type EventsRecord =
  | { t: 'bus.create'; region: string; bus: BusRecord; tags?: Record<string, string> }
  | { t: 'bus.delete'; region: string; name: string }
  | { t: 'bus.policy'; region: string; name: string; policy?: string; at: number }
  | { t: 'rule.put'; region: string; rule: Omit<RuleRecord, 'targets'>; tags?: Record<string, string> }
  | { t: 'rule.delete'; region: string; bus: string; name: string }
  | { t: 'rule.state'; region: string; bus: string; name: string; state: string }
  | { t: 'targets.put'; region: string; bus: string; rule: string; targets: TargetRecord[] }
  | { t: 'targets.remove'; region: string; bus: string; rule: string; ids: string[] }
  | { t: 'tags.add'; arn: string; tags: Record<string, string> }
  | { t: 'tags.remove'; arn: string; keys: string[] }
  | { t: 'jobs.add'; jobs: DeliveryJob[] }
  | { t: 'job.attempt'; id: string; attempts: number }
  | { t: 'job.done'; id: string };

export const DEFAULT_BUS = 'default';

export class EventsModel {
  private state: State = { regions: {}, tags: {}, jobs: {} };
  private readonly patterns = new Map<string, CompiledPattern>();
  /** Called after a rule changes (schedules follow it). */
  onRuleChanged: (region: string, bus: string, name: string) => void = () => {};

  constructor(private readonly accountId: string) {}

  busArn(region: string, name: string): string {
    return `arn:aws:events:${region}:${this.accountId}:event-bus/${name}`;
  }

  ruleArn(region: string, bus: string, name: string): string {
    return bus === DEFAULT_BUS
      ? `arn:aws:events:${region}:${this.accountId}:rule/${name}`
      : `arn:aws:events:${region}:${this.accountId}:rule/${bus}/${name}`;
  }

  private region(region: string): RegionState {
    let state = this.state.regions[region];
    if (!state) {
      const now = Date.now();
      state = {
        buses: {
          [DEFAULT_BUS]: {
            name: DEFAULT_BUS,
            arn: this.busArn(region, DEFAULT_BUS),
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

  getBus(region: string, name: string): BusRecord | undefined {
    return this.region(region).buses[name];
  }

  listBuses(region: string): BusRecord[] {
    return Object.values(this.region(region).buses).sort((a, b) => a.name.localeCompare(b.name));
  }

  getRule(region: string, bus: string, name: string): RuleRecord | undefined {
    return this.region(region).rules[bus]?.[name];
  }

  listRules(region: string, bus: string): RuleRecord[] {
    return Object.values(this.region(region).rules[bus] ?? {}).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every rule of every region (schedules are rebuilt from this after a restart). */
  allRules(): Array<{ region: string; rule: RuleRecord }> {
    const out: Array<{ region: string; rule: RuleRecord }> = [];
    for (const [region, state] of Object.entries(this.state.regions)) {
      for (const rules of Object.values(state.rules))
        for (const rule of Object.values(rules)) out.push({ region, rule });
    }
    return out;
  }

  pattern(region: string, rule: RuleRecord): CompiledPattern | undefined {
    if (rule.eventPattern === undefined) return undefined;
    const key = `${region}\u0000${rule.bus}\u0000${rule.name}`;
    let compiled = this.patterns.get(key);
    if (!compiled) {
      compiled = compilePattern(rule.eventPattern);
      this.patterns.set(key, compiled);
    }
    return compiled;
  }

  tags(arn: string): Record<string, string> | undefined {
    return this.state.tags[arn];
  }

  pendingJobs(): DeliveryJob[] {
    return Object.values(this.state.jobs);
  }

  job(id: string): DeliveryJob | undefined {
    return this.state.jobs[id];
  }

  // --- the journal -----------------------------------------------------------------------------

  apply(record: EventsRecord): void {
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
        if (!bus) return;
        delete this.state.tags[bus.arn];
        for (const rule of Object.values(region.rules[record.name] ?? {})) {
          delete this.state.tags[rule.arn];
          this.patterns.delete(`${record.region}\u0000${rule.bus}\u0000${rule.name}`);
        }
        const removedRules = Object.keys(region.rules[record.name] ?? {});
        delete region.rules[record.name];
        delete region.buses[record.name];
        for (const name of removedRules) this.onRuleChanged(record.region, record.name, name);
        return;
      }
      case 'bus.policy': {
        const bus = this.region(record.region).buses[record.name];
        if (!bus) return;
        if (record.policy === undefined) delete bus.policy;
        else bus.policy = record.policy;
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
        if (!rules || !rule) return;
        delete this.state.tags[rule.arn];
        delete rules[record.name];
        this.patterns.delete(`${record.region}\u0000${record.bus}\u0000${record.name}`);
        this.onRuleChanged(record.region, record.bus, record.name);
        return;
      }
      case 'rule.state': {
        const rule = this.getRule(record.region, record.bus, record.name);
        if (!rule) return;
        rule.state = record.state;
        this.onRuleChanged(record.region, record.bus, record.name);
        return;
      }
      case 'targets.put': {
        const rule = this.getRule(record.region, record.bus, record.rule);
        if (!rule) return;
        for (const target of record.targets) {
          const index = rule.targets.findIndex((t) => t.Id === target.Id);
          if (index >= 0) rule.targets[index] = { ...target };
          else rule.targets.push({ ...target });
        }
        return;
      }
      case 'targets.remove': {
        const rule = this.getRule(record.region, record.bus, record.rule);
        if (!rule) return;
        rule.targets = rule.targets.filter((t) => !record.ids.includes(t.Id));
        return;
      }
      case 'tags.add':
        this.state.tags[record.arn] = { ...(this.state.tags[record.arn] ?? {}), ...record.tags };
        return;
      case 'tags.remove': {
        const tags = this.state.tags[record.arn];
        if (!tags) return;
        for (const key of record.keys) delete tags[key];
        return;
      }
      case 'jobs.add':
        for (const job of record.jobs) this.state.jobs[job.id] = { ...job };
        return;
      case 'job.attempt': {
        const job = this.state.jobs[record.id];
        if (job) job.attempts = record.attempts;
        return;
      }
      case 'job.done':
        delete this.state.jobs[record.id];
        return;
    }
  }

  snapshot(): unknown {
    return this.state;
  }

  restore(snapshot: unknown): void {
    this.state = snapshot as State;
    this.patterns.clear();
  }
}
