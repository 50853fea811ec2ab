/**
 * The tray icon and its menu. Everything it shows comes from `tray-menu.ts` (pure); this
 * file only renders it, re-rendering on pushed changes and once a minute so the remaining
 * times stay right.
 */
import { join } from 'node:path';
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { ConnectionView, VaultState } from '../../shared/views';
import { buildTrayMenu, trayStatus, trayTooltip, type TrayActions, type TrayStatus } from './tray-menu';

/** Pure: which image file to use for a status on a platform. */
export function trayIconFile(status: TrayStatus, platform: NodeJS.Platform | string): string {
  // macOS draws template images in the menu bar's own colour (light or dark); attention
  // still needs colour there, so it uses the coloured icon.
  if (platform === 'darwin') return status === 'attention' ? 'tray-attention.png' : 'trayTemplate.png';
  return status === 'attention' ? 'tray-attention.png' : 'tray-ok.png';
}

export class TrayController {
  private tray: Tray | null = null;
  private views: ConnectionView[] = [];
  private vaultState: VaultState = 'locked';
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly icons = new Map<string, NativeImage>();

  constructor(
    private readonly resourcesDir: string,
    private readonly actions: TrayActions,
    private readonly now: () => number = Date.now,
  ) {}

  create(): void {
    this.tray = new Tray(this.icon('ok'));
    // Windows / Linux: a left click opens the window; the menu is on right click (and on macOS, any click).
    this.tray.on('click', () => {
      if (process.platform !== 'darwin') this.actions.open();
    });
    this.render();
    this.timer = setInterval(() => this.render(), 60_000);
    this.timer.unref();
  }

  update(views: ConnectionView[] | null, vaultState: VaultState): void {
    if (views) this.views = views;
    if (vaultState !== 'unlocked') this.views = [];
    this.vaultState = vaultState;
    this.render();
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.tray?.destroy();
    this.tray = null;
  }

  private render(): void {
    if (!this.tray || this.tray.isDestroyed()) return;
    const status = trayStatus(this.views, this.vaultState);
    this.tray.setImage(this.icon(status));
    this.tray.setToolTip(trayTooltip(this.views, this.vaultState));
    this.tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(this.views, this.vaultState, this.now(), this.actions)));
  }

  private icon(status: TrayStatus): NativeImage {
    const file = trayIconFile(status, process.platform);
    let image = this.icons.get(file);
    if (!image) {
      // nativeImage picks up the @2x file beside it on high-DPI screens.
      image = nativeImage.createFromPath(join(this.resourcesDir, file));
      if (file.includes('Template')) image.setTemplateImage(true);
      this.icons.set(file, image);
    }
    return image;
  }
}
