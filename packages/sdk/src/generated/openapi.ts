// Generated from packages/schema/openapi.json by `npm run generate`. DO NOT EDIT.
/* eslint-disable */
// biome-ignore-all lint: generated code

export type paths = {
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish an event */
        post: operations["publishEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List runs, newest first */
        get: operations["listRuns"];
        put?: never;
        /** Create a run (queued; emits run.created) */
        post: operations["createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a run */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish a run (emits run.completed) */
        post: operations["completeRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a queued run (emits run.started) */
        post: operations["startRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/webhook/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resend the run's latest event now, optionally to another URL */
        post: operations["replayRunWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/triggers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** What a sender needs to configure itself (never the secret) */
        get: operations["getTrigger"];
        put?: never;
        /**
         * Start a run of the trigger's agent with the JSON body as input
         * @description Authenticated by the trigger's Standard Webhooks signature and source allowlist, not by an API key. Every refusal is the same 401.
         */
        post: operations["fireTrigger"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event now and report the receiver's answer */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = {
    "endpoint.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * endpoint.disabled
         * @description An endpoint was disabled automatically after failing for too long or a 410.
         */
        post: operations["webhook_endpoint_disabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "message.attempt.exhausted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * message.attempt.exhausted
         * @description A message could not be delivered to an endpoint after every retry.
         */
        post: operations["webhook_message_attempt_exhausted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "run.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * run.completed
         * @description A run reached a terminal state: succeeded, failed, cancelled or timed_out.
         */
        post: operations["webhook_run_completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "run.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * run.created
         * @description A run was created and queued (by the API, an agent or an inbound trigger).
         */
        post: operations["webhook_run_created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "run.started": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * run.started
         * @description A run started executing.
         */
        post: operations["webhook_run_started"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook.test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * webhook.test
         * @description A test event sent on request to check an endpoint.
         */
        post: operations["webhook_webhook_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type components = {
    schemas: {
        CompleteRunBody: {
            error?: {
                code?: string;
                message: string;
            };
            output?: unknown;
            status: components["schemas"]["TerminalRunStatus"];
        };
        CreateRunBody: {
            agentId?: string;
            input?: unknown;
            metadata?: {
                [key: string]: unknown;
            };
            sensitiveInput?: {
                [key: string]: unknown;
            };
            /** Format: uri */
            webhookUrl?: string;
            workflowId?: string;
        };
        EndpointDisabledData: {
            /** Format: date-time */
            disabledAt: string;
            endpointId: string;
            reason: string;
            url: string;
        };
        EndpointDisabledEvent: {
            data: components["schemas"]["EndpointDisabledData"];
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "endpoint.disabled";
        };
        Message: {
            channels: string[];
            id: string;
            idempotencyKey: string | null;
            /** Format: date-time */
            timestamp: string;
            type: string;
        };
        MessageAttemptExhaustedData: {
            attempts: number;
            endpointId: string;
            eventType: string;
            lastError: string | null;
            lastStatusCode: number | null;
            messageId: string;
        };
        MessageAttemptExhaustedEvent: {
            data: components["schemas"]["MessageAttemptExhaustedData"];
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "message.attempt.exhausted";
        };
        Problem: {
            code: string;
            detail?: string;
            errors?: {
                message: string;
                path: string;
            }[];
            status: number;
            title: string;
            type: string;
        };
        PublishEventBody: {
            channels?: string[];
            data: {
                [key: string]: unknown;
            };
            type: string;
        };
        ReplayRunWebhookBody: {
            /** Format: uri */
            overrideWebhookUrl?: string;
        };
        Run: {
            agentId: string | null;
            /** Format: date-time */
            createdAt: string;
            error: components["schemas"]["RunError"] | null;
            finishedAt: string | null;
            id: string;
            input: unknown;
            metadata: {
                [key: string]: unknown;
            };
            output: unknown | null;
            /** Format: date-time */
            queuedAt: string;
            sensitiveInputKeys: string[];
            startedAt: string | null;
            status: components["schemas"]["RunStatus"];
            webhook: components["schemas"]["RunWebhookStatus"];
            webhookUrl: string | null;
            workflowId: string | null;
        };
        RunCompletedEvent: {
            data: components["schemas"]["RunEventData"];
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "run.completed";
        };
        RunCreatedEvent: {
            data: components["schemas"]["RunEventData"];
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "run.created";
        };
        RunError: {
            code?: string | null;
            message: string;
        };
        RunEventData: {
            run: components["schemas"]["Run"];
        };
        RunList: {
            data: components["schemas"]["Run"][];
            nextCursor: string | null;
        };
        RunStartedEvent: {
            data: components["schemas"]["RunEventData"];
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "run.started";
        };
        /** @enum {string} */
        RunStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "timed_out";
        RunWebhookStatus: {
            /** @enum {string} */
            state: "none" | "pending" | "delivered" | "failed";
            webhookFailureReason: string | null;
        };
        SendReport: {
            error: string | null;
            latencyMs: number;
            responseBody: string | null;
            statusCode: number | null;
            success: boolean;
        };
        /** @enum {string} */
        TerminalRunStatus: "succeeded" | "failed" | "cancelled" | "timed_out";
        TriggerAccepted: {
            runId: string;
            status: string;
        };
        TriggerInfo: {
            agentId: string;
            allowedSources: string[];
            enabled: boolean;
            id: string;
            requireSignature: boolean;
            /** @constant */
            signatureScheme: "standard-webhooks";
            toleranceSeconds: number;
            url: string;
        };
        WebhookTestBody: {
            /** Format: uri */
            url: string;
        } | {
            endpointId: string;
        };
        WebhookTestData: {
            endpointId: string | null;
            message: string;
        };
        WebhookTestEvent: {
            data: components["schemas"]["WebhookTestData"];
            id: string;
            /** Format: date-time */
            timestamp: string;
            /** @constant */
            type: "webhook.test";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    publishEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key within 24 hours returns the first message and creates nothing. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishEventBody"];
            };
        };
        responses: {
            /** @description Accepted for delivery */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key is not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query?: {
                agentId?: string;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
                status?: components["schemas"]["RunStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunList"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRunBody"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key is not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteRunBody"];
            };
        };
        responses: {
            /** @description The run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run is not in a state that allows this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run is not in a state that allows this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayRunWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReplayRunWebhookBody"];
            };
        };
        responses: {
            /** @description What the receiver answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendReport"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run is not in a state that allows this */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Trigger settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerInfo"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    fireTrigger: {
        parameters: {
            query?: never;
            header?: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id"?: string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature"?: string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description A queued run (or the first run for a repeated webhook-id) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerAccepted"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookTestBody"];
            };
        };
        responses: {
            /** @description What the receiver answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendReport"];
                };
            };
            /** @description The request is invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key is not allowed to do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhook_endpoint_disabled: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature": string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointDisabledEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the timeout acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the endpoint. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_message_attempt_exhausted: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature": string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageAttemptExhaustedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the timeout acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the endpoint. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_run_completed: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature": string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCompletedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the timeout acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the endpoint. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_run_created: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature": string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCreatedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the timeout acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the endpoint. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_run_started: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature": string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunStartedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the timeout acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the endpoint. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_webhook_test: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry. Receivers dedupe on it. */
                "webhook-id": string;
                /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per active secret. */
                "webhook-signature": string;
                /** @description Unix seconds of this attempt. Reject values more than 5 minutes away. */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookTestEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the timeout acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the endpoint. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
