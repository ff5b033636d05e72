import { randomBytes } from 'node:crypto';
import type { Journaled, Store } from '../../core/store';
import type { ChecksumAlgorithm } from './checksums';
import { noSuchBucket, s3Error } from './errors';

/**
 * S3 state and rules: buckets, their settings, objects and their versions. No HTTP or XML here. Every
 * change is one journaled record (`commit`), applied by the same `apply` live and on replay, so version
 * ids and timestamps are decided before the commit and carried in the record. Object bodies live in the
 * store's blob area, addressed by content hash (`s3-<sha256 hex>`), written before the record.
 */

export type Tags = Array<[string, string]>;

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface EncryptionRule {
  algorithm: 'AES256';
  bucketKeyEnabled: boolean;
}

export interface ObjectVersion {
  /** `null` for the null version (a bucket never versioned, or versioning suspended). */
  versionId: string;
  deleteMarker?: true;
  /** Epoch ms, whole seconds (S3 keeps second precision). */
  lastModified: number;
  /** Quoted MD5 hex, e.g. `"9a0364b9e99bb480dd25e1f0284c8555"`. */
  etag?: string;
  size?: number;
  blob?: string;
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: string;
  /** User metadata, names lower-cased without the `x-amz-meta-` prefix. */
  metadata?: Record<string, string>;
  tags?: Tags;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export type VersioningStatus = 'Enabled' | 'Suspended';

export interface BucketSettings {
  versioning?: VersioningStatus;
  mfaDelete?: 'Enabled' | 'Disabled';
  policy?: string;
  tags?: Tags;
  /** New buckets have all four settings on (AWS default since April 2023); absent after a delete. */
  publicAccessBlock?: PublicAccessBlock;
  encryption: EncryptionRule;
}

export interface BucketState extends BucketSettings {
  name: string;
  region: string;
  created: number;
  /** Key → versions, newest first. The current version is the first (it may be a delete marker). */
  objects: Map<string, ObjectVersion[]>;
  sortedKeys?: string[];
}

/** A settings change: a value sets it, `null` removes it. */
export type SettingsPatch = {
  [K in keyof BucketSettings]?: BucketSettings[K] | null;
};

export type S3Record =
  | { t: 'cb'; name: string; region: string; at: number }
  | { t: 'db'; name: string }
  | { t: 'bs'; name: string; s: SettingsPatch }
  /** Put a version; `n`: it replaces the null version (unversioned or suspended bucket). */
  | { t: 'pv'; b: string; k: string; v: ObjectVersion; n: boolean }
  | { t: 'dv'; b: string; k: string; id: string }
  | { t: 'ot'; b: string; k: string; id: string; tags: Tags | null };

interface BucketSnapshot extends BucketSettings {
  name: string;
  region: string;
  created: number;
  objects: Array<[string, ObjectVersion[]]>;
}

export const DEFAULT_ENCRYPTION: EncryptionRule = { algorithm: 'AES256', bucketKeyEnabled: false };

export const DEFAULT_PUBLIC_ACCESS_BLOCK: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const VERSION_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

/** A 32-character version id in S3's alphabet. */
export function newVersionId(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const byte of bytes) out += VERSION_ALPHABET[byte % VERSION_ALPHABET.length];
  return out;
}

export const isVersionIdFormat = (id: string): boolean =>
  id === 'null' || /^[A-Za-z0-9._+=-]{1,1024}$/.test(id);

export const blobKeyOf = (sha256Hex: string): string => `s3-${sha256Hex}`;

export interface ListItem {
  key: string;
  prefix?: true;
  version?: ObjectVersion;
}

export interface ListResult {
  items: ListItem[];
  truncated: boolean;
}

export class S3Model implements Journaled<S3Record> {
  private readonly buckets = new Map<string, BucketState>();
  /** How many versions refer to each body blob (bodies are shared by content). */
  private readonly blobRefs = new Map<string, number>();
  /** Blobs whose count reached zero in `apply`; removed after the commit if still unreferenced. */
  private released: string[] = [];

  constructor(private readonly store: Store) {}

  /**
   * Journals and applies a record, then removes the bodies nothing refers to any more. Removal happens only
   * here, on the live path, never inside `apply` (a replay must not remove a body a later record uses again).
   */
  commit(record: S3Record): void {
    this.store.commit('s3', record);
    if (this.released.length === 0) return;
    const released = this.released;
    this.released = [];
    for (const blob of released) if (!this.blobRefs.get(blob)) this.store.deleteBlob(blob);
  }

  private ref(version: ObjectVersion): void {
    if (version.blob) this.blobRefs.set(version.blob, (this.blobRefs.get(version.blob) ?? 0) + 1);
  }

  private unref(version: ObjectVersion): void {
    if (!version.blob) return;
    const count = (this.blobRefs.get(version.blob) ?? 0) - 1;
    if (count > 0) {
      this.blobRefs.set(version.blob, count);
      return;
    }
    this.blobRefs.delete(version.blob);
    this.released.push(version.blob);
  }

