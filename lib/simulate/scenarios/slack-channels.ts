import type { SlackChannel } from '../vendors/slack.ts';

const ch = (id: string, name: string): SlackChannel => ({ id, name, privacy: 'public', is_shared: false, is_org_shared: false });

/** Public channels people rarely visit: the ones a crawl of the workspace previews without joining. */
export const QUIET_CHANNELS: readonly SlackChannel[] = [
  ch('C06ENGINFRA', 'eng-infra'), ch('C06SECOPS01', 'secops'), ch('C06PLATONC1', 'platform-oncall'), ch('C06DBADMINS', 'db-admins'),
  ch('C06RELMGMT1', 'release-mgmt'), ch('C06CLOUDCST', 'cloud-costs'), ch('C06VNDACCSS', 'vendor-access'), ch('C06ITOPS001', 'it-ops'),
  ch('C06FINCLOSE', 'finance-close'), ch('C06BOARDPRP', 'board-prep'), ch('C06MNA00001', 'm-and-a'), ch('C06HRANNOUN', 'hr-announcements'),
];
