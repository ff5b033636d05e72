import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

/** A function's log group (the default Lambda one). */
export function functionLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Every event of a log group matching `filterPattern` since `startTime` (all pages). */
export async function filterLogEvents(
  logs: Pick<CloudWatchLogsClient, 'send'>,
  input: { logGroupName: string; filterPattern?: string; startTime?: number },
): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: input.logGroupName,
        ...(input.filterPattern ? { filterPattern: input.filterPattern } : {}),
        ...(input.startTime !== undefined ? { startTime: input.startTime } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export interface WaitForLogsOptions {
  logGroupName: string;
  filterPattern?: string;
  startTime?: number;
  /** Only events this accepts count. */
  where?: (event: FilteredLogEvent) => boolean;
  /** How many matching events to wait for (default 1). */
  atLeast?: number;
  timeoutMs: number;
  /** Called before each query (the local target settles the cloud here). */
  beforeQuery?: () => Promise<void>;
}

/**
 * Queries the log group until `atLeast` events match or the deadline passes (CloudWatch Logs has no long
 * poll: the queries back off from 100 ms to 2 s). Resolves with the matching events; rejects at the
 * deadline with what WAS found.
 */
export async function waitForLogEvents(
  logs: Pick<CloudWatchLogsClient, 'send'>,
  options: WaitForLogsOptions,
): Promise<FilteredLogEvent[]> {
  const deadline = Date.now() + options.timeoutMs;
  const atLeast = options.atLeast ?? 1;
  let pause = 100;
  let found: FilteredLogEvent[] = [];
  let lastError: unknown;
  for (;;) {
    try {
      await options.beforeQuery?.();
      const events = await filterLogEvents(logs, options);
      found = options.where ? events.filter(options.where) : events;
      lastError = undefined;
      if (found.length >= atLeast) return found;
    } catch (error) {
      // The log group may not exist yet (a function that never ran): keep trying until the deadline.
      lastError = error;
    }
    if (Date.now() + pause > deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${atLeast} log event(s) in ${options.logGroupName}` +
          `${options.filterPattern ? ` matching ${options.filterPattern}` : ''}: found ${found.length}` +
          `${found.length > 0 ? `:\n${found.map((e) => e.message).join('\n')}` : ''}` +
          `${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(2000, pause * 2);
  }
}

export interface AppLogLine {
  timestamp: string;
  requestId: string;
  level: string;
  /** The JSON object the handler logged (`logJson`). */
  json: Record<string, unknown>;
}

/**
 * A Node.js runtime application line `<ISO>\t<requestId>\t<LEVEL>\t<message>` whose message is one JSON
 * object; undefined for anything else (START/END/REPORT, plain text).
 */
export function parseAppLogLine(message: string | undefined): AppLogLine | undefined {
  if (!message) return undefined;
  const parts = message.split('\t');
  if (parts.length < 4) return undefined;
  const [timestamp, requestId, level, ...rest] = parts as [string, string, string, ...string[]];
  const text = rest.join('\t').trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return { timestamp, requestId, level, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
