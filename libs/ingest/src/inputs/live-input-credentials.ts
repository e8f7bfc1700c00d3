import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { ChannelProfiles } from '@siaran/scheduling';
import type { InputForIngest } from '../feed';
import { CredentialCheck, InputCredentials, RelaySpec, SrtListenerSpec } from '../input-credentials';
import { ICECAST_SOURCE_USER } from './input-connection';
import { InputSecrets, InputSecretUnreadableError, sameSecret } from './input-secrets';
import { LiveInputEntity } from './live-input.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The handshake checks of the ingest servers against the stored inputs. Secrets are compared
 * in constant time; a wrong secret is told apart from an unknown input only for logs and
 * counters, never to the studio. A disabled input is refused only after its secret matched.
 */
@Injectable()
export class LiveInputCredentials extends InputCredentials {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelProfiles,
    private readonly secrets: InputSecrets,
  ) {
    super();
  }

  /** `<inputId>.<secret>`. */
  async checkRtmp(streamKey: string): Promise<CredentialCheck> {
    const dot = streamKey.indexOf('.');
    const inputId = dot < 0 ? '' : streamKey.slice(0, dot);
    if (!UUID.test(inputId)) return { ok: false, reason: 'unknown-input' };
    const input = await this.inputs().findOneBy({ id: inputId, kind: 'rtmp' });
    return input ? this.verdict(input, streamKey.slice(dot + 1)) : { ok: false, reason: 'unknown-input' };
  }

  async checkIcecast(mount: string, user: string, password: string): Promise<CredentialCheck> {
    const input = await this.inputs().findOneBy({ mount: mount.replace(/^\/+/, ''), kind: 'icecast' });
    if (!input) return { ok: false, reason: 'unknown-input' };
    if (!sameSecret(user, ICECAST_SOURCE_USER)) return { ok: false, reason: 'wrong-secret', inputId: input.id };
    return this.verdict(input, password);
  }

  async srtListeners(): Promise<SrtListenerSpec[]> {
    const inputs = await this.enabled('srt');
    return inputs.flatMap(({ row, input }) => {
      const passphrase = this.openSecret(row);
      return passphrase === null ? [] : [{ input, port: row.srtPort as number, passphrase, streamId: row.id }];
    });
  }

  async relays(): Promise<RelaySpec[]> {
    const inputs = await this.enabled('relay');
    return inputs.map(({ row, input }) => ({
      input,
      url: row.url as string,
      allowPrivateNetwork: this.config.live.relayAllowPrivateNetworks,
    }));
  }

  private async verdict(row: LiveInputEntity, given: string): Promise<CredentialCheck> {
    const secret = this.openSecret(row);
    if (secret === null || !sameSecret(given, secret)) return { ok: false, reason: 'wrong-secret', inputId: row.id };
    if (!row.enabled) return { ok: false, reason: 'disabled', inputId: row.id };
    const channel = await this.channels.byId(row.channelId);
    if (!channel) return { ok: false, reason: 'unknown-input' };
    return { ok: true, input: forIngest(row, channel.stationId) };
  }

  /** A secret sealed under another LIVE_SECRETS_KEY matches nothing until it is rotated. */
  private openSecret(row: LiveInputEntity): string | null {
    try {
      return this.secrets.open(row.id, row.secretCiphertext as string);
    } catch (error) {
      if (error instanceof InputSecretUnreadableError) return null;
      throw error;
    }
  }

  private async enabled(kind: 'srt' | 'relay'): Promise<Array<{ row: LiveInputEntity; input: InputForIngest }>> {
    const [rows, channels] = await Promise.all([
      this.inputs().find({ where: { kind, enabled: true }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.channels.all(),
    ]);
    const stationOf = new Map(channels.map((channel) => [channel.id, channel.stationId]));
    return rows.flatMap((row) => {
      const stationId = stationOf.get(row.channelId);
      return stationId === undefined ? [] : [{ row, input: forIngest(row, stationId) }];
    });
  }

  private inputs() {
    return this.dataSource.getRepository(LiveInputEntity);
  }
}

function forIngest(row: LiveInputEntity, stationId: string): InputForIngest {
  return {
    id: row.id,
    channelId: row.channelId,
    stationId,
    kind: row.kind,
    name: row.name,
    airWhenConnected: row.airWhenConnected,
    outsideSlots: row.outsideSlots,
  };
}
