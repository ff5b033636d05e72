import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

export interface AsyncInvoke {
  statusCode: number | undefined;
  /** `x-amzn-RequestId`: the request id of the invocation, the same on every retry and in the record. */
  requestId: string;
  /** Bytes of the response body (0 for an Event invoke). */
  payloadBytes: number;
  functionError: string | undefined;
  executedVersion: string | undefined;
  /** Wall-clock ms when the 202 came back. */
  acceptedAt: number;
}

function bytesOf(payload: string | object): Uint8Array {
  return Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
}

/** `InvocationType: 'Event'` with the payload's exact bytes (a string is sent as is). */
export async function invokeAsync(
  lambda: Pick<LambdaClient, 'send'>,
  functionName: string,
  payload: string | object,
): Promise<AsyncInvoke> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: bytesOf(payload) }),
  );
  return {
    statusCode: out.StatusCode,
    requestId: out.$metadata.requestId ?? '',
    payloadBytes: out.Payload?.length ?? 0,
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    acceptedAt: Date.now(),
  };
}

export interface SyncInvoke {
  statusCode: number | undefined;
  requestId: string;
  functionError: string | undefined;
  executedVersion: string | undefined;
  /** The response body, as text. */
  payloadText: string;
  /** The response body, parsed (undefined when empty). */
  payload: unknown;
}

/** `InvocationType: 'RequestResponse'` (the default). */
export async function invokeSync(
  lambda: Pick<LambdaClient, 'send'>,
  functionName: string,
  payload: string | object,
): Promise<SyncInvoke> {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: bytesOf(payload),
    }),
  );
  const payloadText = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
  return {
    statusCode: out.StatusCode,
    requestId: out.$metadata.requestId ?? '',
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    payloadText,
    payload: payloadText === '' ? undefined : JSON.parse(payloadText),
  };
}
