import { FastifyReply, FastifyRequest } from 'fastify';
import { MetricsRegistry } from '@siaran/observability';
import { FastLanes } from './fast-lane';

describe('FastLanes', () => {
  const request = {} as FastifyRequest;
  const reply = {} as FastifyReply;

  it('passes a request to the lane it names and counts what the lane answered', async () => {
    const metrics = new MetricsRegistry();
    const lanes = new FastLanes(metrics);
    let ready = false;
    lanes.open('now', () => ready);
    expect(lanes.answer('now', request, reply)).toBe(false);
    ready = true;
    expect(lanes.answer('now', request, reply)).toBe(true);
    expect(await metrics.registry.getSingleMetricAsString('http_fast_lane_answers_total')).toContain('http_fast_lane_answers_total{lane="now"} 1');
  });

  it('leaves requests of an unknown lane to the controller, and refuses to open a lane twice', () => {
    const lanes = new FastLanes(new MetricsRegistry());
    expect(lanes.answer('nowhere', request, reply)).toBe(false);
    lanes.open('now', () => true);
    expect(() => lanes.open('now', () => false)).toThrow('The fast lane now is opened twice');
  });
});
