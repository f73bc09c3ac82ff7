/** A file to write under the output directory: a relative POSIX path and its full text. */
export interface OutputFile {
  path: string;
  content: string;
}

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
