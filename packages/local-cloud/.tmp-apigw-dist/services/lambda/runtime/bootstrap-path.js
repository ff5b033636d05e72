"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bootstrapPath = bootstrapPath;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
let cached;
/**
 * The bootstrap script to fork. From the built package it is `bootstrap.js` beside this file. When the
 * package runs from TypeScript sources (jest through SWC), the bootstrap is transpiled once with the
 * TypeScript compiler into the OS temp dir, keyed by its content.
 */
function bootstrapPath() {
    if (cached)
        return cached;
    const compiled = (0, node_path_1.join)(__dirname, 'bootstrap.js');
    if ((0, node_fs_1.existsSync)(compiled)) {
        cached = compiled;
        return cached;
    }
    const source = (0, node_fs_1.readFileSync)((0, node_path_1.join)(__dirname, 'bootstrap.ts'), 'utf8');
    const hash = (0, node_crypto_1.createHash)('sha256').update(source).digest('hex').slice(0, 16);
    const dir = (0, node_path_1.join)((0, node_os_1.tmpdir)(), 'local-cloud-bootstrap');
    const out = (0, node_path_1.join)(dir, `bootstrap-${hash}.js`);
    if (!(0, node_fs_1.existsSync)(out)) {
        // Development only: typescript is a devDependency of the workspace.
        const ts = require('typescript');
        const result = ts.transpileModule(source, {
            fileName: 'bootstrap.cts',
            compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        (0, node_fs_1.mkdirSync)(dir, { recursive: true });
        const tmp = `${out}.${process.pid}.tmp`;
        (0, node_fs_1.writeFileSync)(tmp, result.outputText);
        (0, node_fs_1.renameSync)(tmp, out);
    }
    cached = out;
    return cached;
}
