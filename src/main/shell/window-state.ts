/**
 * Remembers the main window's size and position. `restoreBounds` (pure) checks saved
 * bounds against today's displays: a window saved on a monitor that is gone, or larger
 * than any screen now, comes back fully visible instead of off-screen.
 */
import { DEFAULT_BOUNDS, type WindowBounds } from './window-options';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  workArea: Rect;
}

export const MIN_SIZE = { width: 400, height: 560 } as const;
/** How much of the window (its title bar area) must be on some display to keep the position. */
const VISIBLE_PART = { width: 120, height: 40 } as const;

function isRect(v: unknown): v is Partial<Rect> & { width: number; height: number } {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
  return finite(r.width) && finite(r.height) && (r.x === undefined || finite(r.x)) && (r.y === undefined || finite(r.y));
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

export function restoreBounds(saved: unknown, displays: readonly DisplayLike[], defaults: WindowBounds = DEFAULT_BOUNDS): WindowBounds {
  if (!isRect(saved) || displays.length === 0) return { ...defaults };
  const largest = displays.reduce((a, d) => Math.max(a, d.workArea.width * d.workArea.height), 0);
  const biggest = displays.find((d) => d.workArea.width * d.workArea.height === largest)!.workArea;
  const width = Math.round(Math.min(Math.max(saved.width, MIN_SIZE.width), Math.max(biggest.width, MIN_SIZE.width)));
  const height = Math.round(Math.min(Math.max(saved.height, MIN_SIZE.height), Math.max(biggest.height, MIN_SIZE.height)));
  if (saved.x === undefined || saved.y === undefined) return { width, height };

  const x = Math.round(saved.x);
  const y = Math.round(saved.y);
  // The top strip is what the user drags; require a usable piece of it on one display.
  const titleBar: Rect = { x, y, width, height: VISIBLE_PART.height };
  const home = displays.find((d) => {
    const o = overlap(titleBar, d.workArea);
    return o.width >= Math.min(VISIBLE_PART.width, width) && o.height >= VISIBLE_PART.height / 2 && y >= d.workArea.y - VISIBLE_PART.height / 2;
  });
  if (!home) return { width, height };
  // Pull it fully inside the display it is mostly on, when it fits.
  const area = home.workArea;
  const fx = Math.min(Math.max(x, area.x), area.x + Math.max(area.width - width, 0));
  const fy = Math.min(Math.max(y, area.y), area.y + Math.max(area.height - height, 0));
  return { x: fx, y: fy, width, height };
}

/** The storage the window state lives in (electron-store in the app, a Map in tests). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

/** Saves the window's normal bounds (debounced) and on close. */
export function trackWindowState(win: TrackedWindow, store: KeyValueStore, key = 'mainWindow'): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    store.set(key, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
}

export function wasMaximized(saved: unknown): boolean {
  return typeof saved === 'object' && saved !== null && (saved as { maximized?: unknown }).maximized === true;
}
