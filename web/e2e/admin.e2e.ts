import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, open, person, shot, signIn } from './browser';

afterAll(closeBrowser);

// a 1x1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('8, 9, 10: room info and admin, invite links and the directory, profile', () => {
  it('an owner manages members, roles, bans, invites, pins and deletes; a member sees none of those controls', async () => {
    const owner = await person('Olivia Owner');
    const mem = await person('Mark Member');
    const third = await person('Tina Third');
    const room = await owner.api.createRoom({ name: 'Project Falcon', description: 'Ship the thing', memberIds: [mem.id] });
    await mem.api.post(room.id, 'm1', 'A message to pin');
    await mem.api.post(room.id, 'm2', 'A message to delete');

    const o = await open();
    await signIn(o.page, owner);
    await o.page.goto(`/room/${room.id}`);
    await o.page.getByRole('log').getByText('A message to delete').waitFor();

    // pin and delete for everyone from the message menu
    const pinMsg = o.page.locator('.msg', { hasText: 'A message to pin' });
    await pinMsg.hover();
    await pinMsg.getByRole('button', { name: 'Message actions' }).click();
    await pinMsg.getByRole('menuitem', { name: 'Pin' }).click();
    await expect.poll(async () => (await owner.api.room(room.id)).pinned, { timeout: 20_000 }).toHaveLength(1);
    o.page.once('dialog', (d) => void d.accept());
    const delMsg = o.page.locator('.msg', { hasText: 'A message to delete' });
    await delMsg.hover();
    await delMsg.getByRole('button', { name: 'Message actions' }).click();
    await delMsg.getByRole('menuitem', { name: 'Delete for everyone' }).click();
    await o.page.getByText('This message was deleted').waitFor({ timeout: 20_000 });

    // room info: add a member, change a role, ban and unban, edit, invite link
    await o.page.getByRole('link', { name: /chat info/ }).click();
    await o.page.getByRole('heading', { name: 'Members' }).waitFor();
    await o.page.getByRole('heading', { name: 'Pinned' }).waitFor();
    await o.page.getByLabel('Add people by username').fill(third.username.slice(0, 6));
    await o.page.getByRole('button', { name: new RegExp(third.username) }).click();
    await o.page.locator('li.member', { hasText: 'Tina Third' }).waitFor({ timeout: 20_000 });
    await o.page.getByLabel('Role of Mark Member').selectOption('moderator');
    await expect.poll(async () => (await owner.api.room(room.id)).members.find((m) => m.userId === mem.id)?.role, { timeout: 20_000 }).toBe('moderator');
    await o.page.locator('li.member', { hasText: 'Tina Third' }).getByRole('button', { name: 'Ban' }).click();
    await o.page.getByRole('heading', { name: 'Banned' }).waitFor({ timeout: 20_000 });
    await o.page.getByRole('button', { name: 'Unban' }).click();
    await expect.poll(async () => (await owner.api.bans(room.id)).length, { timeout: 20_000 }).toBe(0);
    await o.page.getByRole('button', { name: 'Edit' }).click();
    await o.page.getByRole('textbox', { name: 'Name', exact: true }).fill('Project Falcon 2');
    await o.page.getByLabel('Visibility').selectOption('public');
    await o.page.getByRole('button', { name: 'Save', exact: true }).click();
    await o.page.getByRole('heading', { name: 'Project Falcon 2' }).waitFor({ timeout: 20_000 });
    await o.page.getByRole('button', { name: 'Create link' }).click();
    const code = await o.page.locator('.invites code').first().innerText({ timeout: 20_000 });
    await shot(o.page, 'room-info-light');

    // 9. the invite link: preview after sign-in, then join
    const guest = await person('Gary Guest');
    const g = await open();
    await g.page.goto(new URL(code).pathname);
    await g.page.getByLabel('Username').fill(guest.username);
    await g.page.getByLabel('Password').fill(guest.password);
    await g.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await g.page.getByRole('heading', { name: 'Project Falcon 2' }).waitFor({ timeout: 20_000 });
    await g.page.getByRole('button', { name: 'Join group' }).click();
    await g.page.getByRole('log', { name: 'Messages in Project Falcon 2' }).waitFor({ timeout: 20_000 });
    // revoke: the link stops working
    await o.page.getByRole('button', { name: 'Revoke' }).first().click();
    await expect.poll(() => owner.api.invitePreview(new URL(code).pathname.split('/').pop()!).then(() => 'ok', (e) => e.code), { timeout: 20_000 }).toBe('invite_not_found');

    // a member sees no admin controls
    const m = await open();
    await signIn(m.page, mem);
    await owner.api.setRole(room.id, mem.id, 'member');
    await m.page.goto(`/room/${room.id}/info`);
    await m.page.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await m.page.getByRole('button', { name: /^(Ban|Remove|Edit|Create link)$/ }).count()).toBe(0);
    expect(await m.page.getByRole('combobox', { name: /Role of/ }).count()).toBe(0);
    expect(await m.page.getByLabel('Add people by username').count()).toBe(0);
    // leave
    m.page.once('dialog', (d) => void d.accept());
    await m.page.getByRole('button', { name: 'Leave group' }).click();
    await m.page.getByRole('heading', { name: 'Pick a chat' }).waitFor({ timeout: 20_000 });
    expect(await m.page.locator('a.chat', { hasText: 'Project Falcon' }).count()).toBe(0);

    // 9. the directory: search and join the (now public) room
    const seeker = await person('Sam Seeker');
    const s = await open();
    await signIn(s.page, seeker);
    await s.page.getByRole('link', { name: 'Public rooms' }).click();
    await s.page.getByLabel('Search public rooms').fill('Falcon');
    await s.page.locator('.rooms-found li', { hasText: 'Project Falcon 2' }).getByRole('button', { name: 'Join' }).click();
    await s.page.getByRole('log', { name: 'Messages in Project Falcon 2' }).waitFor({ timeout: 20_000 });
    for (const x of [o, g, m, s]) await x.context.close();
  });

  it('edits the profile, uploads an avatar, sets privacy and unblocks', async () => {
    const me = await person('Paula Profile');
    const pest = await person('Pete Pest');
    await me.api.block(pest.id);
    const { page, context } = await open();
    await signIn(page, me);
    await page.getByRole('link', { name: 'Profile and settings' }).click();
    await page.getByLabel('Display name').fill('Paula P.');
    await page.getByRole('textbox', { name: 'About' }).fill('Coffee, code, climbing.');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(async () => (await me.api.me()).about, { timeout: 20_000 }).toBe('Coffee, code, climbing.');
    await page.locator('.file-btn input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(async () => (await me.api.me()).hasAvatar, { timeout: 20_000 }).toBe(true);
    await page.getByLabel('Who sees my last seen and online').selectOption('nobody');
    await expect.poll(async () => (await me.api.privacy()).lastSeen, { timeout: 20_000 }).toBe('nobody');
    await page.getByText('Pete Pest').waitFor();
    await shot(page, 'profile-light');
    await page.getByRole('button', { name: 'Unblock' }).click();
    await expect.poll(async () => (await me.api.blocks()).length, { timeout: 20_000 }).toBe(0);
    await context.close();
  });
});
