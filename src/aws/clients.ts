import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { STSClient } from '@aws-sdk/client-sts';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { setMaxListeners } from 'node:events';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MiddlewareStack, NodeHttpHandlerOptions } from '@smithy/types';
import { isThrottlingError, type ApiMeter } from './meter.js';
import { rememberAttempt } from './network-errors.js';
import { EndpointHealth } from './endpoint-health.js';
import { RateLimiter } from './rate-limit.js';
import { sdkPackage, type SdkPackages } from './sdk-packages.js';

export interface AwsAccessOptions {
  /** Credentials; omitted = the SDK's default provider chain (env, profile, SSO, IMDS). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Explicit endpoint for every service (emulators); AWS_ENDPOINT_URL(_<SERVICE>) is honoured without it. */
  endpoint?: string;
  /** Attempts per call including retries (adaptive retry mode). */
  maxAttempts?: number;
  /** Client-side requests per second per service for this account; 0 or undefined = unlimited. */
  ratePerSecond?: number;
  /** Time to establish a TCP (and TLS) connection, per attempt; default DEFAULT_CONNECT_TIMEOUT_MS. */
  connectTimeoutMs?: number;
  /** Time to the answer's headers, and the longest silence while reading its body, per attempt. */
  requestTimeoutMs?: number;
  /** Aborts every call of these clients (the account's deadline): pending calls end at once, none start. */
  signal?: AbortSignal;
  meter: ApiMeter;
}

/** Connecting to an AWS endpoint takes well under a second; 10 s covers three lost SYNs (1 + 2 + 4 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** The AWS CLI's read timeout: no read-only call squadguard makes takes that long to start answering. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Timed-out attempts in a row after which a host is not sent more (for a while): see endpoint-health.ts. */
export const ENDPOINT_DOWN_AFTER_TIMEOUTS = 3;

/** The HTTP handler settings every client (and credential provider) gets: no call can wait forever. */
export function httpHandlerOptions(options: Pick<AwsAccessOptions, 'connectTimeoutMs' | 'requestTimeoutMs'>): NodeHttpHandlerOptions {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    connectionTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // requestTimeout bounds the wait for the answer's headers (an error, not a warning, with throwOnRequestTimeout);
    // socketTimeout bounds each silence while the body streams in (headers sent, then a stall).
    requestTimeout,
    throwOnRequestTimeout: true,
    socketTimeout: requestTimeout,
  };
}

interface ClientConfig {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: string;
  forcePathStyle?: boolean;
  endpointProvider?: () => { url: URL };
  requestHandler: NodeHttpHandlerOptions;
}

