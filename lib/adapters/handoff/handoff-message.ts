import { z } from 'zod';
import { SourceSchema } from '../../core/event.ts';

/** The SQS message telling the detector a batch is ready (DESIGN.md §1). */
export const HandoffMessageSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  seq: z.number().int().nonnegative(),
  source: SourceSchema,
});
export type HandoffMessage = z.infer<typeof HandoffMessageSchema>;
