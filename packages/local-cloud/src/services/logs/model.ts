import {
  closeSync,
  existsSync,
  fdatasyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../core/store';

/**
 * CloudWatch Logs state.
 *
 * Durability is split in two:
 * - groups (retention, tags) and streams are metadata: they change through `store.commit('logs', …)`,
 *   so they are in the journal and the snapshot like every other service's state;
 * - log EVENTS are bulk data. They are appended (synchronously, before the response) to one append-only
 *   file per log group, `<dataDir>/logs/<groupId>.ndjson`, and never enter the journal or the snapshot.
 *   Every store compaction rewrites the whole snapshot, so keeping events there would make each
 *   compaction cost grow with all the logs ever written; per-group files cost one write per PutLogEvents
 *   (the same as a journal line) and deleting a group deletes its file. The file is replayed at start
 *   (and rewritten if streams were deleted or events expired). The group id in the file name changes
 *   when a group is deleted and re-created, so stale events can never reappear.
 */

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Per-group sequence number: orders events of one timestamp and makes the eventId. */
  seq: number;
}

export interface LogStream {
  name: string;
  creationTime: number;
  /** Sorted by timestamp (then arrival). */
  events: LogEvent[];
  storedBytes: number;
  lastIngestionTime?: number;
}

export interface LogGroup {
  name: string;
  /** Identifies this incarnation of the group (its events file). */
  id: string;
  creationTime: number;
  retentionInDays?: number;
  tags: Record<string, string>;
  streams: Map<string, LogStream>;
  nextSeq: number;
}

export type LogsRecord =
  | { t: 'createGroup'; name: string; id: string; creationTime: number; tags: Record<string, string> }
  | { t: 'deleteGroup'; name: string }
  | { t: 'retention'; name: string; days?: number }
  | { t: 'tag'; name: string; tags: Record<string, string> }
  | { t: 'untag'; name: string; keys: string[] }
  | { t: 'createStream'; group: string; name: string; creationTime: number }
  | { t: 'deleteStream'; group: string; name: string };

interface GroupSnapshot {
  name: string;
  id: string;
  creationTime: number;
  retentionInDays?: number;
  tags: Record<string, string>;
  streams: Array<{ name: string; creationTime: number }>;
}

/** One line of a group's events file: an appended batch, or a deleted stream. */
type EventLine = { s: string; i: number; e: Array<[number, string]> } | { d: string };

const DAY_MS = 86_400_000;

