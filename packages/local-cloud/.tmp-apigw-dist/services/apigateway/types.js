"use strict";
/**
 * API Gateway (REST APIs, v1) state, as plain JSON so it can be journaled and snapshotted as is.
 * Field names follow the API's own JSON (restJson1, camelCase) so the API layer returns them directly.
 */
Object.defineProperty(exports, "__esModule", { value: true });
