import { MetricsRegistry } from '@siaran/observability';
import { FastLanes, LaneAnswer, LaneEdge, LaneRequest } from './fast-lane';

describe('FastLanes', () => {
  const request: LaneRequest = { params: {}, headers: {}, ip: '127.0.0.1' };
  const answer: LaneAnswer = { status: 200, headers: { 'content-type': 'text/plain' }, body: 'on air' };

  it('passes a request to the lane it names and counts what the lane answered', async () => {
    const metrics = new MetricsRegistry();
    const lanes = new FastLanes(metrics);
    let ready = false;
    lanes.open('now', () => (ready ? answer : undefined));
    expect(lanes.answer('now', request)).toBeUndefined();
    ready = true;
    expect(lanes.answer('now', request)).toBe(answer);
    expect(await metrics.registry.getSingleMetricAsString('http_fast_lane_answers_total')).toContain('http_fast_lane_answers_total{lane="now"} 1');
  });

  it('leaves requests of an unknown lane to the controller, and refuses to open a lane twice', () => {
    const lanes = new FastLanes(new MetricsRegistry());
    expect(lanes.answer('nowhere', request)).toBeUndefined();
    lanes.open('now', () => answer);
    expect(() => lanes.open('now', () => undefined)).toThrow('The fast lane now is opened twice');
  });
});

describe('LaneEdge.match', () => {
  const edge = new LaneEdge();
  edge.addRoute('live-media', '/live/:slug/:playlist');
  edge.addRoute('live-master', '/live/:slug/master.m3u8');
  edge.addRoute('schedule-now', '/api/v1/channels/:slug/schedule/now');
  const lane = (path: string) => {
    const match = edge.match(path);
    return match && [match.route.lane, match.params];
  };

  it('matches plain paths, a literal segment before a parameter', () => {
    expect(lane('/live/batik-tv/720p.m3u8')).toEqual(['live-media', { slug: 'batik-tv', playlist: '720p.m3u8' }]);
    expect(lane('/live/batik-tv/master.m3u8')).toEqual(['live-master', { slug: 'batik-tv' }]);
    expect(lane('/api/v1/channels/rkb/schedule/now')).toEqual(['schedule-now', { slug: 'rkb' }]);
  });

  it('leaves queries, percent-encoding, empty segments, other lengths and other paths to Fastify', () => {
    for (const path of [
      '/api/v1/channels/rkb/schedule/now?next=1',
      '/live/batik-tv/%2e%2e',
      '/live/batik%2Ftv/720p.m3u8',
      '/live//720p.m3u8',
      '/live/batik-tv/720p.m3u8/',
      '/live/batik-tv',
      '/api/v1/channels/rkb/schedule',
      '/vod/batik-tv/720p.m3u8',
      '',
    ]) {
      expect([path, edge.match(path)]).toEqual([path, undefined]);
    }
  });
});
