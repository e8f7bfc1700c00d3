/** Stable codes of the playlist endpoints. */
export const PlaylistErrorCode = {
  NotFound: 'PLAYLIST_NOT_FOUND',
  NameTaken: 'PLAYLIST_NAME_TAKEN',
  Cycle: 'PLAYLIST_CYCLE',
  ItemNotFound: 'PLAYLIST_ITEM_NOT_FOUND',
  ItemOfAnotherStation: 'PLAYLIST_ITEM_OF_ANOTHER_STATION',
  SmartWithItems: 'PLAYLIST_SMART_WITH_ITEMS',
  Scheduled: 'PLAYLIST_SCHEDULED',
  InPlaylist: 'PLAYLIST_IN_PLAYLIST',
  IsFiller: 'PLAYLIST_IS_FILLER',
} as const;
