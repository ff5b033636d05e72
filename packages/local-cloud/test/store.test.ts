import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/core/store';

/** The journal + snapshot store every service commits through (src/core/store.ts). */

interface Counter {
  values: string[];
}

/** A store with one member, `list`, that appends the committed values. */
function open(dataDir: string | undefined, options: { fsync?: boolean; compactBytes?: number } = {}) {
  const state: Counter = { values: [] };
  const store = new Store({ dataDir, ...options });
  store.register<string>('list', {
    apply: (value) => {
      state.values.push(value);
    },
    snapshot: () => ({ values: state.values }),
    restore: (saved) => {
      state.values = [...(saved as Counter).values];
    },
  });
  const loaded = store.load();
  return { store, state, loaded };
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-cloud-store-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const journal = () => readFileSync(join(dir, 'journal.ndjson'), 'utf8');

it('starts on an empty data dir without writing a snapshot', () => {
  const { store, loaded } = open(dir);
  expect(loaded).toEqual({ records: 0 });
  expect(existsSync(join(dir, 'snapshot.json'))).toBe(false);
  expect(journal()).toBe('');
  store.commit('list', 'a');
  expect(journal()).toBe('{"s":1,"n":"list","r":"a"}\n');
});

it('replays the journal after a kill (no close), then compacts it into the snapshot', () => {
  const first = open(dir);
  first.store.commit('list', 'a');
  first.store.commit('list', 'b');
  // No close(): what is in the journal file is what a kill -9 leaves.
  const second = open(dir);
  expect(second.loaded).toEqual({ records: 2 });
  expect(second.state.values).toEqual(['a', 'b']);
  expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8'))).toEqual({
    seq: 2,
    services: { list: { values: ['a', 'b'] } },
  });
  expect(journal()).toBe('');
  second.store.commit('list', 'c');
  expect(journal()).toBe('{"s":3,"n":"list","r":"c"}\n');
  second.store.close();
  const third = open(dir);
  expect(third.loaded).toEqual({ records: 0 });
  expect(third.state.values).toEqual(['a', 'b', 'c']);
});

it('ignores a torn last line (never acknowledged) and leaves a clean journal behind', () => {
  const first = open(dir);
  first.store.commit('list', 'a');
  appendFileSync(join(dir, 'journal.ndjson'), '{"s":2,"n":"list","r":"tor');
  const second = open(dir);
  expect(second.state.values).toEqual(['a']);
  second.store.commit('list', 'b');
  const third = open(dir);
  expect(third.state.values).toEqual(['a', 'b']);
});

it('drops a torn line even when nothing else needs replaying', () => {
  const first = open(dir);
  first.store.commit('list', 'a');
  first.store.close();
  appendFileSync(join(dir, 'journal.ndjson'), '{"s":2,"n":"li');
  const second = open(dir);
  expect(second.loaded).toEqual({ records: 0 });
  second.store.commit('list', 'b');
  expect(open(dir).state.values).toEqual(['a', 'b']);
});

it('skips records the snapshot already holds (a crash between snapshot and truncation)', () => {
  const first = open(dir);
  first.store.commit('list', 'a');
  first.store.commit('list', 'b');
  const lines = journal();
  first.store.close(); // snapshot at seq 2, empty journal
  writeFileSync(join(dir, 'journal.ndjson'), lines); // as if the truncation never happened
  expect(open(dir).state.values).toEqual(['a', 'b']);
});

it('refuses a corrupt line in the middle of the journal', () => {
  writeFileSync(
    join(dir, 'journal.ndjson'),
    '{"s":1,"n":"list","r":"a"}\nnot json\n{"s":3,"n":"list","r":"c"}\n',
  );
  expect(() => open(dir)).toThrow(/corrupt journal line 2/);
});

it('compacts when the journal outgrows compactBytes, and works with fsync', () => {
  const { store } = open(dir, { fsync: true, compactBytes: 100 });
  for (let i = 0; i < 10; i++) store.commit('list', `value-${i}`);
  expect(journal().length).toBeLessThan(100);
  expect(open(dir).state.values).toHaveLength(10);
});

it('keeps blobs beside the journal, or in memory without a data dir', () => {
  const durable = open(dir).store;
  durable.putBlob('k', Buffer.from('zip bytes'));
  expect(Buffer.from(durable.getBlob('k') as Uint8Array).toString()).toBe('zip bytes');
  expect(open(dir).store.getBlob('k')).toBeDefined();
  expect(durable.getBlob('missing')).toBeUndefined();

  const memory = open(undefined);
  expect(memory.store.durable).toBe(false);
  memory.store.putBlob('k', Buffer.from('x'));
  expect(memory.store.getBlob('k')).toEqual(Buffer.from('x'));
  memory.store.commit('list', 'a');
  expect(memory.state.values).toEqual(['a']);
});
