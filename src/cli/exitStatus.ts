/** Exit status of a usage error (bad flag, bad value, missing file), by convention 2. */
export const EXIT_USAGE = 2;
