"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Deque = void 0;
/** A FIFO queue with O(1) push and shift (Array#shift is O(n) on large backlogs). */
class Deque {
    items = [];
    head = 0;
    get length() {
        return this.items.length - this.head;
    }
    push(item) {
        this.items.push(item);
    }
    shift() {
        if (this.head >= this.items.length)
            return undefined;
        const item = this.items[this.head];
        this.items[this.head] = undefined;
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return item;
    }
    /** Removes every item matching the predicate; returns how many were removed. */
    removeWhere(predicate) {
        const kept = [];
        let removed = 0;
        for (let i = this.head; i < this.items.length; i++) {
            const item = this.items[i];
            if (predicate(item))
                removed++;
            else
                kept.push(item);
        }
        this.items = kept;
        this.head = 0;
        return removed;
    }
}
exports.Deque = Deque;
