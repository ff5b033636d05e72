import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { type Harness, startHarness } from './lambda-async-harness';

/**
 * Put / Update / Get / Delete / List FunctionEventInvokeConfig against the recorded AWS behaviour
 * (reference/aws-async-semantics.md §3, LS `test_lambda_eventinvokeconfig_*`).
 */

let h: Harness;
let role: string;
let weakRole: string;
let queueArn: string;
const ARN = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

beforeAll(async () => {
  h = await startHarness();
  role = await h.role('config-role', ['sqs:SendMessage', 'lambda:InvokeFunction', 'events:PutEvents']);
  weakRole = await h.role('config-weak-role', []);
  queueArn = (await h.queue('config-dest')).arn;
  h.engine.add('cfg', () => null, { role });
  h.engine.add('other', () => null, { role });
  h.engine.add('weak', () => null, { role: weakRole });
});

afterAll(async () => {
  await h.stop();
});

async function rejection(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const err = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('PutFunctionEventInvokeConfig / Get / Update / Delete', () => {
  afterEach(async () => {
    await h.lambda
      .send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'cfg' }))
      .catch(() => undefined);
  });

  it('returns the qualified FunctionArn, epoch-seconds LastModified and {} for unset destinations', async () => {
    const before = Date.now() / 1000;
    const put = await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', MaximumRetryAttempts: 1 }),
    );
    expect(put.FunctionArn).toBe(`${ARN('cfg')}:$LATEST`);
    expect(put.MaximumRetryAttempts).toBe(1);
    expect(put.MaximumEventAgeInSeconds).toBeUndefined();
    expect(put.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} });
    expect(put.LastModified).toBeInstanceOf(Date);
    expect((put.LastModified as Date).getTime() / 1000).toBeGreaterThanOrEqual(Math.floor(before));

    // On the wire: LastModified is a number (epoch seconds), destinations `{}`.
    const raw = await fetch(`${h.endpoint}/2019-09-25/functions/cfg/event-invoke-config`);
    const body = (await raw.json()) as Record<string, unknown>;
    expect(typeof body.LastModified).toBe('number');
    expect(body).toEqual({
      LastModified: expect.any(Number),
      FunctionArn: `${ARN('cfg')}:$LATEST`,
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnSuccess: {}, OnFailure: {} },
    });
  });

  it('Put replaces the whole config: omitted settings are removed', async () => {
    await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'cfg',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: queueArn } },
      }),
    );
    await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', MaximumRetryAttempts: 0 }),
    );
    const got = await h.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'cfg' }));
    expect(got.MaximumRetryAttempts).toBe(0);
    expect(got.MaximumEventAgeInSeconds).toBeUndefined();
    expect(got.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} });
  });

  it('Update merges into the existing config', async () => {
    await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'cfg',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: queueArn } },
      }),
    );
    const updated = await h.lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', MaximumRetryAttempts: 0 }),
    );
    expect(updated.MaximumRetryAttempts).toBe(0);
    expect(updated.MaximumEventAgeInSeconds).toBe(60);
    expect(updated.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: { Destination: queueArn } });
    const got = await h.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'cfg' }));
    expect(got.MaximumRetryAttempts).toBe(0);
    expect(got.MaximumEventAgeInSeconds).toBe(60);
  });

  it('Update, Get and Delete answer 404 when there is no config; Delete answers 204', async () => {
    const message = `The function ${ARN('cfg')}:$LATEST doesn't have an EventInvokeConfig`;
    expect(
      await rejection(
        h.lambda.send(
          new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', MaximumRetryAttempts: 0 }),
        ),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message,
      status: 404,
    });
    expect(
      await rejection(h.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'cfg' }))),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message,
      status: 404,
    });
    expect(
      await rejection(h.lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'cfg' }))),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message,
      status: 404,
    });
    expect(
      await rejection(
        h.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' })),
      ),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `The function ${ARN('doesnotexist')}:$LATEST doesn't have an EventInvokeConfig`,
    });
    await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', MaximumRetryAttempts: 1 }),
    );
    const deleted = await h.lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'cfg' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });

  it('accepts the function as ARN, partial ARN and name:$LATEST', async () => {
    for (const name of [ARN('cfg'), '000000000000:function:cfg', 'cfg:$LATEST']) {
      const put = await h.lambda.send(
        new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 1 }),
      );
      expect(put.FunctionArn).toBe(`${ARN('cfg')}:$LATEST`);
    }
  });

  it('lists the configs of a function', async () => {
    await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', MaximumEventAgeInSeconds: 120 }),
    );
    const listed = await h.lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'cfg' }));
    expect(listed.FunctionEventInvokeConfigs).toHaveLength(1);
    expect(listed.FunctionEventInvokeConfigs?.[0]).toMatchObject({
      FunctionArn: `${ARN('cfg')}:$LATEST`,
      MaximumEventAgeInSeconds: 120,
    });
    expect(listed.NextMarker).toBeUndefined();
    expect(
      await rejection(
        h.lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'doesnotexist' })),
      ),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "The function doesn't exist.",
    });
  });
});

