import type { Plugin } from 'vite';

/** `code` without the `desc` properties of `msg()`'s options; `null` when it has none. */
export function stripTranslatorNotes(code: string, fileName?: string): string | null;
/** The `desc` of our messages left out of the bundle (src/**\/*.ts). */
export function stripTranslatorNotesPlugin(): Plugin;
/** @lit/localize's runtime without its id generation (our messages all have ids). */
export function messageIdsOnlyPlugin(): Plugin;
