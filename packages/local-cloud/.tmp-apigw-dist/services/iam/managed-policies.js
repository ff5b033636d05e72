"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.awsManagedPolicyArn = exports.AWS_MANAGED_POLICIES = void 0;
const doc = (statement) => JSON.stringify({ Version: '2012-10-17', Statement: statement }, null, 2);
exports.AWS_MANAGED_POLICIES = [
    {
        // Confirmed: aws-managed-policy reference page (v1, created and edited 2015-04-09 15:03 UTC).
        name: 'AWSLambdaBasicExecutionRole',
        path: '/service-role/',
        policyId: 'ANPAJNCQGXC42545SKXIK',
        description: 'Provides write permissions to CloudWatch Logs.',
        createDate: '2015-04-09T15:03:43Z',
        updateDate: '2015-04-09T15:03:43Z',
        defaultVersionId: 'v1',
        document: doc([
            {
                Effect: 'Allow',
                Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: '*',
            },
        ]),
    },
    {
        // The statement is AWS's published document; the id and the dates are [UNCONFIRMED] (from memory).
        name: 'AWSLambdaSQSQueueExecutionRole',
        path: '/service-role/',
        policyId: 'ANPAJFWJZI6JNND4TSELK',
        description: 'Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.',
        createDate: '2016-11-21T16:56:47Z',
        updateDate: '2018-06-14T21:50:45Z',
        defaultVersionId: 'v2',
        document: doc([
            {
                Effect: 'Allow',
                Action: [
                    'sqs:ReceiveMessage',
                    'sqs:DeleteMessage',
                    'sqs:GetQueueAttributes',
                    'logs:CreateLogGroup',
                    'logs:CreateLogStream',
                    'logs:PutLogEvents',
                ],
                Resource: '*',
            },
        ]),
    },
    {
        // Confirmed: aws-managed-policy reference page (v1, 2015-02-06 18:41 UTC).
        name: 'AWSLambdaRole',
        path: '/service-role/',
        policyId: 'ANPAJX4DPCRGTC4NFDUXI',
        description: 'Default policy for AWS Lambda service role.',
        createDate: '2015-02-06T18:41:28Z',
        updateDate: '2015-02-06T18:41:28Z',
        defaultVersionId: 'v1',
        document: doc([{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] }]),
    },
    {
        name: 'AdministratorAccess',
        path: '/',
        policyId: 'ANPAIWMBCKSKIEE64ZLYK',
        description: 'Provides full access to AWS services and resources.',
        createDate: '2015-02-06T18:39:46Z',
        updateDate: '2015-02-06T18:39:46Z',
        defaultVersionId: 'v1',
        document: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    },
];
const awsManagedPolicyArn = (policy) => `arn:aws:iam::aws:policy${policy.path}${policy.name}`;
exports.awsManagedPolicyArn = awsManagedPolicyArn;
