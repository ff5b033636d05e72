"use strict";
/**
 * Messages between the server (parent) and an execution environment (a forked `bootstrap` process),
 * carried over the Node IPC channel. Types only: the bootstrap imports them with `import type`, so it
 * stays a self-contained file that only needs Node built-ins.
 */
Object.defineProperty(exports, "__esModule", { value: true });