interface MeterableClient {
  middlewareStack: unknown;
  send: (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
}

/** The client class of each service squadguard calls inside scanned accounts. */
interface ServiceClients {
  S3: S3Client;
  S3Control: S3ControlClient;
  STS: STSClient;
  KMS: KMSClient;
  EC2: EC2Client;
  IAM: IAMClient;
  SageMaker: SageMakerClient;
  Organizations: OrganizationsClient;
}

export type ServiceName = keyof ServiceClients;
type ClientOf<S extends ServiceName> = ServiceClients[S];

/** Where each client class lives, and the suffix of its AWS_ENDPOINT_URL_<SERVICE> variable. */
const SERVICES: Record<ServiceName, { module: keyof SdkPackages; className: string; envKey: string }> = {
  S3: { module: '@aws-sdk/client-s3', className: 'S3Client', envKey: 'S3' },
  S3Control: { module: '@aws-sdk/client-s3-control', className: 'S3ControlClient', envKey: 'S3_CONTROL' },
  STS: { module: '@aws-sdk/client-sts', className: 'STSClient', envKey: 'STS' },
  KMS: { module: '@aws-sdk/client-kms', className: 'KMSClient', envKey: 'KMS' },
  EC2: { module: '@aws-sdk/client-ec2', className: 'EC2Client', envKey: 'EC2' },
  IAM: { module: '@aws-sdk/client-iam', className: 'IAMClient', envKey: 'IAM' },
  SageMaker: { module: '@aws-sdk/client-sagemaker', className: 'SageMakerClient', envKey: 'SAGEMAKER' },
  Organizations: { module: '@aws-sdk/client-organizations', className: 'OrganizationsClient', envKey: 'ORGANIZATIONS' },
};

const loaded = new Set<ServiceName>();

/**
 * A service's client class, its package loaded on first use: each SDK client package costs 5–30 MB, and a
 * scan whose rules need only S3 has no use for the SageMaker, EC2, IAM or KMS ones.
 */
function clientClass<S extends ServiceName>(service: S): new (config: ClientConfig) => ClientOf<S> {
  const { module, className } = SERVICES[service];
  // The scanners' command classes come from the same package, through the same require(): one copy.
  const ctor = (sdkPackage(module) as unknown as Record<string, unknown>)[className];
  if (typeof ctor !== 'function') throw new Error(`${module} exports no ${className}`);
  loaded.add(service);
  return ctor as new (config: ClientConfig) => ClientOf<S>;
}

/** The services whose SDK client package this process has loaded through a ClientFactory, so far. */
export function loadedServices(): ServiceName[] {
  return [...loaded];
}

/** The endpoint a service's calls go to when one is configured (explicit option or environment). */
export function configuredEndpoint(service: ServiceName, explicit?: string): string | undefined {
  return explicit || process.env[`AWS_ENDPOINT_URL_${SERVICES[service].envKey}`] || process.env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Makes SDK clients for one account: shared credentials, adaptive retries, API-call metering, a per-service
 * client-side rate limit, and the settings emulators need (path-style S3, S3 Control without the
 * account-id host prefix). Clients are cached per (service, region).
 */
export class ClientFactory {
  private readonly cache = new Map<string, MeterableClient>();

  constructor(
    readonly options: AwsAccessOptions,
    private readonly limiters = new Map<string, RateLimiter>(),
    // A host whose last three attempts timed out is not sent more for one attempt's time (then one probe).
    private readonly health = new EndpointHealth(
      ENDPOINT_DOWN_AFTER_TIMEOUTS,
      (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) + (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    ),
  ) {
    // Every in-flight request listens on the account's signal: dozens at once are expected, not a leak.
    if (options.signal) setMaxListeners(0, options.signal);
  }

  /**
   * The same access (credentials, rate limits, endpoint health) with every call bound to `signal`. Its
   * clients are new ones: middleware added to this factory's clients does not carry over.
   */
  bound(signal: AbortSignal): ClientFactory {
    if (this.options.signal === signal) return this;
    return new ClientFactory({ ...this.options, signal }, this.limiters, this.health);
  }

  get meter(): ApiMeter {
    return this.options.meter;
  }

  client<S extends ServiceName>(service: S, region: string): ClientOf<S> {
    const key = `${service}/${region}`;
    const cached = this.cache.get(key);
    if (cached) return cached as ClientOf<S>;
    const endpoint = configuredEndpoint(service, this.options.endpoint);
    const config: ClientConfig = {
      region,
      maxAttempts: this.options.maxAttempts ?? 5,
      retryMode: 'adaptive',
      requestHandler: httpHandlerOptions(this.options),
    };
    if (this.options.credentials) config.credentials = this.options.credentials;
    if (this.options.endpoint) config.endpoint = this.options.endpoint;
    if (endpoint && service === 'S3') config.forcePathStyle = true;
    // S3 Control puts the account id in the host name; an emulator on 127.0.0.1 has no such host.
    if (endpoint && service === 'S3Control') config.endpointProvider = () => ({ url: new URL(endpoint) });
    const Ctor = clientClass(service);
    const client = new Ctor(config);
    this.instrument(client as MeterableClient, service);
    this.bindSignal(client as MeterableClient);
    this.cache.set(key, client as MeterableClient);
    return client;
  }

  /** Every `send` (paginators included) carries the factory's signal unless the caller passes its own. */
  private bindSignal(client: MeterableClient): void {
    const signal = this.options.signal;
    if (!signal) return;
    const send = client.send.bind(client);
    client.send = (command, options) => send(command, { ...options, abortSignal: options?.abortSignal ?? signal });
  }

  private limiter(service: string): RateLimiter | undefined {
    const rate = this.options.ratePerSecond;
    if (!rate) return undefined;
    let limiter = this.limiters.get(service);
    if (!limiter) {
      limiter = new RateLimiter(rate);
      this.limiters.set(service, limiter);
    }
    return limiter;
  }

  private instrument(client: MeterableClient, service: ServiceName): void {
    const stack = client.middlewareStack as MiddlewareStack<object, object>;
    const meter = this.options.meter;
    const limiter = this.limiter(service);
    const handler = httpHandlerOptions(this.options);
    const health = this.health;
    const operationOf = (context: { commandName?: string }): string =>
      `${service}.${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
    stack.add(
      (next, context) => async (args) => {
        const operation = operationOf(context);
        meter.recordCall(operation);
        const ended = meter.callStarted(operation);
        try {
          return await next(args);
        } finally {
          ended();
        }
      },
      { step: 'initialize', name: 'squadguardCallMeter', override: true },
    );
    // finalizeRequest at low priority runs inside the retry middleware: once per attempt.
    const timeouts = { connectTimeoutMs: handler.connectionTimeout, requestTimeoutMs: handler.requestTimeout };
    stack.add(
      (next, context) => async (args) => {
        const attempt = { endpoint: endpointOf(args.request), ...timeouts };
        health.check(attempt.endpoint);
        if (limiter) {
          const queued = performance.now();
          await limiter.take();
          meter.recordRateLimitWait(service, performance.now() - queued);
        }
        const sent = performance.now();
        try {
          const answer = await next(args);
          health.record(attempt);
          return answer;
        } catch (error) {
          if (isThrottlingError(error)) meter.recordThrottle(operationOf(context));
          rememberAttempt(error, attempt);
          health.record(attempt, error);
          throw error;
        } finally {
          meter.recordAttempt(operationOf(context), performance.now() - sent);
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: 'squadguardAttemptMeter', override: true },
    );
  }
}

/** `host:port` of an HTTP request (the port its scheme implies when none is given). */
function endpointOf(request: unknown): string {
  const { hostname, port, protocol } = (request ?? {}) as { hostname?: string; port?: number; protocol?: string };
  if (!hostname) return 'the endpoint';
  return `${hostname}:${port ?? (protocol === 'http:' ? 80 : 443)}`;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}
