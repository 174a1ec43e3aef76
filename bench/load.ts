/**
 * One measurement with autocannon from this (the bench) process against the server process:
 * a warm-up whose numbers are thrown away, then a fixed duration that counts.
 */
import autocannon, { type Request, type Result } from 'autocannon';

export type LoadOptions = {
  baseUrl: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
};

export type Measurement = {
  rps: number;
  p50: number;
  p99: number;
  meanLatency: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU use of the server and of this process over warm-up + run, in % of one core (set by the caller). */
  serverCpu?: number;
  driverCpu?: number;
};

async function fire(options: LoadOptions, requests: Request[], seconds: number): Promise<Result> {
  return autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: seconds,
    timeout: 30,
    // autocannon keeps the objects it is given; hand it copies so warm-up and run are alike.
    requests: requests.map((r) => ({ ...r })),
  });
}

export async function measure(options: LoadOptions, requests: Request[]): Promise<Measurement> {
  if (options.warmupSeconds > 0) await fire(options, requests, options.warmupSeconds);
  const result = await fire(options, requests, options.durationSeconds);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    // Completed responses over the measured time (autocannon's duration is in seconds).
    rps: completed / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanLatency: result.latency.mean,
    requests: completed,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
