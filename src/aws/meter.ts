/** Counts API calls, attempts and throttling retries per `Service.Operation`, across all clients of a scan. */
export class ApiMeter {
  readonly calls: Record<string, number> = {};
  readonly throttles: Record<string, number> = {};
  /** Listeners for live progress displays. */
  private readonly listeners: Array<(event: 'call' | 'throttle', operation: string) => void> = [];

  recordCall(operation: string): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    for (const listener of this.listeners) listener('call', operation);
  }

  recordThrottle(operation: string): void {
    this.throttles[operation] = (this.throttles[operation] ?? 0) + 1;
    for (const listener of this.listeners) listener('throttle', operation);
  }

  onEvent(listener: (event: 'call' | 'throttle', operation: string) => void): void {
    this.listeners.push(listener);
  }

  get totalCalls(): number {
    return Object.values(this.calls).reduce((sum, n) => sum + n, 0);
  }

  get totalThrottles(): number {
    return Object.values(this.throttles).reduce((sum, n) => sum + n, 0);
  }
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

export function isThrottlingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    THROTTLING_CODES.has(record.name ?? '') ||
    THROTTLING_CODES.has(record.Code ?? '') ||
    record.$metadata?.httpStatusCode === 429
  );
}
