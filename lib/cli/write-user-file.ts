import { writeFile } from 'node:fs/promises';
import { InputError } from '../replay/discover-inputs.ts';

/** Writes a file the user named in an option; a path that cannot be written is their input error (exit 2). */
export async function writeUserFile(option: string, path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new InputError(`--${option} ${path}: cannot write (${(err as Error).message})`, { cause: err });
  }
}
