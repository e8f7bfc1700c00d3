import { NO_RULES } from '@siaran/playlists';
import { blockHistory, rulesWindowMs, type StoredBlockItem } from './block-history';

const MINUTE = 60_000;
const describeAsset = (assetId: string) => ({ artist: `artist of ${assetId}`, kind: 'music' });

const stored = (assetId: string, occurrenceKey: string, blockIndex: number, startedAt: number): StoredBlockItem => ({
  assetId,
  artist: `aired artist of ${assetId}`,
  playlistId: 'pl',
  occurrenceKey,
  blockIndex,
  startedAt,
});

describe('rulesWindowMs', () => {
  it('is the longest separation, and at least an hour with a limit by kind', () => {
    expect(rulesWindowMs([])).toBe(0);
    expect(rulesWindowMs([NO_RULES])).toBe(0);
    expect(
      rulesWindowMs([
        { ...NO_RULES, itemSeparationMinutes: 30 },
        { ...NO_RULES, artistSeparationMinutes: 45 },
      ]),
    ).toBe(45 * MINUTE);
    expect(rulesWindowMs([{ ...NO_RULES, itemSeparationMinutes: 10, kindLimitsPerHour: { ident: 4 } }])).toBe(
      60 * MINUTE,
    );
  });
});

describe('blockHistory', () => {
  const block = { key: 'b3', start: 100 * MINUTE };

  it('takes what aired from the as-run log and the rest of blocks planned before it from their plans', () => {
    const history = blockHistory(
      block,
      [
        stored('old', 'b1', 0, 50 * MINUTE),
        stored('a', 'b2', 0, 90 * MINUTE),
        stored('b', 'b2', 1, 94 * MINUTE),
        stored('own', 'b3', 0, 100 * MINUTE),
      ],
      [
        {
          key: 'b2',
          plan: {
            playlistId: 'pl',
            items: [
              { assetId: 'a', startAt: 90 * MINUTE - 2000, insert: false },
              { assetId: 'b', startAt: 94 * MINUTE - 2000, insert: false },
              { assetId: 'c', startAt: 98 * MINUTE - 2000, insert: false },
            ],
          },
        },
      ],
      30 * MINUTE,
      describeAsset,
    );
    expect(history).toEqual([
      { assetId: 'a', artist: 'aired artist of a', kind: 'music', startedAt: 90 * MINUTE, playlistId: 'pl' },
      { assetId: 'b', artist: 'aired artist of b', kind: 'music', startedAt: 94 * MINUTE, playlistId: 'pl' },
      { assetId: 'c', artist: 'artist of c', kind: 'music', startedAt: 98 * MINUTE - 2000, playlistId: 'pl' },
    ]);
  });

  it('leaves out planned items at or after its start, and the block itself', () => {
    const plan = {
      playlistId: 'pl',
      items: [
        { assetId: 'a', startAt: 99 * MINUTE, insert: false },
        { assetId: 'b', startAt: 100 * MINUTE, insert: false },
      ],
    };
    expect(
      blockHistory(
        block,
        [],
        [
          { key: 'b2', plan },
          { key: 'b3', plan },
        ],
        30 * MINUTE,
        describeAsset,
      ).map((played) => played.assetId),
    ).toEqual(['a']);
  });
});
