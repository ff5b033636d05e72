/**
 * Flow 3 — a simple function with a dead-letter queue (seeds/002): sync vs async responses, the same request
 * id on every retry in the logs, and the original payload, byte for byte, on the DLQ with its attributes.
 */
import { createHash } from 'node:crypto';
import { SimpleFunctionBodySchema, SimpleFunctionResponseSchema } from '@lambda-chain/contracts/demo-events';
import { parseDlqMessage } from '@lambda-chain/contracts/dlq';
import { NodeErrorPayloadSchema } from '@lambda-chain/contracts/invocation-record';
import { parseWith } from '@lambda-chain/contracts/validation';
import { invokeAsync, invokeSync } from '../../src/invoke';
import { functionLogGroup, waitForLogEvents } from '../../src/logs';
import { QueueCollector } from '../../src/queue-collector';
import { integrationContext } from './support/context';

const ctx = integrationContext();
const { lambda } = ctx.clients;
const functionName = ctx.outputs.get('simpleFunctionName');
const startTime = Date.now() - 60_000;
const RETRIES = ctx.deadlineFor(180_000);
const EMPTY_NAME_ERROR = 'Invalid simple-function event: name: must not be empty';
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

// DLQ messages are keyed by their RequestID attribute (the async invocation's request id).
const dlq = new QueueCollector<string>(ctx.clients.sqs, ctx.outputs.get('simpleDlqUrl'), {
  parse: (body) => body,
  keyOf: (_body, message) => message.messageAttributes.RequestID?.StringValue,
});

describe('simple function with a dead-letter queue', () => {
  it('sync, success: 200 with the greeting', async () => {
    const result = await invokeSync(lambda, functionName, '{"from": "sync", "name": "chucks" }');
    expect({
      statusCode: result.statusCode,
      functionError: result.functionError,
      executedVersion: result.executedVersion,
    }).toEqual({
      statusCode: 200,
      functionError: undefined,
      executedVersion: '$LATEST',
    });
    const response = parseWith(SimpleFunctionResponseSchema, result.payload, 'sync response');
    expect(parseWith(SimpleFunctionBodySchema, JSON.parse(response.body), 'response body')).toEqual({
      message: 'Hello, chucks!',
      name: 'chucks',
      from: 'sync',
    });
  });

  it('sync, failure: still 200, with X-Amz-Function-Error: Unhandled and the error payload', async () => {
    const result = await invokeSync(lambda, functionName, '{"from": "sync", "name": "" }');
    expect({
      statusCode: result.statusCode,
      functionError: result.functionError,
      executedVersion: result.executedVersion,
    }).toEqual({
      statusCode: 200,
      functionError: 'Unhandled',
      executedVersion: '$LATEST',
    });
    expect(parseWith(NodeErrorPayloadSchema, result.payload, 'sync error payload')).toEqual({
      errorType: 'ContractValidationError',
      errorMessage: EMPTY_NAME_ERROR,
      trace: expect.arrayContaining([expect.stringContaining('ContractValidationError')]),
    });
  });

  it(
    'async: 202 and an empty body, success or not',
    async () => {
      const ok = await invokeAsync(lambda, functionName, '{"from": "async", "name": "chucks" }');
      const failing = await invokeAsync(
        lambda,
        functionName,
        `{"from": "async", "name": "", "case": "${ctx.runId}-202"}`,
      );
      for (const result of [ok, failing]) {
        expect({
          statusCode: result.statusCode,
          payloadBytes: result.payloadBytes,
          functionError: result.functionError,
          executedVersion: result.executedVersion,
        }).toEqual({
          statusCode: 202,
          payloadBytes: 0,
          functionError: undefined,
          executedVersion: undefined,
        });
      }
      // The failing one is retried and dead-lettered like any other (drained here so the next test's queue is clean).
      await dlq.waitFor(failing.requestId, RETRIES);
    },
    RETRIES + 30_000,
  );

  it(
    'a failing async event is retried (same request id in the logs, 3 times) and lands byte for byte on the DLQ',
    async () => {
      // Unusual spacing on purpose: the DLQ body must be these exact bytes, not a re-serialization.
      const sent = `{"name": "",  "from":"async",   "case":"${ctx.runId}-dlq" }`;
      const invoke = await invokeAsync(lambda, functionName, sent);
      expect(invoke.statusCode).toBe(202);
      const message = await dlq.waitFor(invoke.requestId, RETRIES);

      expect(message.body).toBe(sent);
      expect(Buffer.from(message.body, 'utf8').equals(Buffer.from(sent, 'utf8'))).toBe(true);
      expect(message.md5OfBody).toBe(md5(sent));
      expect(message.messageAttributes).toEqual({
        RequestID: { DataType: 'String', StringValue: invoke.requestId },
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: { DataType: 'String', StringValue: EMPTY_NAME_ERROR },
      });
      const letter = parseDlqMessage({
        Body: message.body,
        MD5OfBody: message.md5OfBody,
        MessageAttributes: message.messageAttributes,
      });
      expect(letter).toEqual({
        body: sent,
        payload: { name: '', from: 'async', case: `${ctx.runId}-dlq` },
        requestId: invoke.requestId,
        errorCode: 200,
        errorMessage: EMPTY_NAME_ERROR,
      });
      expect(dlq.seen(invoke.requestId)).toHaveLength(1);

      // Three attempts, one request id: three START lines with it (and the same Version).
      const starts = await waitForLogEvents(ctx.clients.logs, {
        logGroupName: functionLogGroup(functionName),
        filterPattern: `"START RequestId: ${invoke.requestId}"`,
        startTime,
        atLeast: 3,
        timeoutMs: ctx.deadlineFor(0),
      });
      expect(starts.map((e) => e.message?.trimEnd())).toEqual(
        Array(3).fill(`START RequestId: ${invoke.requestId} Version: $LATEST`),
      );
      const ends = await waitForLogEvents(ctx.clients.logs, {
        logGroupName: functionLogGroup(functionName),
        filterPattern: `"END RequestId: ${invoke.requestId}"`,
        startTime,
        atLeast: 3,
        timeoutMs: ctx.deadlineFor(0),
      });
      expect(ends).toHaveLength(3);
    },
    RETRIES + 60_000,
  );
});
