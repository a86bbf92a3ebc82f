import { z } from 'zod';

// Workers refuse code generated from strings, and zod's object fast path compiles parsers with
// `new Function` when each schema is built: so the Workers entry imports this module first.
z.config({ jitless: true });
