"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FailureLog = void 0;
class FailureLog {
    capacity;
    write;
    entries = [];
    constructor(capacity = 1000, write = (line) => process.stderr.write(line)) {
        this.capacity = capacity;
        this.write = write;
    }
    add(entry) {
        const full = { at: new Date().toISOString(), ...entry };
        this.entries.push(full);
        if (this.entries.length > this.capacity)
            this.entries.shift();
        const target = entry.target ? ` to ${entry.target}` : '';
        this.write(`local-cloud: lambda ${entry.kind}${target} for ${entry.functionName} request ${entry.requestId} failed: ${entry.reason}\n`);
    }
    list() {
        return [...this.entries];
    }
    clear() {
        this.entries.length = 0;
    }
}
exports.FailureLog = FailureLog;
