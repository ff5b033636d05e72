"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CodeCache = void 0;
exports.inspectZip = inspectZip;
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const fflate_1 = require("fflate");
/** A zip entry name that would escape the task root (absolute, `..`) is refused. */
function safeEntryPath(root, name) {
    const normalized = (0, node_path_1.normalize)(name).replace(/^([/\\])+/, '');
    if (normalized.startsWith('..') || normalized.includes(`${node_path_1.sep}..${node_path_1.sep}`) || normalized === '..')
        return undefined;
    return (0, node_path_1.join)(root, normalized);
}
/** Unzips a deployment package and reports what it holds (for CreateFunction validation). */
function inspectZip(zip) {
    const files = (0, fflate_1.unzipSync)(zip);
    let unzippedBytes = 0;
    for (const data of Object.values(files))
        unzippedBytes += data.byteLength;
    return { files, unzippedBytes };
}
/**
 * Unpacked function code, one directory per code hash (`LAMBDA_TASK_ROOT`). Unpacking happens once per
 * CodeSha256 and is atomic (temp dir + rename), so concurrent cold starts and restarts share it.
 */
class CodeCache {
    root;
    ready = new Map();
    owned;
    envRoot;
    constructor(scratchDir) {
        if (scratchDir) {
            this.root = scratchDir;
            this.owned = false;
        }
        else {
            this.root = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'local-cloud-code-'));
            this.owned = true;
        }
        (0, node_fs_1.mkdirSync)(this.root, { recursive: true });
    }
    /** The task root for this code, unpacking it on first use. `key` is a filesystem-safe hash. */
    taskRoot(key, loadZip) {
        const known = this.ready.get(key);
        if (known)
            return known;
        const dir = (0, node_path_1.join)(this.root, key);
        if (!(0, node_fs_1.existsSync)(dir)) {
            const zip = loadZip();
            if (!zip)
                throw new Error(`local-cloud: the code blob ${key} is missing from the store`);
            const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
            (0, node_fs_1.mkdirSync)(tmp, { recursive: true });
            const files = (0, fflate_1.unzipSync)(zip);
            for (const [name, data] of Object.entries(files)) {
                const target = safeEntryPath(tmp, name);
                if (!target)
                    continue;
                if (name.endsWith('/')) {
                    (0, node_fs_1.mkdirSync)(target, { recursive: true });
                    continue;
                }
                (0, node_fs_1.mkdirSync)((0, node_path_1.dirname)(target), { recursive: true });
                (0, node_fs_1.writeFileSync)(target, data);
            }
            try {
                (0, node_fs_1.renameSync)(tmp, dir);
            }
            catch {
                // Another process or a concurrent call won the race: use theirs.
                (0, node_fs_1.rmSync)(tmp, { recursive: true, force: true });
            }
        }
        this.ready.set(key, dir);
        return dir;
    }
    /** A private temp dir for one environment (TMPDIR, HOME), removed with it. */
    environmentDir(id) {
        this.envRoot ??= (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'local-cloud-env-'));
        const dir = (0, node_path_1.join)(this.envRoot, id);
        (0, node_fs_1.mkdirSync)(dir, { recursive: true });
        return dir;
    }
    removeEnvironmentDir(dir) {
        (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
    }
    close() {
        if (this.owned)
            (0, node_fs_1.rmSync)(this.root, { recursive: true, force: true });
        if (this.envRoot)
            (0, node_fs_1.rmSync)(this.envRoot, { recursive: true, force: true });
    }
}
exports.CodeCache = CodeCache;
