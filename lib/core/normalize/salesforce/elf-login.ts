import { ElfBaseSchema, elfFamily } from './elf-common.ts';
import { cleanUserAgent, sfText } from './field-schemas.ts';
import { knownUsername, userId18 } from './actor.ts';

/** ELF `Login`: `LOGIN_STATUS` other than `LOGIN_NO_ERROR` is a failed login. `BROWSER_TYPE` is the UA or API client. */
export const elfLogin = elfFamily(
  ElfBaseSchema.extend({
    LOGIN_STATUS: sfText, BROWSER_TYPE: sfText, API_TYPE: sfText, LOGIN_TYPE: sfText,
    AUTHENTICATION_METHOD_REFERENCE: sfText, TLS_PROTOCOL: sfText,
  }),
  (row, eventType) => {
    const status = row.LOGIN_STATUS;
    const failed = status !== undefined && status.toUpperCase() !== 'LOGIN_NO_ERROR';
    return {
      action: failed ? 'login_failed' : 'login',
      vendorAction: eventType,
      outcome: failed ? 'failure' : status === undefined ? 'unknown' : 'success',
      ua: cleanUserAgent(row.BROWSER_TYPE),
      details: {
        loginStatus: failed ? status : undefined,
        apiType: row.API_TYPE,
        loginType: row.LOGIN_TYPE,
        authMethod: row.AUTHENTICATION_METHOD_REFERENCE,
      },
    };
  },
);

/**
 * ELF `LoginAs`: `DELEGATED_USER_*` is the admin doing the impersonation (the actor); `USER_ID` is the user
 * being impersonated (the object).
 */
export const elfLoginAs = elfFamily(
  ElfBaseSchema.extend({ DELEGATED_USER_ID: sfText, DELEGATED_USER_ID_DERIVED: sfText, DELEGATED_USER_NAME: sfText }),
  (row, eventType, ctx) => {
    const hasDelegate = row.DELEGATED_USER_ID !== undefined || row.DELEGATED_USER_ID_DERIVED !== undefined || row.DELEGATED_USER_NAME !== undefined;
    const targetId = userId18({ id: row.USER_ID, idDerived: row.USER_ID_DERIVED });
    return {
      action: 'impersonate',
      vendorAction: eventType,
      actorSource: hasDelegate
        ? { id: row.DELEGATED_USER_ID, idDerived: row.DELEGATED_USER_ID_DERIVED, username: row.DELEGATED_USER_NAME, type: 'admin' }
        : undefined,
      object: hasDelegate ? { type: 'user', id: targetId, name: knownUsername(ctx, targetId) } : undefined,
    };
  },
);

export const elfLogout = elfFamily(
  ElfBaseSchema.extend({ BROWSER_TYPE: sfText, SESSION_TYPE: sfText, USER_INITIATED_LOGOUT: sfText }),
  (row, eventType) => ({
    action: 'logout',
    vendorAction: eventType,
    ua: cleanUserAgent(row.BROWSER_TYPE),
    details: { sessionType: row.SESSION_TYPE, userInitiated: row.USER_INITIATED_LOGOUT === undefined ? undefined : row.USER_INITIATED_LOGOUT === '1' },
  }),
);
