import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses embedded defaults when nothing is configured', () => {
    const config = loadConfig({}, '/srv/siaran');
    expect(config.http).toEqual({
      port: 3000,
      host: '0.0.0.0',
      jsonBodyLimitBytes: 16384,
      bodyIdleTimeoutMs: 60000,
      bufferedBodyTimeoutMs: 30000,
      trustedProxies: [],
      frameAncestors: [],
      metricsToken: undefined,
      sseMaxPerAddress: 20,
      sseMaxStreams: 10000,
    });
    expect(config.dataDir).toBe('/srv/siaran/var');
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({ url: undefined, embeddedPort: 54329 });
    expect(config.storage.connection).toBeUndefined();
    expect(config.storage.bucket).toBe('siaran');
    expect(config.storage.readTimeoutMs).toBe(5000);
    expect(config.logLevel).toBe('info');
    expect(config.migrationsRun).toBe(true);
    expect(config.auth).toEqual({
      adminEmail: 'admin@siaran.local',
      adminPassword: undefined,
      tokenTtlHours: 12,
      loginAttemptsPerMinute: 10,
      lockoutFailures: 10,
      lockoutSeconds: 900,
    });
    expect(config.demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('reads the first admin and the token lifetime, refusing short passwords', () => {
    const config = loadConfig({
      ADMIN_EMAIL: 'Admin@PekalonganKota.go.id',
      ADMIN_PASSWORD: 'batik-tv-2026',
      AUTH_TOKEN_TTL_HOURS: '8',
    });
    expect(config.auth).toEqual({
      adminEmail: 'admin@pekalongankota.go.id',
      adminPassword: 'batik-tv-2026',
      tokenTtlHours: 8,
      loginAttemptsPerMinute: 10,
      lockoutFailures: 10,
      lockoutSeconds: 900,
    });
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD: must be 10 to 200 characters/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).not.toThrow(/short/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'aaaaaaaaaa' })).toThrow(
      /ADMIN_PASSWORD: must use at least 5 different characters/,
    );
    expect(() => loadConfig({ ADMIN_PASSWORD: ' '.repeat(10) })).toThrow(/ADMIN_PASSWORD: must not be only spaces/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'Password123' })).toThrow(
      /ADMIN_PASSWORD: is one of the most common passwords/,
    );
    expect(() => loadConfig({ ADMIN_PASSWORD: 'Password123' })).not.toThrow(/Password123/);
    expect(loadConfig({ ADMIN_PASSWORD: 'bench-admin-password' }).auth.adminPassword).toBe('bench-admin-password');
  });

  it('reads FRAME_ANCESTORS as origins, none by default', () => {
    expect(
      loadConfig({ FRAME_ANCESTORS: 'https://PekalonganKota.go.id/, http://127.0.0.1:8080' }).http.frameAncestors,
    ).toEqual(['https://pekalongankota.go.id', 'http://127.0.0.1:8080']);
    for (const bad of [
      'pekalongankota.go.id',
      'https://a.id/player',
      'ftp://a.id',
      '*',
      "'self'",
      'https://a.id;script-src *',
    ])
      expect(() => loadConfig({ FRAME_ANCESTORS: bad })).toThrow(
        /FRAME_ANCESTORS=.*: must be a comma-separated list of origins/,
      );
  });

  it('reads TRUSTED_PROXIES as addresses and CIDR ranges, none by default', () => {
    expect(loadConfig({}).http.trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 127.0.0.1, 10.0.0.0/8,fd00::/8 ,::1' }).http.trustedProxies).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      '::1',
    ]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '::/129', '10.0.0.1/8/8', '10.0.0.0/x', '*'])
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES=.*: must be a comma-separated list/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin' })).toThrow(/ADMIN_EMAIL="admin": must be an e-mail address/);
    expect(() => loadConfig({ AUTH_TOKEN_TTL_HOURS: '0' })).toThrow(
      /AUTH_TOKEN_TTL_HOURS="0": must be a whole number of hours from 1 to 720/,
    );
  });

  it('keeps the embedded PostgreSQL away from a system PostgreSQL on 5432', () => {
    expect(loadConfig({}).database.embeddedPort).not.toBe(5432);
  });

  it('reads an external PostgreSQL and S3/MinIO', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://siaran:secret@db:5432/siaran',
      S3_ENDPOINT: 'https://minio.kominfo.example:9000',
      S3_ACCESS_KEY: 'access',
      S3_SECRET_KEY: 'secret-key',
      S3_BUCKET: 'lppl-media',
      S3_REGION: 'ap-southeast-3',
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://tv.pekalongankota.go.id/',
    });
    expect(config.database.url).toBe('postgres://siaran:secret@db:5432/siaran');
    expect(config.storage.connection).toEqual({
      endPoint: 'minio.kominfo.example',
      port: 9000,
      useSSL: true,
      accessKey: 'access',
      secretKey: 'secret-key',
      region: 'ap-southeast-3',
      bucket: 'lppl-media',
    });
    expect(config.http.port).toBe(8080);
    expect(config.publicBaseUrl).toBe('https://tv.pekalongankota.go.id');
  });

  it('lets S3_USE_SSL override the scheme and defaults the port by it', () => {
    const config = loadConfig({
      S3_ENDPOINT: 'minio',
      S3_ACCESS_KEY: 'abc',
      S3_SECRET_KEY: 'defgh',
      S3_USE_SSL: 'true',
    });
    expect(config.storage.connection).toMatchObject({ endPoint: 'minio', port: 443, useSSL: true });
  });

  it('names every bad variable, its value and what is accepted, in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', S3_USE_SSL: 'maybe', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'S3_USE_SSL']);
    const message = (error as Error).message;
    expect(message).toContain('PORT="abc": must be a whole number from 1 to 65535');
    expect(message).toContain('S3_USE_SSL="maybe": must be true or false');
    expect(message).toContain('LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent');
    expect(message).toContain('DATABASE_URL="mysql://x": must be a PostgreSQL URL');
  });

  it('refuses out-of-range ports', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
    expect(() => loadConfig({ PORT: '0' })).toThrow(/PORT="0"/);
  });

  it('requires credentials with S3_ENDPOINT', () => {
    expect(() => loadConfig({ S3_ENDPOINT: 'minio:9000' })).toThrow(
      /S3_ACCESS_KEY: is required when S3_ENDPOINT is set[\s\S]*S3_SECRET_KEY: is required/,
    );
  });

  it('defaults the media library and transcoding settings', () => {
    const config = loadConfig({}, '/srv/siaran');
    expect(config.media).toEqual({
      publicBaseUrl: undefined,
      cacheBytes: 256 * 1024 ** 2,
      storageTimeoutMs: 10000,
      uploadMaxBytes: 8 * 1024 ** 3,
      uploadsMaxPerUser: 3,
      uploadsMaxInFlight: 20,
      importAllowPrivateNetworks: false,
      importTimeoutMs: 3600000,
      ladderPresetsDir: undefined,
    });
    expect(config.transcode).toEqual({
      concurrency: 1,
      timeoutMs: 21600000,
      stallTimeoutMs: 120000,
      retryLimit: 5,
      retryDelayMs: 30000,
      nice: 10,
    });
  });

  it('reads media settings and refuses bad ones', () => {
    const config = loadConfig(
      {
        PUBLIC_MEDIA_BASE_URL: 'https://cdn.batiktv.example/siaran/',
        UPLOAD_MAX_BYTES: '1048576',
        LADDER_PRESETS_DIR: 'ladders',
        TRANSCODE_CONCURRENCY: '2',
        MEDIA_CACHE_BYTES: '1073741824',
        MEDIA_STORAGE_TIMEOUT_MS: '2500',
      },
      '/srv/siaran',
    );
    expect([config.media.cacheBytes, config.media.storageTimeoutMs]).toEqual([1073741824, 2500]);
    expect(config.media.publicBaseUrl).toBe('https://cdn.batiktv.example/siaran');
    expect(config.media.uploadMaxBytes).toBe(1048576);
    expect(config.media.ladderPresetsDir).toBe('/srv/siaran/ladders');
    expect(config.transcode.concurrency).toBe(2);
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: '10' })).toThrow(
      /UPLOAD_MAX_BYTES="10": must be a whole number of bytes/,
    );
    expect(() => loadConfig({ TRANSCODE_CONCURRENCY: '0' })).toThrow(/TRANSCODE_CONCURRENCY="0"/);
    expect(() => loadConfig({ TRANSCODE_TIMEOUT_MS: String(24 * 3600 * 1000) })).toThrow(/TRANSCODE_TIMEOUT_MS/);
    expect(() => loadConfig({ PUBLIC_MEDIA_BASE_URL: 'cdn.example' })).toThrow(/PUBLIC_MEDIA_BASE_URL/);
    expect(() => loadConfig({ MEDIA_CACHE_BYTES: '1000' })).toThrow(
      /MEDIA_CACHE_BYTES="1000": must be a whole number of bytes from 1048576/,
    );
    expect(() => loadConfig({ MEDIA_STORAGE_TIMEOUT_MS: '0' })).toThrow(
      /MEDIA_STORAGE_TIMEOUT_MS="0": must be a whole number of milliseconds from 100 to 600000/,
    );
  });

  it('defaults the live settings, studios reaching the host of PUBLIC_BASE_URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://tv.pekalongankota.go.id' }).live).toEqual({
      rtmpPort: 1935,
      icecastPort: 8000,
      srtPorts: { first: 10000, last: 10099 },
      host: '0.0.0.0',
      publicHost: 'tv.pekalongankota.go.id',
      secretsKey: undefined,
      relayAllowPrivateNetworks: false,
      fallbackSegments: 1.5,
      returnSegments: 2,
      silenceSeconds: 30,
    });
    expect(loadConfig({}).live.publicHost).toBe('localhost');
  });

  it('reads the live settings, 0 or empty turning an ingest off', () => {
    const key = 'A1'.repeat(32);
    const config = loadConfig({
      RTMP_PORT: '0',
      ICECAST_PORT: '8010',
      SRT_PORTS: ' 20000 - 20009 ',
      INGEST_HOST: '10.0.0.5',
      INGEST_PUBLIC_HOST: 'live.batiktv.example',
      LIVE_SECRETS_KEY: key,
      RELAY_ALLOW_PRIVATE_NETWORKS: 'yes',
      LIVE_FALLBACK_SEGMENTS: '2.5',
      LIVE_RETURN_SEGMENTS: '3',
      LIVE_SILENCE_SECONDS: '10',
    });
    expect(config.live).toEqual({
      rtmpPort: 0,
      icecastPort: 8010,
      srtPorts: { first: 20000, last: 20009 },
      host: '10.0.0.5',
      publicHost: 'live.batiktv.example',
      secretsKey: key.toLowerCase(),
      relayAllowPrivateNetworks: true,
      fallbackSegments: 2.5,
      returnSegments: 3,
      silenceSeconds: 10,
    });
    expect(loadConfig({ SRT_PORTS: '0' }).live.srtPorts).toBeNull();
    expect(loadConfig({ SRT_PORTS: '' }).live.srtPorts).toBeNull();
    expect(loadConfig({ SRT_PORTS: '9000-9000' }).live.srtPorts).toEqual({ first: 9000, last: 9000 });
  });

  it('refuses bad live settings, saying what is accepted, and never echoes the key', () => {
    expect(() => loadConfig({ RTMP_PORT: '70000' })).toThrow(
      /RTMP_PORT="70000": must be a whole number from 1 to 65535, or 0 to turn this ingest off/,
    );
    expect(() => loadConfig({ ICECAST_PORT: '-1' })).toThrow(/ICECAST_PORT="-1"/);
    expect(() => loadConfig({ SRT_PORTS: '10000' })).toThrow(
      /SRT_PORTS="10000": must be a range of UDP ports such as 10000-10099/,
    );
    expect(() => loadConfig({ SRT_PORTS: '10099-10000' })).toThrow(
      /SRT_PORTS="10099-10000": must be a range of UDP ports from 1 to 65535 whose first port is not after its last/,
    );
    expect(() => loadConfig({ SRT_PORTS: '0-10' })).toThrow(/SRT_PORTS="0-10"/);
    expect(() => loadConfig({ SRT_PORTS: '65535-70000' })).toThrow(/SRT_PORTS="65535-70000"/);
    expect(() => loadConfig({ INGEST_PUBLIC_HOST: 'rtmp://live.example:1935' })).toThrow(
      /INGEST_PUBLIC_HOST="rtmp:\/\/live.example:1935": must be the host name \(or IP address\) studios reach/,
    );
    expect(() => loadConfig({ LIVE_SECRETS_KEY: 'too-short-secret' })).toThrow(
      /LIVE_SECRETS_KEY: must be 32 random bytes written as 64 hexadecimal digits; generate one with: openssl rand -hex 32/,
    );
    expect(() => loadConfig({ LIVE_SECRETS_KEY: 'too-short-secret' })).not.toThrow(/too-short-secret/);
    expect(() => loadConfig({ RELAY_ALLOW_PRIVATE_NETWORKS: 'sometimes' })).toThrow(
      /RELAY_ALLOW_PRIVATE_NETWORKS="sometimes": must be true or false/,
    );
    expect(() => loadConfig({ LIVE_FALLBACK_SEGMENTS: '0.5' })).toThrow(
      /LIVE_FALLBACK_SEGMENTS="0.5": must be a number of segment durations from 1 to 10/,
    );
    expect(() => loadConfig({ LIVE_FALLBACK_SEGMENTS: 'soon' })).toThrow(/LIVE_FALLBACK_SEGMENTS="soon"/);
    expect(() => loadConfig({ LIVE_RETURN_SEGMENTS: '1.5' })).toThrow(
      /LIVE_RETURN_SEGMENTS="1.5": must be a whole number of segments from 1 to 20/,
    );
    expect(() => loadConfig({ LIVE_SILENCE_SECONDS: '0' })).toThrow(
      /LIVE_SILENCE_SECONDS="0": must be a whole number of seconds from 1 to 3600/,
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).http.port).toBe(3000);
  });
});
