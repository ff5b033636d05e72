"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RestRouter = void 0;
/** Matches `METHOD /path` against `{Param}` / `{Param+}` templates; parameters are URL-decoded. */
class RestRouter {
    compiled = [];
    add(route) {
        const names = [];
        const pattern = route.path
            .split('/')
            .map((segment) => {
            const match = /^\{(\w+)(\+?)\}$/.exec(segment);
            if (!match)
                return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(match[1]);
            return match[2] ? '(.+)' : '([^/]+)';
        })
            .join('/');
        this.compiled.push({ route, regex: new RegExp(`^${pattern}/?$`), names });
    }
    /** The route for this request, or `methodMismatch` when only the path matched. */
    match(method, path) {
        let pathMatched = false;
        for (const { route, regex, names } of this.compiled) {
            const match = regex.exec(path);
            if (!match)
                continue;
            pathMatched = true;
            if (route.method !== method)
                continue;
            const params = {};
            names.forEach((name, index) => {
                params[name] = decodeURIComponent(match[index + 1]);
            });
            return { route, params };
        }
        return pathMatched ? { methodMismatch: true } : undefined;
    }
}
exports.RestRouter = RestRouter;
