import type { Suite } from "../lib/suite";
import { addinSuite } from "./addin";
import { directorySuite } from "./directory";
import { signaturesSuite } from "./signatures";

/** Every suite `npm run bench` knows, in the order a bare `npm run bench` runs them. */
export const suites: Suite[] = [directorySuite, signaturesSuite, addinSuite];
