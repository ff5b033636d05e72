/**
 * Flow 5 — echo with retries and a DLQ (seeds/004): a failing invoke is retried (3 attempts) and lands on
 * the DLQ; the role allows exactly sqs:SendMessage on that DLQ plus writing its own logs (the seed's
 * AmazonSQSFullAccess is not there).
 */
import { createHash } from 'node:crypto';
import {
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { EchoEventSchema } from '@lambda-chain/contracts/demo-events';
import { parseDlqMessage } from '@lambda-chain/contracts/dlq';
import { parseWith } from '@lambda-chain/contracts/validation';
import { invokeAsync, invokeSync } from '../../src/invoke';
import { functionLogGroup, waitForLogEvents } from '../../src/logs';
import { QueueCollector } from '../../src/queue-collector';
import { integrationContext } from './support/context';

const ctx = integrationContext();
const { lambda, iam } = ctx.clients;
const functionName = ctx.outputs.get('echoFunctionName');
const roleName = ctx.outputs.get('echoRoleName');
const dlqUrl = ctx.outputs.get('echoDlqUrl');
const startTime = Date.now() - 60_000;
const RETRIES = ctx.deadlineFor(180_000);

const dlq = new QueueCollector<string>(ctx.clients.sqs, dlqUrl, {
  parse: (body) => body,
  keyOf: (_body, message) => message.messageAttributes.RequestID?.StringValue,
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
  NotAction?: unknown;
  NotResource?: unknown;
}

/** `Allow action on resource` pairs of a policy document (URL-decoded first, as IAM returns it). */
function grants(document: string): string[] {
  const text = document.trimStart().startsWith('%') ? decodeURIComponent(document) : document;
  const policy = JSON.parse(text) as { Statement: Statement | Statement[] };
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const out: string[] = [];
  for (const s of statements) {
    expect({ Effect: s.Effect, NotAction: s.NotAction, NotResource: s.NotResource }).toEqual({
      Effect: 'Allow',
      NotAction: undefined,
      NotResource: undefined,
    });
    for (const action of [s.Action].flat())
      for (const resource of [s.Resource].flat()) out.push(`${action} ${resource}`);
  }
  return out.sort();
}

describe('echo with retries and a DLQ', () => {
  it('echoes key1 (sync)', async () => {
    const event = { key1: 'value1', key2: 'value2', key3: 'value3' };
    parseWith(EchoEventSchema, event, 'echo event');
    const result = await invokeSync(lambda, functionName, event);
    expect({
      statusCode: result.statusCode,
      functionError: result.functionError,
      payload: result.payload,
    }).toEqual({
      statusCode: 200,
      functionError: undefined,
      payload: 'value1',
    });
  });

  it(
    'a failing event (missing key3) is retried 3 times with one request id and lands on its DLQ',
    async () => {
      const sent = `{"key1": "value1", "key2": "value2", "run": "${ctx.runId}"}`;
      const invoke = await invokeAsync(lambda, functionName, sent);
      expect(invoke.statusCode).toBe(202);
      const message = await dlq.waitFor(invoke.requestId, RETRIES);
      const errorMessage = 'Invalid echo event: key3: required (expected string)';
      expect({ body: message.body, md5: message.md5OfBody, attributes: message.messageAttributes }).toEqual({
        body: sent,
        md5: createHash('md5').update(sent, 'utf8').digest('hex'),
        attributes: {
          RequestID: { DataType: 'String', StringValue: invoke.requestId },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: errorMessage },
        },
      });
      expect(parseDlqMessage({ Body: message.body, MessageAttributes: message.messageAttributes })).toEqual({
        body: sent,
        payload: { key1: 'value1', key2: 'value2', run: ctx.runId },
        requestId: invoke.requestId,
        errorCode: 200,
        errorMessage,
      });
      const starts = await waitForLogEvents(ctx.clients.logs, {
        logGroupName: functionLogGroup(functionName),
        filterPattern: `"START RequestId: ${invoke.requestId}"`,
        startTime,
        atLeast: 3,
        timeoutMs: ctx.deadlineFor(0),
      });
      expect(starts).toHaveLength(3);
    },
    RETRIES + 60_000,
  );

  it('its role allows nothing but sqs:SendMessage on its DLQ and writing its own log streams', async () => {
    const [attached, inline, queue, fn] = await Promise.all([
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })),
      iam.send(new ListRolePoliciesCommand({ RoleName: roleName })),
      ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] })),
      lambda.send(new GetFunctionCommand({ FunctionName: functionName })),
    ]);
    // No managed policy at all (not AmazonSQSFullAccess, not even AWSLambdaBasicExecutionRole).
    expect(attached.AttachedPolicies ?? []).toEqual([]);
    expect(fn.Configuration?.Role).toMatch(new RegExp(`:role/${roleName}$`));
    const dlqArn = queue.Attributes?.QueueArn as string;
    const [, partition, , region, account] = String(fn.Configuration?.FunctionArn).split(':');
    const logGroupName = fn.Configuration?.LoggingConfig?.LogGroup ?? functionLogGroup(functionName);
    const logGroupArn = `arn:${partition}:logs:${region}:${account}:log-group:${logGroupName}`;

    const all: string[] = [];
    for (const policyName of inline.PolicyNames ?? []) {
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
      all.push(...grants(policy.PolicyDocument as string));
    }
    expect(all).toEqual(
      [
        `sqs:SendMessage ${dlqArn}`,
        `logs:CreateLogStream ${logGroupArn}:*`,
        `logs:PutLogEvents ${logGroupArn}:*`,
      ].sort(),
    );
    // The DLQ is the function's dead-letter target.
    expect(fn.Configuration?.DeadLetterConfig?.TargetArn).toBe(dlqArn);
  });
});
