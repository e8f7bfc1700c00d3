import type { id } from './id';

/** The shape every language implements: the keys of the Indonesian strings. */
export type Messages = typeof id;
export type Language = 'id' | 'en';
export type TextKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
