"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Store = void 0;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
class Store {
    members = new Map();
    fd;
    seq = 0;
    journalBytes = 0;
    dataDir;
    fsync;
    compactBytes;
    loaded = false;
    constructor(options = {}) {
        this.dataDir = options.dataDir;
        this.fsync = options.fsync ?? false;
        this.compactBytes = options.compactBytes ?? 64 * 1024 * 1024;
    }
    get durable() {
        return this.dataDir !== undefined;
    }
    register(namespace, member) {
        if (this.loaded)
            throw new Error(`store: ${namespace} registered after load`);
        if (this.members.has(namespace))
            throw new Error(`store: ${namespace} registered twice`);
        this.members.set(namespace, member);
    }
    /** Appends a record and applies it. Returns after the write reached the file (when durable). */
    commit(namespace, record) {
        const member = this.members.get(namespace);
        if (!member)
            throw new Error(`store: unknown namespace ${namespace}`);
        if (this.fd !== undefined) {
            this.seq++;
            const line = `${JSON.stringify({ s: this.seq, n: namespace, r: record })}\n`;
            (0, node_fs_1.writeSync)(this.fd, line);
            if (this.fsync)
                (0, node_fs_1.fdatasyncSync)(this.fd);
            this.journalBytes += line.length;
        }
        member.apply(record);
        if (this.journalBytes > this.compactBytes)
            this.compact();
    }
    /** Restores the snapshot, replays the journal and opens it for appends. */
    load() {
        this.loaded = true;
        if (!this.dataDir)
            return { records: 0 };
        (0, node_fs_1.mkdirSync)(this.dataDir, { recursive: true });
        (0, node_fs_1.mkdirSync)(this.blobDir(), { recursive: true });
        let snapshotSeq = 0;
        const snapshotPath = (0, node_path_1.join)(this.dataDir, 'snapshot.json');
        if ((0, node_fs_1.existsSync)(snapshotPath)) {
            const snapshot = JSON.parse((0, node_fs_1.readFileSync)(snapshotPath, 'utf8'));
            snapshotSeq = snapshot.seq;
            for (const [namespace, state] of Object.entries(snapshot.services)) {
                this.members.get(namespace)?.restore(state);
            }
        }
        this.seq = snapshotSeq;
        let records = 0;
        const journalPath = (0, node_path_1.join)(this.dataDir, 'journal.ndjson');
        if ((0, node_fs_1.existsSync)(journalPath)) {
            const text = (0, node_fs_1.readFileSync)(journalPath, 'utf8');
            const lines = text.split('\n');
            for (const [index, line] of lines.entries()) {
                if (line === '')
                    continue;
                let entry;
                try {
                    entry = JSON.parse(line);
                }
                catch {
                    // Only the very last line can be torn (the process died inside a write); it was never acknowledged.
                    if (index >= lines.length - 2)
                        break;
                    throw new Error(`store: corrupt journal line ${index + 1} in ${journalPath}`);
                }
                if (entry.s <= snapshotSeq)
                    continue;
                this.members.get(entry.n)?.apply(entry.r);
                this.seq = entry.s;
                records++;
            }
        }
        // Start from a compacted state so the journal never grows across restarts.
        this.compact();
        return { records };
    }
    /** Writes a snapshot atomically, then starts an empty journal. */
    compact() {
        if (!this.dataDir)
            return;
        const services = {};
        for (const [namespace, member] of this.members)
            services[namespace] = member.snapshot();
        const snapshotPath = (0, node_path_1.join)(this.dataDir, 'snapshot.json');
        const tmp = `${snapshotPath}.tmp`;
        (0, node_fs_1.writeFileSync)(tmp, JSON.stringify({ seq: this.seq, services }));
        if (this.fsync) {
            const fd = (0, node_fs_1.openSync)(tmp, 'r');
            (0, node_fs_1.fdatasyncSync)(fd);
            (0, node_fs_1.closeSync)(fd);
        }
        (0, node_fs_1.renameSync)(tmp, snapshotPath);
        if (this.fd !== undefined)
            (0, node_fs_1.closeSync)(this.fd);
        // Records with a sequence number at or below the snapshot's are skipped on replay, so a crash
        // between the rename and this truncation cannot apply anything twice.
        this.fd = (0, node_fs_1.openSync)((0, node_path_1.join)(this.dataDir, 'journal.ndjson'), 'w');
        this.journalBytes = 0;
    }
    close() {
        if (this.fd === undefined)
            return;
        this.compact();
        (0, node_fs_1.closeSync)(this.fd);
        this.fd = undefined;
    }
    // Large immutable payloads (function code) live beside the journal, addressed by content hash.
    putBlob(key, data) {
        if (!this.dataDir) {
            this.memoryBlobs.set(key, data);
            return;
        }
        const path = (0, node_path_1.join)(this.blobDir(), key);
        if ((0, node_fs_1.existsSync)(path) && (0, node_fs_1.statSync)(path).size === data.byteLength)
            return;
        (0, node_fs_1.writeFileSync)(`${path}.tmp`, data);
        (0, node_fs_1.renameSync)(`${path}.tmp`, path);
    }
    getBlob(key) {
        if (!this.dataDir)
            return this.memoryBlobs.get(key);
        const path = (0, node_path_1.join)(this.blobDir(), key);
        return (0, node_fs_1.existsSync)(path) ? (0, node_fs_1.readFileSync)(path) : undefined;
    }
    /** A directory a service may use for derived files (e.g. unpacked function code). */
    scratchDir(name) {
        if (!this.dataDir)
            return undefined;
        const dir = (0, node_path_1.join)(this.dataDir, name);
        (0, node_fs_1.mkdirSync)(dir, { recursive: true });
        return dir;
    }
    memoryBlobs = new Map();
    blobDir() {
        return (0, node_path_1.join)(this.dataDir, 'blobs');
    }
}
exports.Store = Store;
