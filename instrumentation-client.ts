import { z } from "zod";

// Runs in the browser before the app's own modules. Zod probes for eval (new Function) the first
// time it builds an object schema, to compile fast parsers; under the page CSP (no 'unsafe-eval')
// that caught probe is still a reported violation. In the browser, parse without it.
z.config({ jitless: true });
