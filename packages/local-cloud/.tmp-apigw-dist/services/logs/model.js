"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventId = exports.LogsModel = void 0;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const DAY_MS = 86_400_000;
class LogsModel {
    store;
    options;
    groups = new Map();
    files = new Map();
    eventsDir;
    constructor(store, options) {
        this.store = store;
        this.options = options;
        store.register('logs', {
            apply: (record) => this.apply(record),
            snapshot: () => [...this.groups.values()].map((group) => ({
                name: group.name,
                id: group.id,
                creationTime: group.creationTime,
                ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
                tags: group.tags,
                streams: [...group.streams.values()].map((s) => ({ name: s.name, creationTime: s.creationTime })),
            })),
            restore: (state) => {
                this.groups.clear();
                for (const snap of state) {
                    const group = this.newGroup(snap.name, snap.id, snap.creationTime, snap.tags);
                    if (snap.retentionInDays !== undefined)
                        group.retentionInDays = snap.retentionInDays;
                    for (const stream of snap.streams)
                        group.streams.set(stream.name, this.newStream(stream.name, stream.creationTime));
                    this.groups.set(group.name, group);
                }
            },
        });
    }
    commit(record) {
        this.store.commit('logs', record);
    }
    newGroup(name, id, creationTime, tags) {
        return { name, id, creationTime, tags: { ...tags }, streams: new Map(), nextSeq: 0 };
    }
    newStream(name, creationTime) {
        return { name, creationTime, events: [], storedBytes: 0 };
    }
    apply(record) {
        switch (record.t) {
            case 'createGroup':
                this.groups.set(record.name, this.newGroup(record.name, record.id, record.creationTime, record.tags));
                return;
            case 'deleteGroup':
                this.groups.delete(record.name);
                return;
            case 'retention': {
                const group = this.groups.get(record.name);
                if (!group)
                    return;
                if (record.days === undefined)
                    delete group.retentionInDays;
                else
                    group.retentionInDays = record.days;
                return;
            }
            case 'tag': {
                const group = this.groups.get(record.name);
                if (group)
                    Object.assign(group.tags, record.tags);
                return;
            }
            case 'untag': {
                const group = this.groups.get(record.name);
                if (group)
                    for (const key of record.keys)
                        delete group.tags[key];
                return;
            }
            case 'createStream': {
                const group = this.groups.get(record.group);
                if (group && !group.streams.has(record.name)) {
                    group.streams.set(record.name, this.newStream(record.name, record.creationTime));
                }
                return;
            }
            case 'deleteStream':
                this.groups.get(record.group)?.streams.delete(record.name);
                return;
        }
    }
    /** Events older than this are past the group's retention (hidden from reads, refused by PutLogEvents). */
    retentionCutoff(group, now) {
        return group.retentionInDays === undefined
            ? Number.NEGATIVE_INFINITY
            : now - group.retentionInDays * DAY_MS;
    }
    // -------------------------------------------------------------------------------------------------
    // Lifecycle of the events files
    /** Opens the events directory and replays every group's events (after the store has loaded). */
    loadEvents(dir) {
        this.eventsDir = dir;
        if (!dir)
            return { events: 0, files: 0 };
        const byId = new Map([...this.groups.values()].map((g) => [g.id, g]));
        let events = 0;
        let files = 0;
        for (const file of (0, node_fs_1.readdirSync)(dir)) {
            if (!file.endsWith('.ndjson'))
                continue;
            const path = (0, node_path_1.join)(dir, file);
            const group = byId.get(file.slice(0, -'.ndjson'.length));
            if (!group) {
                // A group deleted (or never committed) while its file survived: its events are gone on AWS too.
                (0, node_fs_1.unlinkSync)(path);
                continue;
            }
            files++;
            const lines = (0, node_fs_1.readFileSync)(path, 'utf8').split('\n');
            let dirty = false;
            for (const [index, line] of lines.entries()) {
                if (line === '')
                    continue;
                let entry;
                try {
                    entry = JSON.parse(line);
                }
                catch {
                    // Only a torn last line (the process died inside a write) is expected; it was never acknowledged.
                    if (index >= lines.length - 2) {
                        dirty = true;
                        break;
                    }
                    throw new Error(`logs: corrupt line ${index + 1} in ${path}`);
                }
                if ('d' in entry) {
                    const stream = group.streams.get(entry.d);
                    if (stream) {
                        stream.events = [];
                        stream.storedBytes = 0;
                    }
                    dirty = true;
                    continue;
                }
                const stream = group.streams.get(entry.s);
                if (!stream) {
                    dirty = true;
                    continue;
                }
                this.insert(group, stream, entry.e.map(([timestamp, message]) => ({ timestamp, message })), entry.i);
                events += entry.e.length;
            }
            const cutoff = this.retentionCutoff(group, Date.now());
            for (const stream of group.streams.values()) {
                const kept = stream.events.filter((e) => e.timestamp >= cutoff);
                if (kept.length !== stream.events.length) {
                    stream.events = kept;
                    stream.storedBytes = kept.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0);
                    dirty = true;
                }
            }
            if (dirty)
                this.rewrite(group);
        }
        return { events, files };
    }
    close() {
        for (const fd of this.files.values())
            (0, node_fs_1.closeSync)(fd);
        this.files.clear();
    }
    fileOf(group) {
        if (!this.eventsDir)
            return undefined;
        let fd = this.files.get(group.id);
        if (fd === undefined) {
            fd = (0, node_fs_1.openSync)((0, node_path_1.join)(this.eventsDir, `${group.id}.ndjson`), 'a');
            this.files.set(group.id, fd);
        }
        return fd;
    }
    writeLine(group, line) {
        const fd = this.fileOf(group);
        if (fd === undefined)
            return;
        (0, node_fs_1.writeSync)(fd, `${JSON.stringify(line)}\n`);
        if (this.options.fsync)
            (0, node_fs_1.fdatasyncSync)(fd);
    }
    rewrite(group) {
        if (!this.eventsDir)
            return;
        const path = (0, node_path_1.join)(this.eventsDir, `${group.id}.ndjson`);
        const fd = this.files.get(group.id);
        if (fd !== undefined) {
            (0, node_fs_1.closeSync)(fd);
            this.files.delete(group.id);
        }
        let text = '';
        for (const stream of group.streams.values()) {
            // Events of one stream grouped by ingestion time, in order, keep their original ingestion times.
            let batch;
            for (const event of [...stream.events].sort((a, b) => a.seq - b.seq)) {
                if (!batch || !('s' in batch) || batch.i !== event.ingestionTime) {
                    if (batch)
                        text += `${JSON.stringify(batch)}\n`;
                    batch = { s: stream.name, i: event.ingestionTime, e: [] };
                }
                batch.e.push([event.timestamp, event.message]);
            }
            if (batch)
                text += `${JSON.stringify(batch)}\n`;
        }
        (0, node_fs_1.writeFileSync)(`${path}.tmp`, text);
        (0, node_fs_1.renameSync)(`${path}.tmp`, path);
    }
    /** Removes a deleted group's events file (after the delete was committed). */
    dropEvents(groupId) {
        const fd = this.files.get(groupId);
        if (fd !== undefined) {
            (0, node_fs_1.closeSync)(fd);
            this.files.delete(groupId);
        }
        if (this.eventsDir) {
            const path = (0, node_path_1.join)(this.eventsDir, `${groupId}.ndjson`);
            if ((0, node_fs_1.existsSync)(path))
                (0, node_fs_1.unlinkSync)(path);
        }
    }
    /** Marks a deleted stream in the group's events file (after the delete was committed). */
    dropStreamEvents(group, streamName) {
        this.writeLine(group, { d: streamName });
    }
    // -------------------------------------------------------------------------------------------------
    // Events
    /** Durably appends events (already validated) to a stream and returns them. */
    append(group, stream, events, now) {
        if (events.length === 0)
            return;
        this.writeLine(group, { s: stream.name, i: now, e: events.map((e) => [e.timestamp, e.message]) });
        this.insert(group, stream, events, now);
    }
    insert(group, stream, events, ingestionTime) {
        for (const { timestamp, message } of events) {
            const event = { timestamp, message, ingestionTime, seq: group.nextSeq++ };
            const list = stream.events;
            const last = list[list.length - 1];
            if (!last || last.timestamp <= timestamp)
                list.push(event);
            else {
                let lo = 0;
                let hi = list.length;
                while (lo < hi) {
                    const mid = (lo + hi) >> 1;
                    if (list[mid].timestamp <= timestamp)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                list.splice(lo, 0, event);
            }
            stream.storedBytes += Buffer.byteLength(message);
        }
        stream.lastIngestionTime = ingestionTime;
    }
}
exports.LogsModel = LogsModel;
/** AWS event ids are 56-digit decimal strings. */
const eventId = (event) => `${String(event.timestamp).padStart(20, '0')}${String(event.seq).padStart(36, '0')}`;
exports.eventId = eventId;