  // ---------------------------------------------------------------------------------------------
  // Journal

  apply(record: S3Record): void {
    switch (record.t) {
      case 'cb':
        this.buckets.set(record.name, {
          name: record.name,
          region: record.region,
          created: record.at,
          publicAccessBlock: { ...DEFAULT_PUBLIC_ACCESS_BLOCK },
          encryption: { ...DEFAULT_ENCRYPTION },
          objects: new Map(),
        });
        return;
      case 'db':
        this.buckets.delete(record.name);
        return;
      case 'bs': {
        const bucket = this.buckets.get(record.name);
        if (!bucket) return;
        for (const [name, value] of Object.entries(record.s)) {
          const field = name as keyof BucketSettings;
          if (value === null) {
            if (field === 'encryption') bucket.encryption = { ...DEFAULT_ENCRYPTION };
            else delete bucket[field];
          } else if (value !== undefined) {
            (bucket as unknown as Record<string, unknown>)[field] = value;
          }
        }
        return;
      }
      case 'pv': {
        const bucket = this.buckets.get(record.b);
        if (!bucket) return;
        let versions = bucket.objects.get(record.k);
        if (!versions) {
          versions = [];
          bucket.objects.set(record.k, versions);
          bucket.sortedKeys = undefined;
        }
        if (record.n) {
          const index = versions.findIndex((v) => v.versionId === 'null');
          if (index >= 0) this.unref(versions.splice(index, 1)[0] as ObjectVersion);
        }
        versions.unshift(record.v);
        this.ref(record.v);
        return;
      }
      case 'dv': {
        const bucket = this.buckets.get(record.b);
        const versions = bucket?.objects.get(record.k);
        if (!bucket || !versions) return;
        const index = versions.findIndex((v) => v.versionId === record.id);
        if (index >= 0) this.unref(versions.splice(index, 1)[0] as ObjectVersion);
        if (versions.length === 0) {
          bucket.objects.delete(record.k);
          bucket.sortedKeys = undefined;
        }
        return;
      }
      case 'ot': {
        const version = this.buckets
          .get(record.b)
          ?.objects.get(record.k)
          ?.find((v) => v.versionId === record.id);
        if (!version) return;
        if (record.tags === null) delete version.tags;
        else version.tags = record.tags;
        return;
      }
    }
  }

  snapshot(): unknown {
    const out: BucketSnapshot[] = [];
    for (const bucket of this.buckets.values()) {
      const { objects, sortedKeys: _sorted, ...rest } = bucket;
      out.push({ ...rest, objects: [...objects.entries()] });
    }
    return { buckets: out };
  }

