import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EMERGENCY_SEVERITIES } from '@siaran/emergency';
import { ITEM_REASONS } from '@siaran/playout';

export class NowPlayingStationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'LPPL Kota Pekalongan' }) name: string;
  @ApiProperty({ example: 'Asia/Jakarta' }) timezone: string;
}

export class NowPlayingChannelDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'batik-tv' }) slug: string;
  @ApiProperty({ example: 'Batik TV' }) name: string;
  @ApiProperty({ enum: ['tv', 'radio'] }) kind: 'tv' | 'radio';
  @ApiProperty({ nullable: true, type: String }) logo_url: string | null;
  @ApiProperty() timezone: string;
  @ApiProperty({ example: 'https://siaran.example/live/batik-tv/master.m3u8' }) hls_url: string;
  @ApiProperty({ example: 'https://siaran.example/watch/batik-tv' }) player_url: string;
}

export class NowPlayingLiveInputDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Studio 1 (OBS)' }) name: string;
}

export class NowPlayingLiveDto {
  @ApiProperty({ description: 'A live input is on air.' }) is_live: boolean;
  @ApiProperty({ nullable: true, type: NowPlayingLiveInputDto }) input: NowPlayingLiveInputDto | null;
  @ApiProperty({ nullable: true, type: String, description: "The name the studio's software gives (ice-name)." })
  streamer_name: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) broadcast_start: string | null;
}

export class NowPlayingSongDto {
  @ApiProperty({ example: 'Rhoma Irama - Begadang', description: 'Artist and title, or whichever of them there is.' })
  text: string;
  @ApiProperty({ nullable: true, type: String, example: 'Rhoma Irama' }) artist: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Begadang' }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) album: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'IDA012400001' }) isrc: string | null;
  @ApiProperty({ nullable: true, type: String }) art: string | null;
}

export class SongHistoryEntryDto {
  @ApiProperty() item_id: string;
  @ApiProperty({ format: 'date-time' }) played_at: string;
  @ApiProperty({ description: 'Seconds it aired.' }) duration: number;
  @ApiProperty({ type: NowPlayingSongDto }) song: NowPlayingSongDto;
}

export class NowPlayingStandInDto {
  @ApiProperty() entry_id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time', description: 'Its scheduled start.' }) starts_at: string;
  @ApiProperty({ format: 'date-time', description: 'Its scheduled end.' }) ends_at: string;
}

export class NowPlayingProgrammeDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) host: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ nullable: true, type: String }) artwork_url: string | null;
}

export class NowPlayingSourceDto {
  @ApiProperty({ enum: ['asset', 'filler', 'live', 'emergency'] }) kind: 'asset' | 'filler' | 'live' | 'emergency';
  @ApiPropertyOptional({
    enum: ITEM_REASONS,
    description: 'Why filler, a live input or an emergency override airs.',
  })
  reason?: string;
}

export class NowPlayingBlockDto {
  @ApiProperty({ format: 'date-time', description: "When the block's first item aired." }) started_at: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: "When the item after the block starts once planned, else the slot's end.",
  })
  ends_at: string | null;
}

export class NowPlayingItemDto {
  @ApiProperty() item_id: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The schedule entry airing, or the one filler stands in for.',
  })
  entry_id: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: NowPlayingProgrammeDto }) programme: NowPlayingProgrammeDto | null;
  @ApiProperty({
    format: 'date-time',
    description: "When its first segment airs: the playlist's PROGRAM-DATE-TIME of that segment.",
  })
  started_at: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      "When the next item's first segment airs once the timeline is planned that far (the playout lookahead), else when it is due to end.",
  })
  ends_at: string | null;
  @ApiProperty({ description: 'Seconds since it started.' }) elapsed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds until it ends.' }) remaining: number | null;
  @ApiProperty({ type: NowPlayingSourceDto }) source: NowPlayingSourceDto;
  @ApiProperty({
    nullable: true,
    type: NowPlayingSongDto,
    description: 'The song on air: from its tags in a playlist block, or the track a live studio names.',
  })
  song: NowPlayingSongDto | null;
  @ApiProperty({
    nullable: true,
    type: NowPlayingStandInDto,
    description: 'The scheduled programme this filler airs in place of.',
  })
  stands_in_for: NowPlayingStandInDto | null;
  @ApiProperty({
    nullable: true,
    type: NowPlayingBlockDto,
    description:
      "For an item of a music block (a song, a station ID): the block's span, the programme's, while started_at and ends_at are the item's.",
  })
  block: NowPlayingBlockDto | null;
}

export class NowPlayingNextDto {
  @ApiProperty() entry_id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: NowPlayingProgrammeDto }) programme: NowPlayingProgrammeDto;
  @ApiProperty({
    format: 'date-time',
    description: 'When it airs: the segment boundary it starts at once planned, else its scheduled start.',
  })
  starts_at: string;
  @ApiProperty({ format: 'date-time' }) ends_at: string;
  @ApiProperty({ description: 'Whether its media is ready to air (else filler airs).' }) source_ready: boolean;
}

export class NowPlayingListenersDto {
  @ApiProperty({ description: 'Distinct clients that fetched a media playlist in the last minute (per API process).' })
  current: number;
}

export class NowPlayingAlertMessageDto {
  @ApiProperty({ description: 'In Bahasa Indonesia.' }) id: string;
  @ApiProperty({ nullable: true, type: String }) en: string | null;
}

export class NowPlayingAlertDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['takeover', 'crawl'] }) mode: 'takeover' | 'crawl';
  @ApiProperty({ enum: EMERGENCY_SEVERITIES }) severity: string;
  @ApiProperty({ type: NowPlayingAlertMessageDto }) message: NowPlayingAlertMessageDto;
  @ApiProperty({ format: 'date-time' }) starts_at: string;
  @ApiProperty({ format: 'date-time' }) expires_at: string;
}

export class NowPlayingDto {
  @ApiProperty({ type: NowPlayingStationDto }) station: NowPlayingStationDto;
  @ApiProperty({ type: NowPlayingChannelDto }) channel: NowPlayingChannelDto;
  @ApiProperty() is_online: boolean;
  @ApiProperty({ type: NowPlayingLiveDto }) live: NowPlayingLiveDto;
  @ApiProperty({ nullable: true, type: NowPlayingItemDto }) now_playing: NowPlayingItemDto | null;
  @ApiProperty({ type: [NowPlayingNextDto] }) playing_next: NowPlayingNextDto[];
  @ApiProperty({ type: [SongHistoryEntryDto], description: 'The last 10 songs before the one on now, newest first.' })
  song_history: SongHistoryEntryDto[];
  @ApiProperty({ type: NowPlayingListenersDto }) listeners: NowPlayingListenersDto;
  @ApiProperty({
    nullable: true,
    type: NowPlayingAlertDto,
    description:
      'The emergency override covering the channel now: players show its message (crawl) or the channel airs it (takeover).',
  })
  alert: NowPlayingAlertDto | null;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
