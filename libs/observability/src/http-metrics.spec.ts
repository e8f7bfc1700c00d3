import { Registry } from 'prom-client';
import { HttpRequestMetrics } from './http-metrics';

describe('HttpRequestMetrics', () => {
  it('scrapes as a Prometheus counter and a cumulative histogram per method, route and status', async () => {
    const registry = new Registry();
    const http = new HttpRequestMetrics(registry);
    http.observe('GET', '/live/:slug/:playlist', 200, 0.0004);
    http.observe('GET', '/live/:slug/:playlist', 200, 0.001);
    http.observe('GET', '/live/:slug/:playlist', 200, 0.03);
    http.observe('GET', '/live/:slug/:playlist', 200, 12);
    http.observe('POST', '/api/v1/channels', 409, 0.004);

    const text = await registry.metrics();
    const live = 'method="GET",route="/live/:slug/:playlist",status_code="200"';
    const post = 'method="POST",route="/api/v1/channels",status_code="409"';

    expect(text).toContain(
      `# TYPE http_requests_total counter\nhttp_requests_total{${live}} 4\nhttp_requests_total{${post}} 1\n`,
    );
    expect(text).toContain('# TYPE http_request_duration_seconds histogram\n');
    const liveBuckets = text
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_bucket') && line.includes('GET'));
    expect(liveBuckets).toEqual([
      `http_request_duration_seconds_bucket{le="0.001",${live}} 2`,
      `http_request_duration_seconds_bucket{le="0.0025",${live}} 2`,
      `http_request_duration_seconds_bucket{le="0.005",${live}} 2`,
      `http_request_duration_seconds_bucket{le="0.01",${live}} 2`,
      `http_request_duration_seconds_bucket{le="0.02",${live}} 2`,
      `http_request_duration_seconds_bucket{le="0.05",${live}} 3`,
      `http_request_duration_seconds_bucket{le="0.1",${live}} 3`,
      `http_request_duration_seconds_bucket{le="0.25",${live}} 3`,
      `http_request_duration_seconds_bucket{le="0.5",${live}} 3`,
      `http_request_duration_seconds_bucket{le="1",${live}} 3`,
      `http_request_duration_seconds_bucket{le="2.5",${live}} 3`,
      `http_request_duration_seconds_bucket{le="5",${live}} 3`,
      `http_request_duration_seconds_bucket{le="10",${live}} 3`,
      `http_request_duration_seconds_bucket{le="+Inf",${live}} 4`,
    ]);
    expect(text).toContain(`http_request_duration_seconds_sum{${live}} 12.0314\n`);
    expect(text).toContain(`http_request_duration_seconds_count{${live}} 4\n`);
    expect(text).toContain(`http_request_duration_seconds_bucket{le="0.005",${post}} 1\n`);
    expect(text).toContain(`http_request_duration_seconds_bucket{le="0.0025",${post}} 0\n`);
  });
});