export class LogsModel {
  readonly groups = new Map<string, LogGroup>();
  private readonly files = new Map<string, number>();
  private eventsDir: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: { fsync: boolean },
  ) {
    store.register<LogsRecord>('logs', {
      apply: (record) => this.apply(record),
      snapshot: (): GroupSnapshot[] =>
        [...this.groups.values()].map((group) => ({
          name: group.name,
          id: group.id,
          creationTime: group.creationTime,
          ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
          tags: group.tags,
          streams: [...group.streams.values()].map((s) => ({ name: s.name, creationTime: s.creationTime })),
        })),
      restore: (state) => {
        this.groups.clear();
        for (const snap of state as GroupSnapshot[]) {
          const group = this.newGroup(snap.name, snap.id, snap.creationTime, snap.tags);
          if (snap.retentionInDays !== undefined) group.retentionInDays = snap.retentionInDays;
          for (const stream of snap.streams)
            group.streams.set(stream.name, this.newStream(stream.name, stream.creationTime));
          this.groups.set(group.name, group);
        }
      },
    });
  }

  commit(record: LogsRecord): void {
    this.store.commit('logs', record);
  }

  private newGroup(name: string, id: string, creationTime: number, tags: Record<string, string>): LogGroup {
    return { name, id, creationTime, tags: { ...tags }, streams: new Map(), nextSeq: 0 };
  }

  private newStream(name: string, creationTime: number): LogStream {
    return { name, creationTime, events: [], storedBytes: 0 };
  }

  apply(record: LogsRecord): void {
    switch (record.t) {
      case 'createGroup':
        this.groups.set(record.name, this.newGroup(record.name, record.id, record.creationTime, record.tags));
        return;
      case 'deleteGroup':
        this.groups.delete(record.name);
        return;
      case 'retention': {
        const group = this.groups.get(record.name);
        if (!group) return;
        if (record.days === undefined) delete group.retentionInDays;
        else group.retentionInDays = record.days;
        return;
      }
      case 'tag': {
        const group = this.groups.get(record.name);
        if (group) Object.assign(group.tags, record.tags);
        return;
      }
      case 'untag': {
        const group = this.groups.get(record.name);
        if (group) for (const key of record.keys) delete group.tags[key];
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
  retentionCutoff(group: LogGroup, now: number): number {
    return group.retentionInDays === undefined
      ? Number.NEGATIVE_INFINITY
      : now - group.retentionInDays * DAY_MS;
  }

  // -------------------------------------------------------------------------------------------------
  // Lifecycle of the events files

  /** Opens the events directory and replays every group's events (after the store has loaded). */
  loadEvents(dir: string | undefined): { events: number; files: number } {
    this.eventsDir = dir;
    if (!dir) return { events: 0, files: 0 };
    const byId = new Map([...this.groups.values()].map((g) => [g.id, g]));
    let events = 0;
    let files = 0;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.ndjson')) continue;
      const path = join(dir, file);
      const group = byId.get(file.slice(0, -'.ndjson'.length));
      if (!group) {
        // A group deleted (or never committed) while its file survived: its events are gone on AWS too.
        unlinkSync(path);
        continue;
      }
      files++;
      const lines = readFileSync(path, 'utf8').split('\n');
      let dirty = false;
      for (const [index, line] of lines.entries()) {
        if (line === '') continue;
        let entry: EventLine;
        try {
          entry = JSON.parse(line) as EventLine;
        } catch {
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
        this.insert(
          group,
          stream,
          entry.e.map(([timestamp, message]) => ({ timestamp, message })),
          entry.i,
        );
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
      if (dirty) this.rewrite(group);
    }
    return { events, files };
  }

  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  private fileOf(group: LogGroup): number | undefined {
    if (!this.eventsDir) return undefined;
    let fd = this.files.get(group.id);
    if (fd === undefined) {
      fd = openSync(join(this.eventsDir, `${group.id}.ndjson`), 'a');
      this.files.set(group.id, fd);
    }
    return fd;
  }

  private writeLine(group: LogGroup, line: EventLine): void {
    const fd = this.fileOf(group);
    if (fd === undefined) return;
    writeSync(fd, `${JSON.stringify(line)}\n`);
    if (this.options.fsync) fdatasyncSync(fd);
  }

  private rewrite(group: LogGroup): void {
    if (!this.eventsDir) return;
    const path = join(this.eventsDir, `${group.id}.ndjson`);
    const fd = this.files.get(group.id);
    if (fd !== undefined) {
      closeSync(fd);
      this.files.delete(group.id);
    }
    let text = '';
    for (const stream of group.streams.values()) {
      // Events of one stream grouped by ingestion time, in order, keep their original ingestion times.
      let batch: EventLine | undefined;
      for (const event of [...stream.events].sort((a, b) => a.seq - b.seq)) {
        if (!batch || !('s' in batch) || batch.i !== event.ingestionTime) {
          if (batch) text += `${JSON.stringify(batch)}\n`;
          batch = { s: stream.name, i: event.ingestionTime, e: [] };
        }
        batch.e.push([event.timestamp, event.message]);
      }
      if (batch) text += `${JSON.stringify(batch)}\n`;
    }
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }

  /** Removes a deleted group's events file (after the delete was committed). */
  dropEvents(groupId: string): void {
    const fd = this.files.get(groupId);
    if (fd !== undefined) {
      closeSync(fd);
      this.files.delete(groupId);
    }
    if (this.eventsDir) {
      const path = join(this.eventsDir, `${groupId}.ndjson`);
      if (existsSync(path)) unlinkSync(path);
    }
  }

  /** Marks a deleted stream in the group's events file (after the delete was committed). */
  dropStreamEvents(group: LogGroup, streamName: string): void {
    this.writeLine(group, { d: streamName });
  }

  // -------------------------------------------------------------------------------------------------
  // Events

  /** Durably appends events (already validated) to a stream and returns them. */
  append(
    group: LogGroup,
    stream: LogStream,
    events: Array<{ timestamp: number; message: string }>,
    now: number,
  ): void {
    if (events.length === 0) return;
    this.writeLine(group, { s: stream.name, i: now, e: events.map((e) => [e.timestamp, e.message]) });
    this.insert(group, stream, events, now);
  }

  private insert(
    group: LogGroup,
    stream: LogStream,
    events: Array<{ timestamp: number; message: string }>,
    ingestionTime: number,
  ): void {
    for (const { timestamp, message } of events) {
      const event: LogEvent = { timestamp, message, ingestionTime, seq: group.nextSeq++ };
      const list = stream.events;
      const last = list[list.length - 1];
      if (!last || last.timestamp <= timestamp) list.push(event);
      else {
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((list[mid] as LogEvent).timestamp <= timestamp) lo = mid + 1;
          else hi = mid;
        }
        list.splice(lo, 0, event);
      }
      stream.storedBytes += Buffer.byteLength(message);
    }
    stream.lastIngestionTime = ingestionTime;
  }
}

/** AWS event ids are 56-digit decimal strings. */
export const eventId = (event: LogEvent): string =>
  `${String(event.timestamp).padStart(20, '0')}${String(event.seq).padStart(36, '0')}`;
