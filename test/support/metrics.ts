import request from 'supertest';
import { type TestApp } from './app';

/** How many requests the fast lane `lane` has answered, from the app's /metrics. */
export async function fastLaneAnswers(t: TestApp, lane: string): Promise<number> {
  const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
  const line = res.text.split('\n').find((l) => l.startsWith(`http_fast_lane_answers_total{lane="${lane}"} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** The value of an unlabelled metric (a counter or a gauge) on the app's /metrics. */
export async function metricValue(t: TestApp, name: string): Promise<number> {
  const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
  const line = res.text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`/metrics has no ${name}`);
  return Number(line.split(' ').pop());
}
