import type { BrowserContext, Page } from 'playwright-core';

export const STORYBOOK_ROOT: string;
export const CHANNEL_PROBE: string;
export const FAILURE_EVENTS: string[];
export const PHONE: { width: number; height: number };
export interface IndexEntry {
  type: 'story' | 'docs';
  id: string;
  title: string;
  name: string;
}
export interface StoryEntry extends IndexEntry {
  type: 'story';
}
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  what: string;
}
export interface Essentials {
  title: Box | null;
  message: Box | null;
  action: Box | null;
}
export function built(root?: string): boolean;
export function entries(root?: string): IndexEntry[];
export function stories(root?: string): StoryEntry[];
export function storyUrl(url: string, id: string, options?: { locale?: string; theme?: string }): string;
export function settle(page: Page): Promise<void>;
export function outOfView(seen: Essentials | null, viewport?: { width: number; height: number }): string[];
export function serve(root?: string): Promise<{ url: string; close: () => Promise<void> }>;
export function openStory(
  page: Page,
  url: string,
  id: string,
  options?: { locale?: string; theme?: string; timeout?: number },
): Promise<string | null>;
export function essentials(page: Page): Promise<Essentials | null>;
export type { BrowserContext };
