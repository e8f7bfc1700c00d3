import { MetricsRegistry } from '@siaran/observability';
import { isLoopback, plainAddress, RefusedHandshakes } from './refused-handshakes';

describe('RefusedHandshakes', () => {
  it('counts refusals per input kind and reason', async () => {
    const metrics = new MetricsRegistry();
    const refusals = new RefusedHandshakes(metrics);
    refusals.record({ kind: 'rtmp', reason: 'wrong-secret', remoteAddress: '203.0.113.9', inputId: 'in-1' });
    refusals.record({ kind: 'rtmp', reason: 'wrong-secret', remoteAddress: '203.0.113.9' });
    refusals.record({ kind: 'icecast', reason: 'already-publishing', remoteAddress: '198.51.100.4', inputId: 'in-2' });

    const text = await metrics.registry.getSingleMetricAsString('siaran_input_refused_handshakes_total');
    expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      'siaran_input_refused_handshakes_total{kind="rtmp",reason="wrong-secret"} 2',
      'siaran_input_refused_handshakes_total{kind="icecast",reason="already-publishing"} 1',
    ]);
  });
});

describe('remote addresses', () => {
  it('shows IPv4 clients of a dual-stack socket as IPv4', () => {
    expect(plainAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(plainAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(plainAddress(undefined)).toBe('unknown');
  });

  it('knows loopback in both families', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.0.2.2')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});
