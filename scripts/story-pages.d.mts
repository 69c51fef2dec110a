import type { BrowserContext, Page } from 'playwright-core';

export const STORYBOOK_ROOT: string;
export const CHANNEL_PROBE: string;
export interface StoryEntry {
  type: 'story';
  id: string;
  title: string;
  name: string;
}
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  what: string;
}
export function stories(root?: string): StoryEntry[];
export function serve(root?: string): Promise<{ url: string; close: () => Promise<void> }>;
export function openStory(page: Page, url: string, id: string, options?: { locale?: string; theme?: string; timeout?: number }): Promise<string | null>;
export function essentials(page: Page): Promise<{ title: Box | null; message: Box | null; action: Box | null } | null>;
export type { BrowserContext };
