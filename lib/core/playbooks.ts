import type { Alert, Technique } from './alert.ts';

/** What to do with an alert, per technique — in Hoardwatch's words, after MITRE's analytic guidance (DET0550 etc.). */
export const PLAYBOOKS: Record<Technique, Alert['playbook']> = {
  'T1213.004': {
    l1: [
      'Compare the login behind this activity with the user\'s usual logins: time of day, source IP and location, client/browser.',
      'Check the identity provider for recent password resets, MFA failures or new MFA devices on this account.',
      'Look the source IP up in your threat-intelligence and VPN/egress lists; note whether it belongs to the company.',
      'Ask whether the volume matches the person\'s role and a known business task (quarter-end, migration, audit request).',
    ],
    t2: [
      'Pull 30 days of this user\'s report runs, exports and API queries to see when the pattern began and which objects it covers.',
      'Check whether other accounts touched the same objects from the same IPs or connected app (a coordinated pull).',
      'Identify the connected app or client (Data Loader, Bulk API, python scripts) and who authorised it.',
    ],
    containment: [
      'Freeze or restrict the user (permission set removal or login IP restrictions) and end all their sessions.',
      'Revoke OAuth tokens and connected-app access used by the session; rotate integration credentials if a service account.',
      'Preserve the event logs and export files referenced here before retention removes them.',
    ],
  },
  'T1213.005': {
    l1: [
      'Compare this access with the user\'s usual working hours, devices and source IPs.',
      'Check for recent MFA failures, password resets or sign-ins from new locations for this account.',
      'Check the source IP against company ranges and threat-intelligence lists.',
      'Ask the user\'s manager whether a bulk download or export was expected (offboarding, legal hold, migration).',
    ],
    t2: [
      'Review a longer window of the user\'s file, message and export activity across Slack, Teams, SharePoint/OneDrive and mail.',
      'Look for the same files or channels pulled by other accounts or apps, and for sync clients on unmanaged devices.',
      'Check whether files moved on to personal storage, external shares or public links after the download.',
    ],
    containment: [
      'Sign the user out everywhere and revoke refresh tokens and app tokens.',
      'Remove public links and external shares created in the window; block unmanaged-device sync if it was used.',
      'Disable the account or restrict downloads until the investigation concludes.',
    ],
  },
  'T1591.002': {
    l1: [
      'Check the external organisation, domain and user against the real partner\'s known domains and contacts.',
      'Confirm with the internal owner of the partner relationship (out of band, not by replying in the channel) that this contact is genuine.',
      'Check whether the invite or share was initiated by our user or accepted from outside, and what it gives access to.',
    ],
    t2: [
      'Search all sources for other contacts, invites, shares or e-mails with the lookalike domain or organisation.',
      'Review what data the external party could reach (channels, files, CRM partner records) and who else interacted with it.',
      'Look for CRM queries over partner, account and opportunity records by the same people before or after the contact.',
    ],
    containment: [
      'Disconnect the shared channel or remove the guest; revoke shares and links to the lookalike domain.',
      'Block the lookalike domain in mail, Slack Connect and guest-invite allow lists; warn the staff who were contacted.',
      'Notify the genuine partner that someone is impersonating them.',
    ],
  },
};
