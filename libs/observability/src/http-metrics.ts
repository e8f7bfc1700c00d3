import { type Metric, type Registry } from 'prom-client';

type HttpLabels = Readonly<Record<'method' | 'route' | 'status_code', string>>;

/** Upper bounds, in seconds, of the request duration buckets. */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** The requests of one method, route pattern and status code. */
class HttpSeries {
  count = 0;
  sum = 0;
  /** Requests per bucket (not cumulative); the last one is +Inf. */
  readonly buckets = new Float64Array(HTTP_DURATION_BUCKETS.length + 1);

  constructor(readonly labels: HttpLabels) {}

  observe(seconds: number): void {
    this.count += 1;
    this.sum += seconds;
    let bucket = 0;
    while (bucket < HTTP_DURATION_BUCKETS.length && seconds > HTTP_DURATION_BUCKETS[bucket]) bucket += 1;
    this.buckets[bucket] += 1;
  }
}

interface MetricValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

/** What prom-client's Registry reads of a metric when it is scraped. */
interface ScrapedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): Promise<{
    name: string;
    help: string;
    type: 'counter' | 'histogram';
    aggregator: 'sum';
    values: MetricValue[];
  }>;
  reset(): void;
}

/**
 * `http_requests_total` and `http_request_duration_seconds`, kept as plain numbers per series
 * and turned into Prometheus values only when scraped. prom-client's labelled counters and
 * histograms validate and hash the labels on every observation, which cost a quarter of the
 * time of a request answered from memory (a fast lane) at tens of thousands a second.
 */
export class HttpRequestMetrics {
  private readonly series = new Map<string, HttpSeries>();

  constructor(registry: Registry) {
    for (const metric of [this.requestsMetric(), this.durationMetric()]) {
      // The Registry reads any object of this shape; its type only names prom-client's own classes.
      registry.registerMetric(metric as unknown as Metric);
    }
  }

  /** `route` is the matched pattern (`/live/:slug/...`), never the raw URL, to bound label cardinality. */
  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = new HttpSeries({ method, route, status_code: String(statusCode) });
      this.series.set(key, series);
    }
    series.observe(seconds);
  }

  private requestsMetric(): ScrapedMetric {
    const name = 'http_requests_total';
    const help = 'HTTP requests answered, by method, route pattern and status code.';
    return {
      name,
      help,
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({
        name,
        help,
        type: 'counter',
        aggregator: 'sum',
        values: [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.count })),
      }),
      reset: () => this.series.clear(),
    };
  }

  private durationMetric(): ScrapedMetric {
    const name = 'http_request_duration_seconds';
    const help = 'Time to answer HTTP requests, by method, route pattern and status code.';
    const values = (s: HttpSeries): MetricValue[] => {
      let cumulative = 0;
      const buckets = [...HTTP_DURATION_BUCKETS, '+Inf'].map((le, i) => {
        cumulative += s.buckets[i];
        return { metricName: `${name}_bucket`, labels: { le, ...s.labels }, value: cumulative };
      });
      return [
        ...buckets,
        { metricName: `${name}_sum`, labels: { ...s.labels }, value: s.sum },
        { metricName: `${name}_count`, labels: { ...s.labels }, value: s.count },
      ];
    };
    return {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      get: async () => ({
        name,
        help,
        type: 'histogram',
        aggregator: 'sum',
        values: [...this.series.values()].flatMap(values),
      }),
      reset: () => this.series.clear(),
    };
  }
}
