import type { Store } from '../../core/store';
import { type FilterPolicyNode, type FilterPolicyScope, parseFilterPolicy } from './filter-policy';

/**
 * SNS state: topics (attributes, tags) and subscriptions. Durable through `store.commit('sns', …)`;
 * ARNs are chosen before the commit so replay is deterministic. Parsed filter policies are a derived
 * cache rebuilt by `apply`.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface Topic {
  arn: string;
  name: string;
  fifo: boolean;
  /** Attributes set by the user (CreateTopic / SetTopicAttributes), as strings. */
  attributes: Record<string, string>;
  tags: Tag[];
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: 'sqs' | 'lambda';
  endpoint: string;
  owner: string;
  /** RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy. */
  attributes: Record<string, string>;
}

export type SnsRecord =
  | { t: 'createTopic'; topic: Topic }
  | { t: 'deleteTopic'; arn: string }
  | { t: 'topicAttribute'; arn: string; name: string; value: string }
  | { t: 'tag'; arn: string; tags: Tag[] }
  | { t: 'untag'; arn: string; keys: string[] }
  | { t: 'subscribe'; subscription: Subscription }
  | { t: 'unsubscribe'; arn: string }
  | { t: 'subscriptionAttribute'; arn: string; name: string; value: string };

interface Snapshot {
  topics: Topic[];
  subscriptions: Subscription[];
}

export interface ParsedFilter {
  policy: FilterPolicyNode;
  scope: FilterPolicyScope;
}

export class SnsModel {
  readonly topics = new Map<string, Topic>();
  readonly subscriptions = new Map<string, Subscription>();
  private readonly filters = new Map<string, ParsedFilter>();

  constructor(private readonly store: Store) {
    store.register<SnsRecord>('sns', {
      apply: (record) => this.apply(record),
      snapshot: (): Snapshot => ({
        topics: [...this.topics.values()],
        subscriptions: [...this.subscriptions.values()],
      }),
      restore: (state) => {
        const snapshot = state as Snapshot;
        this.topics.clear();
        this.subscriptions.clear();
        this.filters.clear();
        for (const topic of snapshot.topics) this.topics.set(topic.arn, topic);
        for (const subscription of snapshot.subscriptions) {
          this.subscriptions.set(subscription.arn, subscription);
          this.refreshFilter(subscription);
        }
      },
    });
  }

  commit(record: SnsRecord): void {
    this.store.commit('sns', record);
  }

  subscriptionsOf(topicArn: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.topicArn === topicArn);
  }

  filterOf(subscriptionArn: string): ParsedFilter | undefined {
    return this.filters.get(subscriptionArn);
  }

  private refreshFilter(subscription: Subscription): void {
    const text = subscription.attributes.FilterPolicy;
    if (text === undefined || text === '') {
      this.filters.delete(subscription.arn);
      return;
    }
    const scope = (subscription.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
    try {
      this.filters.set(subscription.arn, { policy: parseFilterPolicy(text, scope), scope });
    } catch {
      // Validated before commit; a policy that no longer parses filters everything out rather than nothing.
      this.filters.set(subscription.arn, {
        policy: { '\u0000never': [{ exists: true }] },
        scope: 'MessageAttributes',
      });
    }
  }

  apply(record: SnsRecord): void {
    switch (record.t) {
      case 'createTopic':
        this.topics.set(record.topic.arn, structuredClone(record.topic));
        return;
      case 'deleteTopic':
        this.topics.delete(record.arn);
        for (const subscription of this.subscriptionsOf(record.arn)) {
          this.subscriptions.delete(subscription.arn);
          this.filters.delete(subscription.arn);
        }
        return;
      case 'topicAttribute': {
        const topic = this.topics.get(record.arn);
        if (!topic) return;
        if (record.value === '' && record.name !== 'DisplayName') delete topic.attributes[record.name];
        else topic.attributes[record.name] = record.value;
        return;
      }
      case 'tag': {
        const topic = this.topics.get(record.arn);
        if (!topic) return;
        for (const tag of record.tags) {
          const existing = topic.tags.find((t) => t.Key === tag.Key);
          if (existing) existing.Value = tag.Value;
          else topic.tags.push({ ...tag });
        }
        return;
      }
      case 'untag': {
        const topic = this.topics.get(record.arn);
        if (topic) topic.tags = topic.tags.filter((t) => !record.keys.includes(t.Key));
        return;
      }
      case 'subscribe':
        this.subscriptions.set(record.subscription.arn, structuredClone(record.subscription));
        this.refreshFilter(record.subscription);
        return;
      case 'unsubscribe':
        this.subscriptions.delete(record.arn);
        this.filters.delete(record.arn);
        return;
      case 'subscriptionAttribute': {
        const subscription = this.subscriptions.get(record.arn);
        if (!subscription) return;
        if (record.value === '') delete subscription.attributes[record.name];
        else subscription.attributes[record.name] = record.value;
        if (record.name === 'FilterPolicy' && record.value === '')
          delete subscription.attributes.FilterPolicyScope;
        this.refreshFilter(subscription);
        return;
      }
    }
  }
}
