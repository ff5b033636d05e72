import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Durable state for every service: an append-only journal of mutations plus a periodic snapshot.
 *
 * A model changes state only through `commit(record)`, which appends the record to the journal with a
 * synchronous write *before* applying it, so whatever a response acknowledges is already in the file and
 * survives `kill -9` (the page cache outlives the process). `fsync: true` also survives power loss, at
 * a throughput cost. Replay after a restart calls the same `apply` the live path used, so there is one
 * code path for both. Without a data dir the store is memory-only (durability off).
 */
export interface Journaled<R> {
  /** Applies one committed record to in-memory state (live and on replay). Must be deterministic. */
  apply(record: R): void;
  /** The whole state as plain JSON, for snapshots. */
  snapshot(): unknown;
  /** Replaces in-memory state with a snapshot taken by `snapshot()`. */
  restore(state: unknown): void;
}

interface JournalLine {
  s: number;
  n: string;
  r: unknown;
}

interface SnapshotFile {
  seq: number;
  services: Record<string, unknown>;
}

export interface StoreOptions {
  dataDir?: string | undefined;
  fsync?: boolean;
  /** Journal size that triggers a snapshot and a fresh journal. */
  compactBytes?: number;
  /**
   * Group commit: the records committed while handling one event (an I/O callback or a timer, with the
   * promise continuations it runs) reach the journal with one write (one fdatasync with `fsync`), when that
   * handling ends or at the next `flush()`, whichever comes first.
   * The server flushes before it sends any response, so an acknowledged change is still in the file before
   * the acknowledgment leaves; what a crash loses is a suffix nobody was told about. Off: one write per record.
   */
  groupCommit?: boolean;
}

export class Store {
  private readonly members = new Map<string, Journaled<unknown>>();
  private fd: number | undefined;
  private seq = 0;
  private journalBytes = 0;
  private readonly dataDir: string | undefined;
  private readonly fsync: boolean;
  private readonly compactBytes: number;
  private loaded = false;
  private readonly groupCommit: boolean;
  /** Journal lines committed but not written yet (group commit only). */
  private unwritten = '';
  private flushScheduled = false;

  constructor(options: StoreOptions = {}) {
    this.dataDir = options.dataDir;
    this.fsync = options.fsync ?? false;
    this.compactBytes = options.compactBytes ?? 64 * 1024 * 1024;
    this.groupCommit = options.groupCommit ?? false;
  }

  get durable(): boolean {
    return this.dataDir !== undefined;
  }

  register<R>(namespace: string, member: Journaled<R>): void {
    if (this.loaded) throw new Error(`store: ${namespace} registered after load`);
    if (this.members.has(namespace)) throw new Error(`store: ${namespace} registered twice`);
    this.members.set(namespace, member as Journaled<unknown>);
  }