  restore(state: unknown): void {
    this.buckets.clear();
    this.blobRefs.clear();
    const snapshot = state as { buckets?: BucketSnapshot[] };
    for (const bucket of snapshot.buckets ?? []) {
      const { objects, ...rest } = bucket;
      this.buckets.set(bucket.name, { ...rest, objects: new Map(objects) });
      for (const [, versions] of objects) for (const version of versions) this.ref(version);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Buckets

  bucket(name: string): BucketState | undefined {
    return this.buckets.get(name);
  }

  mustBucket(name: string): BucketState {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  listBuckets(): BucketState[] {
    return [...this.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createBucket(name: string, region: string, at: number): void {
    this.commit({ t: 'cb', name, region, at });
  }

  deleteBucket(name: string): void {
    const bucket = this.mustBucket(name);
    if (bucket.objects.size > 0) {
      const onlyCurrent = [...bucket.objects.values()].every((versions) => versions.length === 1);
      throw s3Error(
        'BucketNotEmpty',
        bucket.versioning && !onlyCurrent
          ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.'
          : 'The bucket you tried to delete is not empty',
        { BucketName: name },
      );
    }
    this.commit({ t: 'db', name });
  }

  updateSettings(name: string, patch: SettingsPatch): void {
    this.mustBucket(name);
    this.commit({ t: 'bs', name, s: patch });
  }

  // ---------------------------------------------------------------------------------------------
  // Objects

  /** Stores a new version (its `versionId` is decided here from the bucket's versioning state). */
  putObject(bucket: BucketState, key: string, version: Omit<ObjectVersion, 'versionId'>): ObjectVersion {
    const enabled = bucket.versioning === 'Enabled';
    const stored: ObjectVersion = { ...version, versionId: enabled ? newVersionId() : 'null' };
    this.commit({ t: 'pv', b: bucket.name, k: key, v: stored, n: !enabled });
    return stored;
  }

  versions(bucket: BucketState, key: string): ObjectVersion[] | undefined {
    return bucket.objects.get(key);
  }

  current(bucket: BucketState, key: string): ObjectVersion | undefined {
    return bucket.objects.get(key)?.[0];
  }

  findVersion(bucket: BucketState, key: string, versionId: string): ObjectVersion | undefined {
    return bucket.objects.get(key)?.find((v) => v.versionId === versionId);
  }

  /**
   * DeleteObject semantics: with a version id, that version goes for good; without one, an unversioned
   * bucket drops the object, a versioned bucket gets a delete marker (Enabled: a new id; Suspended: the
   * null version is replaced by a null delete marker).
   */
  deleteObject(
    bucket: BucketState,
    key: string,
    versionId: string | undefined,
    at: number,
  ): { deleteMarker: boolean; versionId: string | undefined } {
    if (versionId !== undefined) {
      const version = this.findVersion(bucket, key, versionId);
      if (!version) return { deleteMarker: false, versionId };
      this.commit({ t: 'dv', b: bucket.name, k: key, id: versionId });
      return { deleteMarker: version.deleteMarker === true, versionId };
    }
    if (!bucket.versioning) {
      if (bucket.objects.has(key)) this.commit({ t: 'dv', b: bucket.name, k: key, id: 'null' });
      return { deleteMarker: false, versionId: undefined };
    }
    const enabled = bucket.versioning === 'Enabled';
    const marker: ObjectVersion = {
      versionId: enabled ? newVersionId() : 'null',
      deleteMarker: true,
      lastModified: at,
    };
    this.commit({ t: 'pv', b: bucket.name, k: key, v: marker, n: !enabled });
    return { deleteMarker: true, versionId: marker.versionId };
  }

  setObjectTags(bucket: BucketState, key: string, versionId: string, tags: Tags | null): void {
    this.commit({ t: 'ot', b: bucket.name, k: key, id: versionId, tags });
  }

  readBody(version: ObjectVersion): Uint8Array {
    if (!version.blob || version.size === 0) return new Uint8Array(0);
    const data = this.store.getBlob(version.blob);
    if (!data) throw new Error(`s3: the body of a stored object is missing (${version.blob})`);
    return data;
  }

  // ---------------------------------------------------------------------------------------------
  // Listing

  private sortedKeys(bucket: BucketState): string[] {
    bucket.sortedKeys ??= [...bucket.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return bucket.sortedKeys;
  }

  /**
   * Lists keys (current, non-delete-marker versions) or every version, in key order, rolling keys that
   * contain the delimiter after the prefix into common prefixes. `after` is exclusive; when it is a
   * common prefix every key under it is skipped. `afterVersion` continues inside the `after` key.
   */
  list(
    bucket: BucketState,
    options: {
      prefix: string;
      delimiter: string | undefined;
      after: string | undefined;
      afterIsPrefix?: boolean;
      afterVersion?: string | undefined;
      max: number;
      versions: boolean;
    },
  ): ListResult {
    const { prefix, delimiter, after, max } = options;
    const items: ListItem[] = [];
    let truncated = false;
    let lastPrefix: string | undefined;
    const keys = this.sortedKeys(bucket);
    let start = 0;
    if (after !== undefined || prefix !== '') {
      // Binary search for the first key >= max(after, prefix).
      const from = after !== undefined && after > prefix ? after : prefix;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((keys[mid] as string) < from) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const skipUnder =
      after !== undefined &&
      (options.afterIsPrefix || (delimiter !== undefined && delimiter !== '' && after.endsWith(delimiter)))
        ? after
        : undefined;
    const push = (item: ListItem): boolean => {
      if (items.length >= max) {
        truncated = true;
        return false;
      }
      items.push(item);
      return true;
    };
    for (let i = start; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!key.startsWith(prefix)) {
        if (key > prefix) break;
        continue;
      }
      if (skipUnder !== undefined && key.startsWith(skipUnder) && key !== skipUnder) continue;
      const versions = bucket.objects.get(key) as ObjectVersion[];
      if (after !== undefined && key < after) continue;
      if (after !== undefined && key === after && (!options.versions || options.afterVersion === undefined))
        continue;
      if (delimiter) {
        const index = key.indexOf(delimiter, prefix.length);
        if (index >= 0) {
          const common = key.slice(0, index + delimiter.length);
          if (common === lastPrefix) continue;
          // ListObjects shows a prefix only when a live object is under it.
          if (!options.versions && versions[0]?.deleteMarker) continue;
          if (!push({ key: common, prefix: true })) break;
          lastPrefix = common;
          continue;
        }
      }
      if (!options.versions) {
        const current = versions[0];
        if (!current || current.deleteMarker) continue;
        if (!push({ key, version: current })) break;
        continue;
      }
      let list = versions;
      if (after !== undefined && key === after && options.afterVersion !== undefined) {
        const index = versions.findIndex((v) => v.versionId === options.afterVersion);
        list = index >= 0 ? versions.slice(index + 1) : [];
      }
      let stopped = false;
      for (const version of list) {
        if (!push({ key, version })) {
          stopped = true;
          break;
        }
      }
      if (stopped) break;
    }
    return { items, truncated };
  }
}
