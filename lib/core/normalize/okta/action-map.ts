import type { Action } from '../../event.ts';
import { lookupTable } from '../lookup-table.ts';

/**
 * Okta eventType → canonical action. Identity-provider facts (factor changes, admin roles granted, API tokens) get
 * their own actions: they corroborate other signals and never alert alone (core/idp-signals.ts).
 * Revokes and removals are not listed: they stay `other`.
 */
const ACTIONS = lookupTable<Action>({
  'user.session.start': 'login',
  'user.session.end': 'logout',
  'user.mfa.factor.reset_all': 'mfa_change',
  'user.mfa.factor.update': 'mfa_change',
  'user.mfa.factor.activate': 'mfa_change',
  'user.mfa.factor.deactivate': 'mfa_change',
  'user.mfa.factor.suspend': 'mfa_change',
  'user.account.privilege.grant': 'role_change',
  'group.privilege.grant': 'role_change',
  'system.api_token.create': 'api_token_created',
});

export function oktaAction(eventType: string, failed: boolean): Action {
  const action = ACTIONS.get(eventType) ?? 'other';
  return action === 'login' && failed ? 'login_failed' : action;
}
