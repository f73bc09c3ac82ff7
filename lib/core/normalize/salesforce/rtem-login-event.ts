import { rtemFamily, RtemBaseSchema } from './rtem-common.ts';
import { cleanUserAgent, sfText } from './field-schemas.ts';

/** RTEM `LoginEvent`: `Status` is `Success` or `Failed: <reason>`; `Application` is the client app. */
export const rtemLoginEvent = rtemFamily(
  RtemBaseSchema.extend({
    Status: sfText, LoginType: sfText, Application: sfText, Browser: sfText, Platform: sfText,
    CountryIso: sfText, LoginUrl: sfText, ApiType: sfText,
  }),
  (row, object) => {
    const failed = row.Status !== undefined && /^fail/i.test(row.Status);
    return {
      action: failed ? 'login_failed' : 'login',
      vendorAction: object,
      outcome: failed ? 'failure' : row.Status === undefined ? 'unknown' : /^success/i.test(row.Status) ? 'success' : 'unknown',
      ua: cleanUserAgent(row.UserAgent),
      details: {
        loginStatus: failed ? row.Status : undefined,
        loginType: row.LoginType,
        client: row.Application,
        browser: row.Browser,
        platform: row.Platform,
        country: row.CountryIso,
        loginUrl: row.LoginUrl,
      },
    };
  },
);

export const rtemLogoutEvent = rtemFamily(RtemBaseSchema, (row, object) => ({
  action: 'logout',
  vendorAction: object,
  ua: cleanUserAgent(row.UserAgent),
}));