  /**
   * Appends a record and applies it. Returns after the write reached the file (when durable), or, with
   * group commit, once the line is queued for the write at the end of this event's handling (see `flush`).
   */
  commit<R>(namespace: string, record: R): void {
    const member = this.members.get(namespace);
    if (!member) throw new Error(`store: unknown namespace ${namespace}`);
    if (this.fd !== undefined) {
      this.seq++;
      const line = `${JSON.stringify({ s: this.seq, n: namespace, r: record } satisfies JournalLine)}\n`;
      if (this.groupCommit) {
        this.unwritten += line;
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          // At the end of this macrotask (after its microtasks), before the event loop runs anything else.
          process.nextTick(() => this.flush());
        }
      } else {
        writeSync(this.fd, line);
        if (this.fsync) fdatasyncSync(this.fd);
      }
      this.journalBytes += line.length;
    }
    member.apply(record);
    if (this.journalBytes > this.compactBytes) this.compact();
  }

  /**
   * Writes the journal lines committed since the last write (group commit), in commit order. Call it before
   * anything that acknowledges a change leaves the process (the server does, before every response).
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.unwritten === '' || this.fd === undefined) return;
    const text = this.unwritten;
    this.unwritten = '';
    writeSync(this.fd, text);
    if (this.fsync) fdatasyncSync(this.fd);
  }

  /** Restores the snapshot, replays the journal and opens it for appends. */
  load(): { records: number } {
    this.loaded = true;
    if (!this.dataDir) return { records: 0 };
    mkdirSync(this.dataDir, { recursive: true });
    let snapshotSeq = 0;
    const snapshotPath = join(this.dataDir, 'snapshot.json');
    if (existsSync(snapshotPath)) {
      const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as SnapshotFile;
      snapshotSeq = snapshot.seq;
      for (const [namespace, state] of Object.entries(snapshot.services)) {
        this.members.get(namespace)?.restore(state);
      }
    }
    this.seq = snapshotSeq;
    let records = 0;
    const journalPath = join(this.dataDir, 'journal.ndjson');
    if (existsSync(journalPath)) {
      const text = readFileSync(journalPath, 'utf8');
      const lines = text.split('\n');
      for (const [index, line] of lines.entries()) {
        if (line === '') continue;
        let entry: JournalLine;
        try {
          entry = JSON.parse(line) as JournalLine;
        } catch {
          // Only the very last line can be torn (the process died inside a write); it was never acknowledged.
          if (index >= lines.length - 2) break;
          throw new Error(`store: corrupt journal line ${index + 1} in ${journalPath}`);
        }
        if (entry.s <= snapshotSeq) continue;
        this.members.get(entry.n)?.apply(entry.r);
        this.seq = entry.s;
        records++;
      }
    }
    if (records > 0) {
      // Start from a compacted state so the journal never grows across restarts.
      this.compact();
    } else {
      // Nothing to fold in (an empty data dir, or a clean shutdown): keep the snapshot as it is. Truncating
      // drops only lines the snapshot already holds or a torn, never-acknowledged last line.
      this.fd = openSync(journalPath, 'w');
      this.journalBytes = 0;
    }
    return { records };
  }

  /** Writes a snapshot atomically, then starts an empty journal. */
  compact(): void {
    if (!this.dataDir) return;
    // Lines still queued go to the old journal first: until the snapshot is renamed into place, it is the
    // journal that holds them.
    this.flush();
    const services: Record<string, unknown> = {};
    for (const [namespace, member] of this.members) services[namespace] = member.snapshot();
    const snapshotPath = join(this.dataDir, 'snapshot.json');
    const tmp = `${snapshotPath}.tmp`;
    writeFileSync(tmp, JSON.stringify({ seq: this.seq, services } satisfies SnapshotFile));
    if (this.fsync) {
      const fd = openSync(tmp, 'r');
      fdatasyncSync(fd);
      closeSync(fd);
    }
    renameSync(tmp, snapshotPath);
    if (this.fd !== undefined) closeSync(this.fd);
    // Records with a sequence number at or below the snapshot's are skipped on replay, so a crash
    // between the rename and this truncation cannot apply anything twice.
    this.fd = openSync(join(this.dataDir, 'journal.ndjson'), 'w');
    this.journalBytes = 0;
  }

  close(): void {
    if (this.fd === undefined) return;
    this.compact();
    closeSync(this.fd);
    this.fd = undefined;
  }

  // Large immutable payloads (function code) live beside the journal, addressed by content hash.
  putBlob(key: string, data: Uint8Array): void {
    if (!this.dataDir) {
      this.memoryBlobs.set(key, data);
      return;
    }
    const path = join(this.blobDir(), key);
    if (existsSync(path) && statSync(path).size === data.byteLength) return;
    mkdirSync(this.blobDir(), { recursive: true });
    writeFileSync(`${path}.tmp`, data);
    renameSync(`${path}.tmp`, path);
  }

  /** Removes a blob (nothing happens when it is absent). The caller makes sure nothing refers to it any more. */
  deleteBlob(key: string): void {
    if (!this.dataDir) {
      this.memoryBlobs.delete(key);
      return;
    }
    rmSync(join(this.blobDir(), key), { force: true });
  }

  getBlob(key: string): Uint8Array | undefined {
    if (!this.dataDir) return this.memoryBlobs.get(key);
    const path = join(this.blobDir(), key);
    return existsSync(path) ? readFileSync(path) : undefined;
  }

  /** A directory a service may use for derived files (e.g. unpacked function code). */
  scratchDir(name: string): string | undefined {
    if (!this.dataDir) return undefined;
    const dir = join(this.dataDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private readonly memoryBlobs = new Map<string, Uint8Array>();

  private blobDir(): string {
    return join(this.dataDir as string, 'blobs');
  }
}
