import {
  lambdaEvent,
  messageSize,
  type PublishedMessage,
  readMessageAttributes,
  readMessageStructure,
  sqsEnvelope,
  validateSubject,
} from '../src/services/sns/messages';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:payments';
const SUB = `${TOPIC}:0b9f3b2c-1111-2222-3333-444455556666`;

const base: PublishedMessage = {
  messageId: 'd88d4479-0000-4000-8000-000000000001',
  topicArn: TOPIC,
  message: '{"message": "hello world"}',
  perProtocol: {},
  attributes: {},
  timestamp: '2021-01-19T10:07:07.287Z',
  signatureVersion: '1',
};

describe('the SQS envelope (raw delivery off)', () => {
  it('has AWS key order, pretty-printing and omits absent Subject and MessageAttributes', () => {
    const text = sqsEnvelope(base, SUB, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('{');
    expect(lines[1]).toBe('  "Type" : "Notification",');
    expect(lines[2]).toBe(`  "MessageId" : "${base.messageId}",`);
    expect(lines[3]).toBe(`  "TopicArn" : "${TOPIC}",`);
    expect(lines[4]).toBe('  "Message" : "{\\"message\\": \\"hello world\\"}",');
    expect(lines.at(-1)).toBe('}');
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
    ]);
    expect(parsed.Timestamp).toBe(base.timestamp);
    expect(parsed.SignatureVersion).toBe('1');
    expect(Buffer.from(parsed.Signature, 'base64')).toHaveLength(256);
    expect(parsed.SigningCertURL).toMatch(
      /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/,
    );
    expect(parsed.UnsubscribeURL).toBe(
      `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${SUB}`,
    );
  });

  it('places Subject after TopicArn and MessageAttributes last, Binary base64 and String.Array as JSON text', () => {
    const text = sqsEnvelope(
      {
        ...base,
        subject: 'Hi',
        attributes: {
          attr1: { DataType: 'Number', StringValue: '111' },
          attr2: { DataType: 'Binary', BinaryValue: 'AgME' },
          list: { DataType: 'String.Array', StringValue: '["a",1]' },
        },
      },
      SUB,
      false,
    );
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed).slice(0, 5)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message']);
    expect(Object.keys(parsed).at(-1)).toBe('MessageAttributes');
    expect(parsed.MessageAttributes).toEqual({
      attr1: { Type: 'Number', Value: '111' },
      attr2: { Type: 'Binary', Value: 'AgME' },
      list: { Type: 'String.Array', Value: '["a",1]' },
    });
    expect(text).toContain('  "MessageAttributes" : {\n    "attr1" : {"Type":"Number","Value":"111"},');
  });

  it('uses the sqs entry of a MessageStructure=json message', () => {
    const parsed = JSON.parse(
      sqsEnvelope({ ...base, message: 'default', perProtocol: { sqs: 'for sqs' } }, SUB, false),
    );
    expect(parsed.Message).toBe('for sqs');
  });

  it('FIFO topics carry SequenceNumber and no signature fields', () => {
    const parsed = JSON.parse(sqsEnvelope({ ...base, sequenceNumber: '10000000000000003000' }, SUB, true));
    expect(Object.keys(parsed)).toEqual([
      'Type',
      'MessageId',
      'SequenceNumber',
      'TopicArn',
      'Message',
      'Timestamp',
      'UnsubscribeURL',
    ]);
  });
});

describe('the Lambda event', () => {
  it('has the SNS record shape with Url spellings, null Subject and {} attributes', () => {
    const event = JSON.parse(lambdaEvent(base, SUB));
    expect(event).toEqual({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: SUB,
          Sns: {
            Type: 'Notification',
            MessageId: base.messageId,
            TopicArn: TOPIC,
            Subject: null,
            Message: base.message,
            Timestamp: base.timestamp,
            SignatureVersion: '1',
            Signature: expect.any(String),
            SigningCertUrl: expect.stringMatching(
              /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-/,
            ),
            UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${SUB}`,
            MessageAttributes: {},
          },
        },
      ],
    });
    expect(Object.keys(event.Records[0].Sns)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertUrl',
      'UnsubscribeUrl',
      'MessageAttributes',
    ]);
  });

  it('carries the subject, attributes and the lambda entry of a json-structured message', () => {
    const event = JSON.parse(
      lambdaEvent(
        {
          ...base,
          subject: 'TestInvoke',
          perProtocol: { lambda: 'for lambda' },
          attributes: { Test: { DataType: 'String', StringValue: 'TestString' } },
        },
        SUB,
      ),
    );
    expect(event.Records[0].Sns.Subject).toBe('TestInvoke');
    expect(event.Records[0].Sns.Message).toBe('for lambda');
    expect(event.Records[0].Sns.MessageAttributes).toEqual({ Test: { Type: 'String', Value: 'TestString' } });
  });
});

describe('publish validation', () => {
  it('validates message attributes with AWS reasons', () => {
    expect(readMessageAttributes({ a: { DataType: 'String', StringValue: 'x' } })).toEqual({
      a: { DataType: 'String', StringValue: 'x' },
    });
    expect(() => readMessageAttributes({ a: { DataType: 'Float', StringValue: '1' } })).toThrow(
      "Invalid parameter: MessageAttributes Reason: The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    );
    expect(() => readMessageAttributes({ a: { DataType: 'String' } })).toThrow(
      "Invalid parameter: MessageAttributes Reason: The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    );
    expect(() => readMessageAttributes({ a: { DataType: 'Number', StringValue: 'abc' } })).toThrow(
      "Invalid parameter: MessageAttributes Reason: Could not cast message attribute 'a' value to number.",
    );
    expect(() => readMessageAttributes({ a: { DataType: 'String.Array', StringValue: 'x' } })).toThrow(
      /String\.Array/,
    );
    expect(() => readMessageAttributes({ 'AWS.x': { DataType: 'String', StringValue: 'x' } })).toThrow(
      /reserved prefix/,
    );
    expect(() => readMessageAttributes({ 'a b': { DataType: 'String', StringValue: 'x' } })).toThrow(
      /non-alphanumeric/,
    );
  });

  it('counts message and attribute bytes against the limit', () => {
    expect(messageSize('héllo', {})).toBe(6);
    expect(
      messageSize('x', {
        ab: { DataType: 'String', StringValue: 'xyz' },
        b: { DataType: 'Binary', BinaryValue: 'AQID' },
      }),
    ).toBe(1 + 2 + 6 + 3 + 1 + 6 + 3);
  });

  it('parses MessageStructure json', () => {
    expect(readMessageStructure('{"default":"d","sqs":"s"}', 'json')).toEqual({
      message: 'd',
      perProtocol: { sqs: 's' },
    });
    expect(() => readMessageStructure('{"sqs":"s"}', 'json')).toThrow(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
    expect(() => readMessageStructure('nope', 'json')).toThrow(
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
  });

  it('validates subjects', () => {
    expect(() => validateSubject('fine subject')).not.toThrow();
    expect(() => validateSubject('two\nlines')).toThrow('Invalid parameter: Subject');
    expect(() => validateSubject('x'.repeat(101))).toThrow('Invalid parameter: Subject');
  });
});
