import { describe, expect, it } from 'vitest';
import { eventsOf, loadBlob, onlyEvent, recordById } from './fixture-blobs.ts';

const blob = loadBlob('audit-general-blob');
const rec = (id: string) => recordById(blob, id);

describe('Teams', () => {
  it('MessagesExported → message_export by an app, counting the messages', () => {
    const e = onlyEvent(rec('3a951c24-0001'));
    expect(e).toMatchObject({ app: 'teams', action: 'message_export', count: 3, actor: { type: 'app' } });
  });

  it.each([['3a951c24-0002'], ['3a951c24-0003'], ['3a951c24-0004']])('%s → message_read', (id) => {
    expect(onlyEvent(rec(id)).action).toBe('message_read');
  });

  it('MemberAdded yields one event per member with decoded guest, role and #n ids', () => {
    const events = eventsOf(rec('3a951c24-0005'));
    expect(events.map((e) => e.id)).toEqual([
      '3a951c24-0005-5529-b2fe-097628a39e05', '3a951c24-0005-5529-b2fe-097628a39e05#1', '3a951c24-0005-5529-b2fe-097628a39e05#2',
    ]);
    expect(events.every((e) => e.action === 'member_added' && e.actor.id === 'asmith@contoso.com')).toBe(true);
    expect(events[0]).toMatchObject({
      external: { user: 'jane.doe@fabrikam.com', domain: 'fabrikam.com', name: 'Jane Doe (Fabrikam)' },
      details: { role: 'guest', guest: true },
      object: { type: 'team', id: '19:7eam01@thread.tacv2', name: 'Sales' },
    });
    // Colleagues from the actor's own domain are members, not external parties.
    expect(events[1]).toMatchObject({ details: { role: 'member', guest: false, member: 'dave@contoso.com' } });
    expect(events[1]!.external).toBeUndefined();
    expect(events[2]).toMatchObject({ details: { role: 'owner', member: 'erin@contoso.com' } });
    expect(events[2]!.external).toBeUndefined();
  });

  it('a #EXT# member is a guest even when Role says member', () => {
    const r = rec('3a951c24-0006');
    (r.Members as { Role: number }[])[0]!.Role = 0;
    expect(onlyEvent(r).details).toMatchObject({ role: 'member', guest: true });
    expect(onlyEvent(r).external?.domain).toBe('fabrikam.com');
  });

  it('MemberRemoved → member_removed for the same external party (temporary-external pairing)', () => {
    const added = eventsOf(rec('3a951c24-0005'))[0]!;
    const removed = onlyEvent(rec('3a951c24-0006'));
    expect(removed.action).toBe('member_removed');
    expect(removed.external).toEqual(added.external);
  });

  it('AppInstalled and BotAddedToTeam → app_install with the add-on as object', () => {
    expect(onlyEvent(rec('3a951c24-0007'))).toMatchObject({
      action: 'app_install', object: { type: 'app', id: '0ad0e1f2-3a4b-4c5d-8e6f-7a8b9c0d1e01', name: 'FileSync Pro' },
      details: { addOnType: 'tab', team: 'Sales' },
    });
    expect(onlyEvent(rec('3a951c24-0008'))).toMatchObject({ action: 'app_install', details: { addOnType: 'bot' } });
  });

  it('InviteSent → external_invite with the invitee and its tenant', () => {
    expect(onlyEvent(rec('3a951c24-0009'))).toMatchObject({
      action: 'external_invite',
      external: { user: 'ops@fabrikam.com', domain: 'fabrikam.com', name: 'Fabrikam Ops', org: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d01' },
      object: { type: 'channel', name: 'Partner deals' },
      details: { channelType: 'Shared' },
    });
  });

  it('InviteSent with a plain address invitee', () => {
    const r = rec('3a951c24-0009');
    r.Invitee = 'Someone@Tailspin.example';
    expect(onlyEvent(r).external).toEqual({ user: 'someone@tailspin.example', domain: 'tailspin.example' });
  });

  it('TeamsSessionStarted → login', () => {
    expect(onlyEvent(rec('3a951c24-0010'))).toMatchObject({ action: 'login', src: { ip: '203.0.113.24' } });
  });

  it('ChannelAdded → config_change; a tenant setting change (guest access) → guardrail_change with its values', () => {
    expect(onlyEvent(rec('3a951c24-0011')).action).toBe('config_change');
    expect(onlyEvent(rec('3a951c24-0012'))).toMatchObject({
      action: 'guardrail_change', actor: { type: 'admin' },
      details: { setting: 'Allow guest access', oldValue: 'False', newValue: 'True' },
    });
  });

  it('an unknown Teams operation is kept as other', () => {
    const r = rec('3a951c24-0010');
    r.Operation = 'MeetingParticipantDetail';
    expect(onlyEvent(r)).toMatchObject({ action: 'other', vendorAction: 'MeetingParticipantDetail' });
  });

  it('routes by RecordType when Workload is missing', () => {
    const r = rec('3a951c24-0001');
    delete r.Workload;
    expect(onlyEvent(r)).toMatchObject({ app: 'teams', action: 'message_export' });
  });
});
