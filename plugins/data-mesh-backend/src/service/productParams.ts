import { z } from 'zod';

const nameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: 'must be letters, digits, ., _ or -',
  });

/** The `:namespace/:name` path parameters of every per-product route. */
export const productParams = z.object({
  namespace: nameSchema,
  name: nameSchema,
});
