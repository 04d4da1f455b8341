/**
 * A steady load: requests sent at evenly spaced times (open loop), each timed from when it was due.
 *
 * Hand-written because autocannon's `overallRate` splits the rate across its connections, which all start
 * together, so "100/s over 20 connections" arrives as a burst of 20 requests every 200 ms and the measured
 * latency is mostly the burst waiting in line (a do-nothing route showed p99 30 ms that way). A request is
 * timed from its due time, not from when it left, so a stalled server cannot hide its own delay
 * (coordinated omission). Node's fetch keeps connections alive, as a real sender would.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { percentile, round } from "./stats";
import type { LoadResult, LoadTracker } from "./webhook-load";

export async function loadWebhookSteady({
  baseUrl,
  rate,
  durationS,
  next,
  tracker,
  label = "POST /api/webhook/whatsapp (steady)",
}: {
  baseUrl: string;
  /** Requests per second, one every 1000 / rate ms. */
  rate: number;
  durationS: number;
  next: () => { body: string; signature: string; ids: string[] };
  tracker: LoadTracker;
  label?: string;
}): Promise<LoadResult> {
  const total = Math.round(rate * durationS);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const built = next();
    for (const id of built.ids) tracker.sent.add(id);
    inFlight.push(
      fetch(`${baseUrl}/api/webhook/whatsapp`, {
        method: "POST",
        body: built.body,
        headers: { "content-type": "application/json", "x-hub-signature-256": built.signature },
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          latencies.push(performance.now() - due);
          statusCodes[response.status] = (statusCodes[response.status] ?? 0) + 1;
          tracker.statuses.set(response.status, (tracker.statuses.get(response.status) ?? 0) + 1);
          for (const id of built.ids) (response.status === 200 ? tracker.acked : tracker.refused).add(id);
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - start) / 1000;
  const non2xx = Object.entries(statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .reduce((n, [, count]) => n + count, 0);
  return {
    route: label,
    connections: 0,
    durationS,
    requests: latencies.length,
    requestsPerSec: round(latencies.length / elapsedS, 1),
    p50Ms: round(percentile(latencies, 50), 1),
    p90Ms: round(percentile(latencies, 90), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
    non2xx,
    errors,
    timeouts: 0,
    statusCodes,
  };
}
