"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SnsModel = void 0;
const filter_policy_1 = require("./filter-policy");
class SnsModel {
    store;
    topics = new Map();
    subscriptions = new Map();
    filters = new Map();
    constructor(store) {
        this.store = store;
        store.register('sns', {
            apply: (record) => this.apply(record),
            snapshot: () => ({
                topics: [...this.topics.values()],
                subscriptions: [...this.subscriptions.values()],
            }),
            restore: (state) => {
                const snapshot = state;
                this.topics.clear();
                this.subscriptions.clear();
                this.filters.clear();
                for (const topic of snapshot.topics)
                    this.topics.set(topic.arn, topic);
                for (const subscription of snapshot.subscriptions) {
                    this.subscriptions.set(subscription.arn, subscription);
                    this.refreshFilter(subscription);
                }
            },
        });
    }
    commit(record) {
        this.store.commit('sns', record);
    }
    subscriptionsOf(topicArn) {
        return [...this.subscriptions.values()].filter((s) => s.topicArn === topicArn);
    }
    filterOf(subscriptionArn) {
        return this.filters.get(subscriptionArn);
    }
    refreshFilter(subscription) {
        const text = subscription.attributes.FilterPolicy;
        if (text === undefined || text === '') {
            this.filters.delete(subscription.arn);
            return;
        }
        const scope = (subscription.attributes.FilterPolicyScope ?? 'MessageAttributes');
        try {
            this.filters.set(subscription.arn, { policy: (0, filter_policy_1.parseFilterPolicy)(text, scope), scope });
        }
        catch {
            // Validated before commit; a policy that no longer parses filters everything out rather than nothing.
            this.filters.set(subscription.arn, {
                policy: { '\u0000never': [{ exists: true }] },
                scope: 'MessageAttributes',
            });
        }
    }
    apply(record) {
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
                if (!topic)
                    return;
                if (record.value === '' && record.name !== 'DisplayName')
                    delete topic.attributes[record.name];
                else
                    topic.attributes[record.name] = record.value;
                return;
            }
            case 'tag': {
                const topic = this.topics.get(record.arn);
                if (!topic)
                    return;
                for (const tag of record.tags) {
                    const existing = topic.tags.find((t) => t.Key === tag.Key);
                    if (existing)
                        existing.Value = tag.Value;
                    else
                        topic.tags.push({ ...tag });
                }
                return;
            }
            case 'untag': {
                const topic = this.topics.get(record.arn);
                if (topic)
                    topic.tags = topic.tags.filter((t) => !record.keys.includes(t.Key));
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
                if (!subscription)
                    return;
                if (record.value === '')
                    delete subscription.attributes[record.name];
                else
                    subscription.attributes[record.name] = record.value;
                if (record.name === 'FilterPolicy' && record.value === '')
                    delete subscription.attributes.FilterPolicyScope;
                this.refreshFilter(subscription);
                return;
            }
        }
    }
}
exports.SnsModel = SnsModel;
