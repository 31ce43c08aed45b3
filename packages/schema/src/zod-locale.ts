import { z } from 'zod';

/** French messages for every zod check that has no message of its own. Import once per app. */
z.config(z.locales.fr());
