"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MinHeap = void 0;
/** A small binary min-heap keyed by a number (wall-clock deadlines of not-yet-visible messages). */
class MinHeap {
    items = [];
    get size() {
        return this.items.length;
    }
    push(key, value) {
        const items = this.items;
        items.push({ key, value });
        let i = items.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (items[parent].key <= key)
                break;
            [items[i], items[parent]] = [
                items[parent],
                items[i],
            ];
            i = parent;
        }
    }
    peek() {
        return this.items[0];
    }
    pop() {
        const items = this.items;
        const top = items[0];
        const last = items.pop();
        if (items.length > 0 && last) {
            items[0] = last;
            let i = 0;
            for (;;) {
                const left = 2 * i + 1;
                const right = left + 1;
                let smallest = i;
                if (left < items.length &&
                    items[left].key < items[smallest].key)
                    smallest = left;
                if (right < items.length &&
                    items[right].key < items[smallest].key)
                    smallest = right;
                if (smallest === i)
                    break;
                [items[i], items[smallest]] = [
                    items[smallest],
                    items[i],
                ];
                i = smallest;
            }
        }
        return top;
    }
    clear() {
        this.items.length = 0;
    }
}
exports.MinHeap = MinHeap;
