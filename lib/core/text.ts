/** Vendor strings in titles and facts: at most this many characters each. */
export const LABEL_MAX_CHARS = 256;

export const clip = (s: string, max = LABEL_MAX_CHARS): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * A readable list of vendor values for a title: at most `max` values (each clipped), then "+N more", joined by `sep`.
 * `none` when the list is empty. Titles and facts repeat caller-chosen strings; this keeps an alert small.
 */
export function listLabel(values: readonly string[], max = 10, none = '', sep = '/'): string {
  if (values.length === 0) return none;
  const shown = values.slice(0, max).map((v) => clip(v, 64));
  return values.length > max ? `${shown.join(sep)} +${values.length - max} more` : shown.join(sep);
}

/** At most `max` values (each clipped) for facts; the count of the rest is reported by the caller. */
export const capList = (values: readonly string[], max = 10): string[] => values.slice(0, max).map((v) => clip(v));