describe('validation, with AWS messages', () => {
  const put = (input: Record<string, unknown>) =>
    rejection(h.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'cfg', ...input })));

  it('requires at least one setting', async () => {
    expect(await put({})).toEqual({
      name: 'InvalidParameterValueException',
      message: 'You must specify at least one of error handling or destination setting.',
      status: 400,
    });
    // Checked before the function's existence (recorded `put_functionname_nootherargs`).
    expect(
      await rejection(
        h.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' })),
      ),
    ).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('404s for a missing function or qualifier', async () => {
    for (const input of [
      { FunctionName: 'doesnotexist' },
      { FunctionName: ARN('doesnotexist') },
      { FunctionName: 'cfg', Qualifier: 'nope' },
    ]) {
      expect(
        await rejection(
          h.lambda.send(new PutFunctionEventInvokeConfigCommand({ ...input, MaximumRetryAttempts: 1 })),
        ),
      ).toEqual({ name: 'ResourceNotFoundException', message: "The function doesn't exist.", status: 404 });
    }
  });

  it('rejects a qualifier that contradicts the one in the name', async () => {
    expect(
      await rejection(
        h.lambda.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'cfg:$LATEST',
            Qualifier: '1',
            MaximumRetryAttempts: 1,
          }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
      status: 400,
    });
  });

  it('checks the ranges: retries 0-2, age 60-21600', async () => {
    expect(await put({ MaximumRetryAttempts: 3 })).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
      status: 400,
    });
    expect(await put({ MaximumEventAgeInSeconds: 59 })).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    });
    expect(await put({ MaximumEventAgeInSeconds: 21601 })).toMatchObject({ name: 'ValidationException' });
  });

  it('rejects the function as its own destination', async () => {
    expect(await put({ DestinationConfig: { OnSuccess: { Destination: ARN('cfg') } } })).toEqual({
      name: 'InvalidParameterValueException',
      message: "You can't specify the function as a destination for itself.",
      status: 400,
    });
  });

  it('rejects a destination function that does not exist', async () => {
    expect(await put({ DestinationConfig: { OnSuccess: { Destination: ARN('doesnotexist') } } })).toEqual({
      name: 'InvalidParameterValueException',
      message: `The destination ARN ${ARN('doesnotexist')} is invalid.`,
      status: 400,
    });
  });

  it('rejects an unsupported destination service', async () => {
    const iamArn = ARN('cfg').replace(':lambda:', ':iam:');
    expect(await put({ DestinationConfig: { OnSuccess: { Destination: iamArn } } })).toEqual({
      name: 'InvalidParameterValueException',
      message: `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${iamArn}), onFailure=null) is invalid.`,
      status: 400,
    });
  });

  it('rejects a destination that is not an ARN', async () => {
    const bad = ARN('other').replace(':lambda:', ':_-/!lambda:');
    const error = await put({ DestinationConfig: { OnFailure: { Destination: bad } } });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(
      new RegExp(
        `^1 validation error detected: Value '${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' at 'destinationConfig\\.onFailure\\.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: `,
      ),
    );
  });

  it("checks the execution role's permission on each destination at configuration time", async () => {
    const weak = (destination: string) =>
      rejection(
        h.lambda.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'weak',
            DestinationConfig: { OnFailure: { Destination: destination } },
          }),
        ),
      );
    expect(await weak(queueArn)).toEqual({
      name: 'InvalidParameterValueException',
      message: `The function's execution role does not have permissions to call SendMessage on ${queueArn}`,
      status: 400,
    });
    expect(await weak(ARN('other'))).toMatchObject({
      message: `The function's execution role does not have permissions to call InvokeFunction on ${ARN('other')}`,
    });
    const bus = 'arn:aws:events:us-east-1:000000000000:event-bus/default';
    expect(await weak(bus)).toMatchObject({
      message: `The function's execution role does not have permissions to call PutEvents on ${bus}`,
    });
    // The allowed role passes.
    const ok = await h.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'cfg',
        DestinationConfig: { OnFailure: { Destination: bus } },
      }),
    );
    expect(ok.DestinationConfig?.OnFailure?.Destination).toBe(bus);
  });

  it('refuses S3 on-failure destinations loudly (no S3 in the local cloud)', async () => {
    expect(
      await put({ DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::bucket' } } }),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('not emulated'),
    });
  });
});

describe('durability', () => {
  it('keeps configs across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lc-eic-'));
    try {
      const first = await startHarness({ dataDir });
      const r = await first.role('r', ['sqs:SendMessage']);
      const q = await first.queue('q');
      first.engine.add('kept', () => null, { role: r });
      await first.lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'kept',
          MaximumEventAgeInSeconds: 300,
          DestinationConfig: { OnSuccess: { Destination: q.arn } },
        }),
      );
      await first.stop();
      const second = await startHarness({ dataDir }, (engine) => engine.add('kept', () => null, { role: r }));
      try {
        const got = await second.lambda.send(
          new GetFunctionEventInvokeConfigCommand({ FunctionName: 'kept' }),
        );
        expect(got.MaximumEventAgeInSeconds).toBe(300);
        expect(got.DestinationConfig?.OnSuccess?.Destination).toBe(q.arn);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
