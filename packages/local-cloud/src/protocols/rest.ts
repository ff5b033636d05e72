import { AwsError } from '../core/errors';
import type { RestRoute } from '../core/service';

interface CompiledRoute {
  route: RestRoute;
  regex: RegExp;
  names: string[];
}

/** Matches `METHOD /path` against `{Param}` / `{Param+}` templates; parameters are URL-decoded. */
export class RestRouter {
  private readonly compiled: CompiledRoute[] = [];

  add(route: RestRoute): void {
    const names: string[] = [];
    const pattern = route.path
      .split('/')
      .map((segment) => {
        const match = /^\{(\w+)(\+?)\}$/.exec(segment);
        if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(match[1] as string);
        return match[2] ? '(.+)' : '([^/]+)';
      })
      .join('/');
    this.compiled.push({ route, regex: new RegExp(`^${pattern}/?$`), names });
  }

  /** The route for this request, or `methodMismatch` when only the path matched. */
  match(
    method: string,
    path: string,
  ): { route: RestRoute; params: Record<string, string> } | { methodMismatch: true } | undefined {
    let pathMatched = false;
    for (const { route, regex, names } of this.compiled) {
      const match = regex.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [index, name] of names.entries()) {
        const raw = match[index + 1] as string;
        try {
          params[name] = raw.includes('%') ? decodeURIComponent(raw) : raw;
        } catch {
          throw new AwsError(
            'ValidationException',
            `The request path has malformed percent-encoding in ${name}: ${raw.slice(0, 200)}`,
            400,
          );
        }
      }
      return { route, params };
    }
    return pathMatched ? { methodMismatch: true } : undefined;
  }
}
