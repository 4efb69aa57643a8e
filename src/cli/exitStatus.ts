/** Exit status of a usage error (bad flag, bad value, missing file), by convention 2. */
export const EXIT_USAGE = 2;

/**
 * Exit status when the result was shown but what was asked to be written (a `--dump-output`
 * dump, `--export-tests` tests) could not be: 1, as when kamera could not run, since a job
 * relying on that file must not go on as if it were there.
 */
export const EXIT_NOT_SAVED = 1;
