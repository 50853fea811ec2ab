/**
 * Setup the browser tests share: a connection's card on the dashboard, opening its details,
 * and a Cohort Go connection added through the core that Test connection can check against
 * the simulator.
 */
import type { Locator, Page } from '@playwright/test';
import type { Core } from '../../src/main/core';
import type { ConnectionView } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import { expect } from './fixtures';

/** A connection's card on the dashboard, by its name. */
export const card = (page: Page, label: string): Locator => page.getByRole('article', { name: label });

/** Opens a connection's details from its name on the dashboard and returns the dialog. */
export async function openDetails(page: Page, label: string): Promise<Locator> {
  await card(page, label).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The Basic header a Cohort Go (or any Basic) connection hands out. */
export const basicHeader = (user: string, password: string): string => `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Cohort Go with the simulator's API user, checked at the simulator's check address. */
export function addCohortGo(core: Core, simUrl: string, label: string): Promise<ConnectionView> {
  return core.connections.add({
    providerId: 'cohortgo',
    label,
    checkUrl: `${simUrl}/check/cohortgo`,
    auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
  });
}
