/**
 * Desktop notifications when a connection starts needing the user. `needsYouTransitions`
 * (pure) decides what to show from the previous and next views: one notification per slot
 * entering needs-you (or changing what it needs), none while it stays there, and one
 * summary instead of a storm when many change at once (a wake-up after a weekend).
 */
import { Notification } from 'electron';
import type { ConnectionView, TokenStatus } from '../../shared/views';

export interface NeedsYouNotice {
  /** Stable per slot and reason, e.g. `<connectionId>/<tenantId>#update-password`. */
  key: string;
  connectionId: string;
  tenantId?: string;
  title: string;
  body: string;
}

/** More than this many at once become one summary notification. */
export const MAX_SEPARATE_NOTIFICATIONS = 3;

interface SlotState {
  connectionId: string;
  tenantId?: string;
  name: string;
  status: TokenStatus;
}

function slots(views: readonly ConnectionView[]): Map<string, SlotState> {
  const out = new Map<string, SlotState>();
  for (const c of views) {
    if (!c.hasTenants) out.set(c.id, { connectionId: c.id, name: c.label, status: c.status });
    else for (const t of c.tenants) if (t.selected) out.set(`${c.id}/${t.id}`, { connectionId: c.id, tenantId: t.id, name: `${c.label} — ${t.name}`, status: t.status });
  }
  return out;
}

/** What the slot needs, or null when it does not need the user. */
function need(s: SlotState | undefined): string | null {
  if (!s || s.status.state !== 'needs-you') return null;
  return s.status.action ?? 'needs-you';
}

export function needsYouTransitions(prev: readonly ConnectionView[] | null, next: readonly ConnectionView[]): NeedsYouNotice[] {
  const before = slots(prev ?? []);
  const notices: NeedsYouNotice[] = [];
  for (const [key, s] of slots(next)) {
    const now = need(s);
    if (now === null || now === need(before.get(key))) continue;
    notices.push({
      key: `${key}#${now}`,
      connectionId: s.connectionId,
      ...(s.tenantId !== undefined ? { tenantId: s.tenantId } : {}),
      title: `${s.name} needs you`,
      body: s.status.message || 'Open TokenDesk to see what to do.',
    });
  }
  if (notices.length <= MAX_SEPARATE_NOTIFICATIONS) return notices;
  return [
    {
      key: `summary#${notices.map((n) => n.key).join(',')}`,
      connectionId: notices[0]!.connectionId,
      title: `${notices.length} connections need you`,
      body: `${notices.map((n) => n.title.replace(/ needs you$/, '')).join(', ')}. Open TokenDesk to see what to do.`,
    },
  ];
}

/**
 * Remembers the last views it saw (across locks, so unlocking does not repeat old news)
 * and shows a notification for each transition. Clicking one opens the window.
 */
export class NeedsYouNotifier {
  private last: ConnectionView[] | null = null;

  constructor(private readonly onClick: (notice: NeedsYouNotice) => void) {}

  update(views: ConnectionView[]): NeedsYouNotice[] {
    const notices = needsYouTransitions(this.last, views);
    this.last = views;
    if (!Notification.isSupported()) return notices;
    for (const notice of notices) {
      const n = new Notification({ title: notice.title, body: notice.body, silent: false });
      n.on('click', () => this.onClick(notice));
      n.show();
    }
    return notices;
  }
}
