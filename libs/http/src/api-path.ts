/** The versioned prefix of the JSON API; public feeds (/epg.xml, /live/…) and health sit outside it. */
export const API_PREFIX = 'api/v1';

export const apiPath = (path: string) => `${API_PREFIX}/${path.replace(/^\/+/, '')}`;
